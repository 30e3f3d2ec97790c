"""Fields and schemas shared by every domain: positions, times, the error shape."""
from datetime import date, datetime

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
        -90, 90, error=field_code("latitude_range")))
    lng = ma.fields.Float(required=True, allow_nan=False, validate=validate.Range(
        -180, 180, error=field_code("longitude_range")))
    crs = ma.fields.String(load_default="wgs84", validate=validate.OneOf(CRS))


# The days the service can speak of: far past any record, and far enough from the calendar's ends
# that moving a day or a zone never runs out of calendar.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def _within_the_calendar(value) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ma.ValidationError(field_code("day_out_of_range", first=FIRST_DAY, last=LAST_DAY))


class Day(ma.fields.Date):
    """An ISO 8601 date from FIRST_DAY to LAST_DAY."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.insert(0, _within_the_calendar)


class LocalDateTime(ma.fields.AwareDateTime):
    """ISO 8601; a time given without a zone is read as Asia/Shanghai."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=LOCAL, **kwargs)
        self.validators.insert(0, _within_the_calendar)


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
