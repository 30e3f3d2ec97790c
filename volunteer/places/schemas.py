"""Places: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.places import CommunityKind
from volunteer.schemas import Id, PositionSchema


class CommunitySchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(1, 100))
    kind = ma.fields.Enum(CommunityKind, required=True)
    households = ma.fields.Integer(required=True, validate=validate.Range(min=1))
    residents = ma.fields.Integer(required=True, validate=validate.Range(min=1))
    street = ma.fields.String(required=True, validate=validate.Length(1, 100))
    district = ma.fields.String(required=True, validate=validate.Length(1, 100))
    city = ma.fields.String(required=True, validate=validate.Length(1, 100))


class GridSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    code = ma.fields.String(required=True, validate=validate.Length(1, 40))
    name = ma.fields.String(required=True, validate=validate.Length(1, 100))
    community_id = Id(required=True)
    households = ma.fields.Integer(required=True, validate=validate.Range(300, 500))
    centre = ma.fields.Nested(PositionSchema, required=True)
    manager_id = Id(allow_none=True, load_default=None)


class GridQuerySchema(ma.Schema):
    community_id = Id()


class NearGridArgsSchema(PositionSchema):
    """A position in the query: ?lat=&lng=&crs=."""


class NearGridSchema(ma.Schema):
    """A grid near a position, to place oneself in: its community named, its distance rounded."""

    id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    community_id = ma.fields.Integer()
    community_name = ma.fields.String()
    street = ma.fields.String()
    distance_m = ma.fields.Integer(metadata={"description": "From the position to the grid's centre, to 10 m"})
