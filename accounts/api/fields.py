"""Account fields beyond `config.api.serializers`' strict set: an e-mail address, a reference by id, a user's groups.

Each follows the contract's input rule like every strict field: a value of the wrong JSON type is a 422
(`WRONG_TYPE`), a missing or null required value a 400.
"""

import uuid

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
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


class GroupReferencesField(serializers.ListField):
    """A user's groups: sent as references (objects with an id, or ids), answered as `[{id, name}]`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Groups: objects with an id, or ids (answered as objects with an id and name)")
        super().__init__(child=ReferenceIdField(), allow_empty=True, **kwargs)

    def to_representation(self, groups):
        return [{"id": str(group.pk), "name": group.name} for group in groups.all()]


class GroupReferencesFieldSchema(OpenApiSerializerFieldExtension):
    """Requests accept references by id; answers give each group's id and name."""

    target_class = GroupReferencesField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            item = {"type": "object", "required": ["id", "name"],
                    "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}}}
        else:
            item = auto_schema._map_serializer_field(ReferenceIdField(), direction)
        return {"type": "array", "items": item}
