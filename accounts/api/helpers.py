"""What the account endpoints share: their base viewset, boolean query parameters, lookups by path id."""

from types import SimpleNamespace

from accounts.api.schema import AccountAutoSchema
from accounts.permissions import AccountPermission
from config.api.errors import BadRequest, NotFound
from config.api.ids import parse_uuid
from config.api.viewsets import ApiViewSet


class AccountViewSet(ApiViewSet):
    """Account endpoints: rights by `AccountPermission` (its rules named per action in `needed_rights`)."""

    permission_classes = [AccountPermission]
    schema = AccountAutoSchema()
    #: action → the serializer of its request body, when the body is not the resource answered (a password
    #: change answers the user); absent: the viewset's serializer.
    body_serializers = {}

    def valid_data(self, instance=None):
        serializer_class = self.body_serializers.get(self.action, self.get_serializer_class())
        serializer = serializer_class(instance, data=self.request.data, partial=instance is not None,
                                      context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer


def query_bool(request, name):
    """`true`/`false` (any case) → bool; absent → None; anything else is a malformed request (400)."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    lowered = raw.lower()
    if lowered not in ("true", "false"):
        raise BadRequest(f"Query parameter '{name}' must be 'true' or 'false'", error_code="REQ06")
    return lowered == "true"


def merged_query(request, extra):
    """The request's query parameters with values from a body added where the query has none."""
    params = request.query_params.copy()
    for key, value in extra.items():
        if value is not None and key not in params:
            params[key] = str(value)
    return SimpleNamespace(query_params=params)


def fetch(model, raw_id, resource, **filters):
    """One row by a path id, or the resource's 404 (a malformed id is a 404 too)."""
    pk = parse_uuid(raw_id, resource)
    obj = model.objects.filter(pk=pk, **filters).first()
    if obj is None:
        raise NotFound(resource, pk)
    return obj
