"""What the catalogue endpoints not yet on the base viewsets (config.api.viewsets) still share: the login check
for writes, list and create answers, folder and classifier lookups, and the hand-written body reader.

Nothing on the base viewsets uses this module; it goes once the last `CatalogueView` is converted.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import get_readable, readable_classifiers, readable_folders, require_login
from catalogue import models as m
from catalogue.selectors.containers import with_child_folder_flag
from config.api.errors import BadRequest, Unprocessable
from config.api.ids import parse_uuid
from config.api.pagination import apply_sort, paginate
from config.api.serializers import require_object

MISSING = object()

LIST_PARAMETERS = [
    OpenApiParameter("max", OpenApiTypes.INT, description="Page size (default 10, capped at 100)"),
    OpenApiParameter("offset", OpenApiTypes.INT, description="Rows to skip"),
    OpenApiParameter("all", OpenApiTypes.BOOL, description="Return every row"),
    OpenApiParameter("sort", OpenApiTypes.STR, description="Field to sort by, e.g. label"),
    OpenApiParameter("order", OpenApiTypes.STR, enum=["asc", "desc"]),
]
LIST_RESPONSE = inline_serializer("CatalogueList", {"count": serializers.IntegerField(),
                                                    "items": serializers.ListField(child=serializers.DictField())})


class CatalogueView(APIView):
    """Writes need a login: an anonymous write is a 401 before any lookup (contract §2 precedence), but
    only on methods the URL supports (others stay a 404 with Allow)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        method = request.method.lower()
        if method not in ("get", "head", "options") and hasattr(self, method):
            require_login(request.user)


def list_response(request, queryset, to_json, *, sort_fields=None, default_order=None):
    """`{count, items}` for a queryset: sorted (client choice or default, then pk) and paged."""
    if sort_fields is not None:
        queryset = apply_sort(request, queryset, sort_fields, default_order)
    count, page = paginate(request, queryset)
    return Response({"count": count, "items": to_json(page)})


def created_response(request, data, location):
    return Response(data, status=201, headers={"Location": request.build_absolute_uri(location)})


def fetch_folder(user, folder_id, *, annotate=False):
    """A folder the caller may read, else the Folder 404 (bad UUIDs included)."""
    queryset = with_child_folder_flag(m.Folder.objects.all()) if annotate else m.Folder.objects.all()
    return get_readable(readable_folders, user, queryset.select_related("parent_folder"),
                        parse_uuid(folder_id, "Folder"), "Folder")


def fetch_classifier(user, classifier_id):
    """A classifier the caller may read, else the Classifier 404 (bad UUIDs included)."""
    return get_readable(readable_classifiers, user, m.Classifier.objects.select_related("parent_classifier"),
                        parse_uuid(classifier_id, "Classifier"), "Classifier")


class Body:
    """Reads fields of a JSON object body with the contract's statuses.

    A missing required field is a 400; a value of the wrong type or breaking a rule is a 422
    (`Property [x] of class [Y] ...`, the message Mauro's clients show).
    """

    def __init__(self, data, *, domain_type):
        self.data = require_object(data if data is not None else {})
        self.domain_type = domain_type

    def __contains__(self, field):
        return field in self.data

    def keys(self):
        return set(self.data.keys())

    def _invalid(self, field, problem):
        return Unprocessable([{"message": f"Property [{field}] of class [{self.domain_type}] {problem}",
                               "field": field}])

    def _string(self, field, value):
        if not isinstance(value, str):
            raise self._invalid(field, "must be a string")
        if "\x00" in value:
            raise self._invalid(field, "cannot contain a NUL character")
        return value

    def required_text(self, field):
        """A string that must be present and not null (blank is left to the label rules: 422)."""
        value = self.data.get(field)
        if value is None:
            message = f"Property [{field}] of class [{self.domain_type}] cannot be null"
            raise BadRequest(message, error_code="REQ02",
                             extra={"total": 1, "errors": [{"message": message, "field": field}]})
        return self._string(field, value)

    def raw_text(self, field):
        """As given: MISSING when absent, None when null, the string otherwise (rules are checked later)."""
        if field not in self.data:
            return MISSING
        value = self.data[field]
        return value if value is None else self._string(field, value)

    def text(self, field):
        """An optional string: MISSING when absent, None when null or blank, else the string."""
        if field not in self.data:
            return MISSING
        value = self.data[field]
        if value is None:
            return None
        return value if self._string(field, value).strip() else None

    def boolean(self, field):
        """An optional boolean: MISSING when absent; `true`/`false` (or their string forms from forms)."""
        if field not in self.data:
            return MISSING
        value = self.data[field]
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise self._invalid(field, "must be true or false")

    def string_list(self, field):
        """An optional list of strings (aliases): MISSING when absent, [] when null."""
        if field not in self.data:
            return MISSING
        value = self.data[field]
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._invalid(field, "must be a list of strings")
        return [self._string(field, v) for v in value]

    def given(self, *fields):
        """The fields present in the body, as {field: value} via the matching reader."""
        return {f: self.data[f] for f in fields if f in self.data}
