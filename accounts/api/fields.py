"""Account input fields beyond `config.api.serializers`' strict set: an e-mail address and a reference by id.

Both follow the contract's input rule like every strict field: a value of the wrong JSON type is a 422
(`WRONG_TYPE`), a missing or null required value a 400.
"""

import uuid

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.errors import WRONG_TYPE
from config.api.serializers import MauroMessages, StrictCharField


class StrictEmailField(StrictCharField, serializers.EmailField):
    """A string that is an e-mail address; never coerced from another JSON type."""


@extend_schema_field({"oneOf": [
    {"type": "string", "format": "uuid"},
    {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "format": "uuid"}}},
]})
class ReferenceIdField(MauroMessages, serializers.Field):
    """A reference to another object: `{"id": "<uuid>", ...}` (what Mauro's clients send) or a bare UUID string.

    Any other JSON value is of the wrong type (422); a well-formed id that names nothing is for the service to
    refuse (422).
    """

    expected = "an object with an id, or an id"

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        if not field_name:  # a list's item: the message names the list
            self.error_messages[WRONG_TYPE] = f"Property [{parent.field_name}] must be {self.expected}"

    def to_internal_value(self, data):
        raw = data.get("id") if isinstance(data, dict) else data
        if not isinstance(raw, str):
            self.wrong_type()
        try:
            return uuid.UUID(raw)
        except ValueError:
            raise serializers.ValidationError(f"[{raw}] is not a valid id", code="invalid")

    def to_representation(self, value):
        return {"id": str(value)}
