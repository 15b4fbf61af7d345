"""Input fields that refuse a JSON value of the wrong type (a 400), instead of coercing it.

DRF would turn `123` into `"123"` or `"yes"` into `True`; a client that sends the wrong type has sent a
malformed request (contract §2), so these raise the `invalid_type` code the error handler maps to 400.
"""

import uuid

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.errors import MALFORMED_CODES

INVALID_TYPE = "invalid_type"
assert INVALID_TYPE in MALFORMED_CODES


def _field_name(field):
    """The name a client used: a list's items report the list's name."""
    while field is not None and not field.field_name:
        field = field.parent
    return field.field_name if field is not None else "value"


def _wrong_type(field, expected):
    name = _field_name(field)
    raise serializers.ValidationError(f"Property [{name}] must be {expected}", code=INVALID_TYPE)


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            _wrong_type(self, "a string")
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            _wrong_type(self, "a string")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            _wrong_type(self, "true or false")
        return data


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            _wrong_type(self, "an integer")
        return super().to_internal_value(data)


@extend_schema_field({"oneOf": [
    {"type": "string", "format": "uuid"},
    {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "format": "uuid"}}},
]})
class ReferenceIdField(serializers.Field):
    """A reference to another object: `{"id": "<uuid>", ...}` (what Mauro's clients send) or a bare UUID string.

    Anything else is malformed (400); a well-formed id that names nothing is for the service to refuse (422).
    """

    def to_internal_value(self, data):
        raw = data.get("id") if isinstance(data, dict) else data
        if not isinstance(raw, str):
            _wrong_type(self, "an object with an id, or an id")
        try:
            return uuid.UUID(raw)
        except ValueError:
            raise serializers.ValidationError(f"[{raw}] is not a valid id", code="invalid")

    def to_representation(self, value):
        return {"id": str(value)}
