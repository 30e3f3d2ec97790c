"""marshmallow's own field problems as codes of FIELD_MESSAGES, so they reach people in their language.

marshmallow writes its messages in English on the field and validator classes. Replaced here,
before any schema is declared (volunteer/__init__.py imports this first), each becomes a code
with its parameters ("length_between|min=1|max=200") that `field_message` renders in zh-CN or en.
And every text field refuses U+0000, which PostgreSQL cannot store.
"""
import marshmallow as ma
from marshmallow import fields, validate

from volunteer.messages import field_code

# (class, message key) -> field problem code, with the parameters marshmallow fills in.
_FIELDS = {
    (fields.Field, "required"): "required",
    (fields.Field, "null"): "not_null",
    (fields.Field, "validator_failed"): "invalid_value",
    (fields.String, "invalid"): "not_a_string",
    (fields.String, "invalid_utf8"): "not_a_string",
    (fields.Number, "invalid"): "not_a_number",
    (fields.Number, "too_large"): "number_too_large",
    (fields.Integer, "invalid"): "not_an_integer",
    (fields.Float, "special"): "not_a_finite_number",
    (fields.Decimal, "special"): "not_a_finite_number",
    (fields.Boolean, "invalid"): "not_a_boolean",
    (fields.List, "invalid"): "not_a_list",
    (fields.Tuple, "invalid"): "not_a_list",
    (fields.Mapping, "invalid"): "not_an_object",
    (fields.Nested, "type"): "not_an_object",
    (fields.Email, "invalid"): "not_an_email",
    (fields.Url, "invalid"): "not_a_url",
    (fields.UUID, "invalid_uuid"): "not_a_uuid",
    (fields.Enum, "unknown"): "one_of|choices={choices}",
    (fields.TimeDelta, "invalid"): "invalid_value",
    # DateTime, AwareDateTime, NaiveDateTime, Date, Time: obj_type is datetime, date or time.
    (fields.DateTime, "invalid"): "not_a_{obj_type}",
    (fields.DateTime, "invalid_awareness"): "needs_{awareness}_{obj_type}",
    (fields.DateTime, "format"): "invalid_value",
    (fields.Date, "invalid"): "not_a_date",
    (fields.Date, "format"): "invalid_value",
    (fields.Time, "invalid"): "not_a_time",
}

_VALIDATORS = {
    (validate.Length, "message_min"): "length_min|min={min}",
    (validate.Length, "message_max"): "length_max|max={max}",
    (validate.Length, "message_all"): "length_between|min={min}|max={max}",
    (validate.Length, "message_equal"): "length_equal|equal={equal}",
    # Range fills min_op/max_op first (gte, gt, lte, lt), then the bounds.
    (validate.Range, "message_gte"): "gte",
    (validate.Range, "message_gt"): "gt",
    (validate.Range, "message_lte"): "lte",
    (validate.Range, "message_lt"): "lt",
    (validate.Range, "message_min"): "range_{min_op}|min={{min}}",
    (validate.Range, "message_max"): "range_{max_op}|max={{max}}",
    (validate.Range, "message_all"): "range_{min_op}_{max_op}|min={{min}}|max={{max}}",
    (validate.OneOf, "default_message"): "one_of|choices={choices}",
    (validate.Regexp, "default_message"): "pattern",
    (validate.Email, "default_message"): "not_an_email",
    (validate.URL, "default_message"): "not_a_url",
    (validate.Equal, "default_message"): "invalid_value",
    (validate.NoneOf, "default_message"): "invalid_value",
    (validate.ContainsOnly, "default_message"): "one_of|choices={choices}",
    (validate.ContainsNoneOf, "default_message"): "invalid_value",
    (validate.Predicate, "default_message"): "invalid_value",
}

_SCHEMA = {"type": "not_an_object", "unknown": "unknown_field"}


def refuse_nul_in_text() -> None:
    """No text holds U+0000: PostgreSQL cannot store it, and no person types it."""
    read = fields.String._deserialize

    def _deserialize(self, value, attr, data, **kwargs):
        text = read(self, value, attr, data, **kwargs)
        if "\x00" in text:
            raise ma.ValidationError(field_code("no_control_characters"))
        return text

    fields.String._deserialize = _deserialize


def speak_in_codes() -> None:
    for (cls, key), code in _FIELDS.items():
        # A class's own dict: marshmallow merges them along the class's ancestry.
        own = dict(cls.__dict__.get("default_error_messages", {}))
        own[key] = code
        cls.default_error_messages = own
    for (cls, attribute), code in _VALIDATORS.items():
        setattr(cls, attribute, code)
    ma.Schema._default_error_messages = {**ma.Schema._default_error_messages, **_SCHEMA}


speak_in_codes()
refuse_nul_in_text()
