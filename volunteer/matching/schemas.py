"""Matching: shape and format only."""
import marshmallow as ma
from marshmallow import validate


class CandidateArgsSchema(ma.Schema):
    limit = ma.fields.Integer(load_default=20, validate=validate.Range(1, 100))


class CandidateSchema(ma.Schema):
    user_id = ma.fields.Integer()
    name = ma.fields.String()
    distance_m = ma.fields.Integer(metadata={"description": "Great-circle metres from home to the need"})
    home_grid_id = ma.fields.Integer(allow_none=True)
    star_level = ma.fields.Integer()
    skills = ma.fields.List(ma.fields.String())
    is_social_worker = ma.fields.Boolean()
