"""OpenAPI pieces shared by the account views: error answers, list parameters, whole-body `PUT`s."""

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from config.api.schema import AutoSchema, ErrorSerializer

ERROR_DESCRIPTIONS = {
    400: "Malformed request: body not JSON, a required field missing, or a value of the wrong type",
    401: "Not logged in (or an unknown, expired or disabled API key)",
    403: "Logged in, but not allowed to do this",
    404: "No such resource, or the caller may not see it",
    405: "Not allowed while logged in",
    409: "A user is already logged in on this session",
    422: "The values break a rule",
    429: "Too many requests; try again later",
}


def errors(*codes):
    """Document the error answers an operation can give, all with the common error body."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in codes}


PAGE_PARAMETERS = [
    OpenApiParameter("max", OpenApiTypes.INT, description="Page size (default 10, at most 100)"),
    OpenApiParameter("offset", OpenApiTypes.INT, description="Items to skip"),
    OpenApiParameter("all", OpenApiTypes.BOOL, description="Return every item, no paging"),
    OpenApiParameter("sort", OpenApiTypes.STR, description="Field to sort by"),
    OpenApiParameter("order", OpenApiTypes.STR, enum=["asc", "desc"]),
]


def paged(name, item_serializer):
    """`{count, items}` around an item serializer."""
    return inline_serializer(name, {"count": serializers.IntegerField(), "items": item_serializer(many=True)})


class AccountAutoSchema(AutoSchema):
    """A `PUT` whose body is not the resource's partial update (a password change, a reset with a token) keeps
    its required fields in the schema: those actions name their body in `body_serializers`."""

    def _get_request_for_media_type(self, serializer, direction="request"):
        if getattr(self.view, "action", None) in getattr(self.view, "body_serializers", {}):
            return openapi.AutoSchema._get_request_for_media_type(self, serializer, direction)
        return super()._get_request_for_media_type(serializer, direction)
