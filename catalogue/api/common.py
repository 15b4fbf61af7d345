"""Helpers every catalogue endpoint uses: id parsing, `{domainType}` segments, JSON pieces shared by shapes."""

import uuid

from rest_framework import serializers

from catalogue import models as m
from config.api.errors import BadRequest
from config.api.viewsets import parse_uuid  # noqa: F401  (the one parser of URL ids, re-exported)

#: `{domainType}` URL segments (plural camelCase, as Mauro's clients send them) → catalogue item class.
DOMAIN_SEGMENTS = {
    "folders": m.Folder,
    "classifiers": m.Classifier,
    "dataModels": m.CatalogueModel,
    "terminologies": m.CatalogueModel,
    "codeSets": m.CatalogueModel,
    "referenceDataModels": m.CatalogueModel,
    "dataClasses": m.DataClass,
    "dataElements": m.DataElement,
    "dataTypes": m.DataType,
    "primitiveTypes": m.DataType,
    "enumerationTypes": m.DataType,
    "referenceTypes": m.DataType,
    "modelDataTypes": m.DataType,
    "enumerationValues": m.EnumerationValue,
}
# Mauro also accepts the class's short name and its singular camelCase form.
for _segment, _cls in list(DOMAIN_SEGMENTS.items()):
    if _segment.endswith("ies"):
        singular = _segment[:-3] + "y"
    elif _segment.endswith("sses"):
        singular = _segment[:-2]
    else:
        singular = _segment[:-1]
    DOMAIN_SEGMENTS.setdefault(singular, _cls)
    DOMAIN_SEGMENTS.setdefault(singular[0].upper() + singular[1:], _cls)


def item_class_for(segment):
    """The class behind a `{domainType}` segment; unknown → 400 `MCI02` (contract §1)."""
    try:
        return DOMAIN_SEGMENTS[segment]
    except KeyError:
        raise BadRequest(f"Unrecognised domain class resource [{segment}]", error_code="MCI02")


def optional_uuid(value, *, field, domain_type):
    """A UUID from a request body, accepting `"<uuid>"` or `{"id": "<uuid>"}`; anything else → 422."""
    from config.api.errors import Unprocessable

    if isinstance(value, dict):
        value = value.get("id")
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        raise Unprocessable([{"message": f"Property [{field}] of class [{domain_type}] is not a valid id",
                              "field": field}])


class BreadcrumbSchema(serializers.Serializer):
    """OpenAPI description of one breadcrumb (the ancestors of a model item, from its model down)."""

    id = serializers.UUIDField()
    label = serializers.CharField()
    domainType = serializers.CharField()
    finalised = serializers.BooleanField(required=False)
