"""Fields and schemas shared by every domain: positions, times, the error shape."""
import marshmallow as ma
from marshmallow import validate

from volunteer.clock import LOCAL
from volunteer.geo import CRS
from volunteer.messages import field_code

# Ids are INTEGER columns on PostgreSQL: a larger number names nothing, and must not reach the database.
MAX_ID = 2**31 - 1
# Far past any list a person pages through, and small enough that the offset fits a 32-bit integer.
MAX_PAGE = 100_000


class Id(ma.fields.Integer):
    """A row's id: a whole number from 1 to MAX_ID."""

    def __init__(self, **kwargs):
        super().__init__(strict=False, **kwargs)
        self.validators.insert(0, validate.Range(1, MAX_ID, error=field_code("id_out_of_range", max=MAX_ID)))


class PositionSchema(ma.Schema):
    """A position as the phone reports it; stored as WGS-84."""

    lat = ma.fields.Float(required=True, allow_nan=False, validate=validate.Range(
        -90, 90, error="Latitude must be between -90 and 90."))
    lng = ma.fields.Float(required=True, allow_nan=False, validate=validate.Range(
        -180, 180, error="Longitude must be between -180 and 180."))
    crs = ma.fields.String(load_default="wgs84", validate=validate.OneOf(CRS))


class LocalDateTime(ma.fields.AwareDateTime):
    """ISO 8601; a time given without a zone is read as Asia/Shanghai."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=LOCAL, **kwargs)


class ErrorBodySchema(ma.Schema):
    code = ma.fields.String(metadata={"description": "Stable machine code, e.g. slot_full"})
    message = ma.fields.String(metadata={"description": "zh-CN by default; en on Accept-Language: en"})
    fields = ma.fields.Dict(metadata={"description": "Per-field problems"})


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBodySchema)


class PageArgsSchema(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=validate.Range(
        min=1, max=MAX_PAGE, error=field_code("page_out_of_range", max=MAX_PAGE)))
    per_page = ma.fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
