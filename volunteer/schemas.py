"""Fields and schemas shared by every domain: positions, times, the error shape."""
import enum
from datetime import date, datetime

import marshmallow as ma
from marshmallow import validate

from volunteer.clock import LOCAL
from volunteer.geo import CRS
from volunteer.messages import MESSAGES, field_code

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


class Hours(ma.fields.Decimal):
    """Hours to the hundredth, sent as a JSON number (2.5, not "2.50"); read as an exact decimal."""

    def __init__(self, **kwargs):
        kwargs.setdefault("places", 2)
        super().__init__(allow_nan=False, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        number = super()._serialize(value, attr, obj, **kwargs)
        return None if number is None else float(number)


class Choice(ma.fields.Enum):
    """One of a declared set of values, sent and read as the value itself.

    `values` is a str Enum or a list of strings. Sending a value outside the set fails
    the answer, so a value the schema does not list can never reach a caller.
    """

    def __init__(self, values, **kwargs):
        if not (isinstance(values, type) and issubclass(values, enum.Enum)):
            values = enum.Enum("Choice", [(v, v) for v in values], type=str)
        super().__init__(values, by_value=True, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else super()._serialize(self.enum(value), attr, obj, **kwargs)


class ErrorBodySchema(ma.Schema):
    code = Choice(sorted(c for c in MESSAGES if not c.startswith("anomaly_")), metadata={"description": "Stable machine code, e.g. slot_full"})
    message = ma.fields.String(metadata={"description": "zh-CN by default; en on Accept-Language: en"})
    fields = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Raw(), metadata={"description": (
        "Field name → list of sentences in the caller's language; a nested field or a list item "
        "nests the same way (items by index)"), "example": {"title": ["请填写此项。"]}})


class ErrorSchema(ma.Schema):
    """The one shape of every 4xx: {"error": {"code", "message", "fields"}}."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


class PageArgsSchema(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=validate.Range(
        min=1, max=MAX_PAGE, error=field_code("page_out_of_range", max=MAX_PAGE)))
    per_page = ma.fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


_PAGES: dict[type, type] = {}


def Page(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The schema of one page of `item_schema`s (see volunteer/paging.py); one class per item
    schema, named after it, so OpenAPI shows one component for each."""
    if item_schema not in _PAGES:
        name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
        _PAGES[item_schema] = type(name, (ma.Schema,), {
            "__doc__": f"One page of {item_schema.__name__.removesuffix('Schema')} items.",
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "total": ma.fields.Integer(required=True, metadata={"description": "All items the filters match"}),
            "page": ma.fields.Integer(required=True),
            "per_page": ma.fields.Integer(required=True),
        })
    return _PAGES[item_schema]


class ReasonArgsSchema(ma.Schema):
    """Why: a withdrawal, a cancellation, a refusal; kept with the change and told on."""

    reason = ma.fields.String(required=True, validate=[
        validate.Length(min=1, error=field_code("required")), validate.Length(max=200)])
