"""Serializer building blocks shared by both apps: Mauro's timestamp format and strict JSON objects."""

from datetime import UTC

from django.db import models
from rest_framework import serializers

from config.api.errors import BadRequest


def mauro_datetime(value):
    """ISO-8601 UTC with milliseconds and a Z, as Mauro writes them: 2026-11-25T14:32:38.632Z."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class MauroDateTimeField(serializers.DateTimeField):
    def to_representation(self, value):
        return mauro_datetime(value)


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping,
                                models.DateTimeField: MauroDateTimeField}


def require_object(data):
    """A JSON body must be an object; arrays, strings and numbers are a 400."""
    if not isinstance(data, dict):
        raise BadRequest("Request body must be a JSON object", error_code="REQ08")
    return data
