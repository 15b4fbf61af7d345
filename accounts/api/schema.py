"""OpenAPI pieces shared by the account views: the two ways to authenticate, the error body, list parameters."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers


class SessionCookieScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.CookieSessionAuthentication"
    name = "sessionCookie"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "JSESSIONID",
                "description": "The session cookie set by POST /api/authentication/login."}


class ApiKeyHeaderScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "apiKey",
                "description": "An API key (a UUID) created under /api/catalogueUsers/{id}/apiKeys."}


ErrorSerializer = inline_serializer("Error", {
    "status": serializers.IntegerField(),
    "reason": serializers.CharField(),
    "errorCode": serializers.CharField(),
    "message": serializers.CharField(),
    "path": serializers.CharField(),
    "version": serializers.CharField(),
    "additional": serializers.CharField(required=False),
    "resource": serializers.CharField(required=False),
    "id": serializers.CharField(required=False),
    "total": serializers.IntegerField(required=False),
    "errors": serializers.ListField(required=False, child=inline_serializer("ValidationErrorItem", {
        "message": serializers.CharField(),
        "field": serializers.CharField(required=False),
    })),
})

ERROR_DESCRIPTIONS = {
    400: "Malformed request: body not JSON, a required field missing, or a value of the wrong type",
    401: "Not logged in (or an unknown, expired or disabled API key)",
    403: "Logged in, but not allowed to do this",
    404: "No such resource, or the caller may not see it",
    405: "Not allowed while logged in",
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
