"""Small view helpers shared by the account endpoints: lists, lookups by path id, boolean query parameters,
Location headers."""

from types import SimpleNamespace

from rest_framework.response import Response

from config.api.errors import BadRequest, NotFound
from config.api.ids import parse_uuid
from config.api.pagination import apply_sort, paginate


def query_bool(request, name):
    """`true`/`false` (any case) → bool; absent → None; anything else is a malformed request (400)."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    lowered = raw.lower()
    if lowered not in ("true", "false"):
        raise BadRequest(f"Query parameter '{name}' must be 'true' or 'false'", error_code="REQ06")
    return lowered == "true"


def list_response(request, queryset, serialise, *, sort_fields, default_order, page_source=None):
    """`{count, items}` for a queryset: client sort (else `default_order`), `max`/`offset`, one serialiser per item.

    `page_source` lets a POST body supply the paging parameters (anything with `query_params`).
    """
    ordered = apply_sort(request, queryset, sort_fields, default_order)
    count, page = paginate(page_source or request, ordered)
    return Response({"count": count, "items": [serialise(item) for item in page]})


def merged_query(request, extra):
    """The request's query parameters with values from a body added where the query has none."""
    params = request.query_params.copy()
    for key, value in extra.items():
        if value is not None and key not in params:
            params[key] = str(value)
    return SimpleNamespace(query_params=params)


def created(request, data, path):
    response = Response(data, status=201)
    response["Location"] = request.build_absolute_uri(path)
    return response


def fetch(model, raw_id, resource, **filters):
    """One row by a path id, or the resource's 404 (a malformed id is a 404 too)."""
    pk = parse_uuid(raw_id, resource)
    obj = model.objects.filter(pk=pk, **filters).first()
    if obj is None:
        raise NotFound(resource, pk)
    return obj


def read_body(serializer_class, data):
    """A request body checked by a `ResourceSerializer` (the contract's input rule: 400, then 422)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
