"""OpenAPI generation: how the two ways of authenticating look in the schema, and stable operation ids.

`DEFAULT_SCHEMA_CLASS` points here, so importing the schema class also registers the extensions.
"""

import re

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorMessageSerializer(serializers.Serializer):
    message = serializers.CharField()
    field = serializers.CharField(required=False)


class ErrorSerializer(serializers.Serializer):
    """Every error body (contract §3); the optional keys appear for the statuses named beside them."""

    status = serializers.IntegerField()
    reason = serializers.CharField()
    errorCode = serializers.CharField()
    message = serializers.CharField()
    path = serializers.CharField()
    version = serializers.CharField()
    additional = serializers.CharField(required=False, help_text="401 and 403: the message again.")
    resource = serializers.CharField(required=False, help_text="404 for a resource: its kind.")
    id = serializers.CharField(required=False, help_text="404 for a resource: the id asked for.")
    total = serializers.IntegerField(required=False, help_text="422 (and 400 for fields): number of errors.")
    errors = ErrorMessageSerializer(many=True, required=False, help_text="422 (and 400 for fields).")
    reference = serializers.CharField(required=False, help_text="500: the request id, also in the server log.")

    class Meta:
        ref_name = "Error"


ERROR_RESPONSE = OpenApiResponse(ErrorSerializer, description="An error, in the one shape every error has.")


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        """Each operation's documented answers, plus the error shape as its `default` response."""
        responses = super()._get_response_bodies(direction)
        if direction == "response" and "default" not in responses:
            responses["default"] = self._get_response_for_code(ERROR_RESPONSE, "default", direction=direction)
        return responses

    def get_operation_id(self):
        """`<path tokens>_<action>`, where a path variable `{id}` becomes the token `by_id`.

        drf-spectacular's default drops path variables, so `/dataModels` and `/dataModels/{id}`
        would both be `dataModels_retrieve`; keeping them makes every id unique by construction.
        """
        path = re.sub(self.path_prefix, "", self.path, flags=re.IGNORECASE)
        tokens = [f"by_{part[1:-1]}" if part.startswith("{") else part for part in path.strip("/").split("/") if part]
        tokens = [token.replace("-", "_") for token in tokens] or ["root"]
        action = "list" if self.method == "GET" and self._is_list_view() else self.method_mapping[self.method.lower()]
        return "_".join([*tokens, action])


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "apiKey",
                "description": "An API key (a UUID) issued to a user; unknown, expired or disabled keys get 401."}


class SessionCookieScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.CookieSessionAuthentication"
    name = "sessionCookie"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME,
                "description": "The session cookie set by POST /api/authentication/login."}
