"""Lists as `{"count", "items"}` with Mauro's `max`/`offset`/`all`/`sort`/`order` (contract §1)."""

from collections import OrderedDict

from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from config.api.errors import BadRequest

DEFAULT_MAX = 10
MAX_CAP = 100


#: Larger values are clamped: no list is that long, and the database never sees an out-of-range number.
CLAMP = 10**18


def _non_negative_int(request, name, default):
    """ASCII digits only: Python's int() would also take " 5", "+5", "1_0" and "٥"."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()):
        raise BadRequest(f"Query parameter '{name}' must be a non-negative integer", error_code="REQ06")
    digits = raw.lstrip("0") or "0"
    return int(digits) if len(digits) < 19 else CLAMP


def page_params(request):
    """Parse `max`, `offset` and `all`: returns (offset, limit or None for everything)."""
    offset = _non_negative_int(request, "offset", 0)
    limit = min(_non_negative_int(request, "max", DEFAULT_MAX), MAX_CAP)
    if request.query_params.get("all", "").lower() == "true":
        return 0, None
    return offset, limit


def sort_order(request, sort_fields, default_order):
    """The fields a list is ordered by: a client-chosen field (Mauro names → ORM fields) or the default, always
    ending with the primary key. An unknown sort field or order is a 400."""
    sort = request.query_params.get("sort")
    order = (request.query_params.get("order") or "asc").lower()
    if order not in ("asc", "desc"):
        raise BadRequest("Query parameter 'order' must be 'asc' or 'desc'", error_code="REQ06")
    if sort:
        if sort not in sort_fields:
            raise BadRequest(f"Cannot sort by '{sort}'; allowed: {', '.join(sorted(sort_fields))}", error_code="REQ06")
        prefix = "-" if order == "desc" else ""
        ordering = [prefix + sort_fields[sort]]
    else:
        ordering = list(default_order)
    if "pk" not in ordering and "-pk" not in ordering:
        ordering.append("pk")
    return tuple(ordering)


def apply_sort(request, queryset, sort_fields, default_order):
    """Order by a client-chosen field or the default (`sort_order`): every list has a deterministic order."""
    return queryset.order_by(*sort_order(request, sort_fields, default_order))


def deterministic(queryset):
    """The queryset in a total order: its own ordering (explicit or the model's), then the primary key."""
    query = queryset.query
    if query.combinator or query.distinct_fields:
        return queryset  # ordering can't be extended safely; such lists sort themselves explicitly
    if not queryset.ordered:
        return queryset.order_by("pk")
    ordering = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    pk_names = {"pk", queryset.model._meta.pk.name, queryset.model._meta.pk.attname}
    if any(isinstance(item, str) and item.lstrip("-") in pk_names for item in ordering):
        return queryset
    return queryset.order_by(*ordering, "pk")


def paginate(request, queryset):
    """Return (count, page) for a queryset or list; counts with one query, slices with one more.

    A queryset is put in a total order first, so pages never overlap or skip rows.
    """
    offset, limit = page_params(request)
    if isinstance(queryset, list):
        count = len(queryset)
        return count, queryset[offset:] if limit is None else queryset[offset:offset + limit]
    queryset = deterministic(queryset)
    return page_of(queryset.count, lambda start, size: list(
        queryset if size is None else queryset[start:start + size]), offset, limit)


def page_of(count, fetch, offset, limit):
    """(count, page) from `count()` and `fetch(offset, limit or None)`: the page is only fetched when it can hold
    something (everything, with no limit)."""
    total = count()
    if limit is None:
        return total, fetch(0, None)
    if limit == 0 or offset >= total:
        return total, []
    return total, fetch(offset, limit)


def prepared_page(prepared_list, ordering, offset, limit, values):
    """`page_of` a `config.prepared.PreparedList`: the same queries and slices as `paginate` of its queryset."""
    return page_of(lambda: prepared_list.count(**values),
                   lambda start, size: prepared_list.fetch(ordering, start, size, **values), offset, limit)


class MaxOffsetPagination(BasePagination):
    """DRF pagination class for generic views; same rules as `paginate`."""

    def paginate_queryset(self, queryset, request, view=None):
        self.count, page = paginate(request, queryset)
        return page

    def get_paginated_response(self, data):
        return Response(OrderedDict([("count", self.count), ("items", data)]))

    def get_paginated_response_schema(self, schema):
        return {"type": "object", "required": ["count", "items"],
                "properties": {"count": {"type": "integer"}, "items": schema}}

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "max", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}},
            {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}},
            {"name": "all", "in": "query", "required": False, "schema": {"type": "boolean"}},
            {"name": "sort", "in": "query", "required": False, "schema": {"type": "string"}},
            {"name": "order", "in": "query", "required": False, "schema": {"type": "string", "enum": ["asc", "desc"]}},
        ]
