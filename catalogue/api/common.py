"""JSON pieces shared by the catalogue's response shapes, and its query flags.

Id parsing lives in `config.api.ids` and `{domainType}` segments in `catalogue.selectors.domain_segments`:
the selectors need them too, and they sit below the API.
"""

from rest_framework import serializers

from config.api.errors import BadRequest


class BreadcrumbSchema(serializers.Serializer):
    """OpenAPI description of one breadcrumb (the ancestors of a model item, from its model down)."""

    id = serializers.UUIDField()
    label = serializers.CharField()
    domainType = serializers.CharField()
    finalised = serializers.BooleanField(required=False)


def is_true(value):
    """Query flags such as `?permanent=true`."""
    return str(value or "").strip().lower() == "true"


def query_flag(request, name):
    """A boolean query option: absent → false; `true`/`false` in any case; anything else → 400."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return False
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise BadRequest(f"Query parameter '{name}' must be 'true' or 'false'", error_code="REQ06")
    return value == "true"
