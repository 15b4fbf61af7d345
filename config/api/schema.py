"""OpenAPI generation: how the two ways of authenticating look in the schema, and stable operation ids.

`DEFAULT_SCHEMA_CLASS` points here, so importing the schema class also registers the extensions.
"""

import copy
import re

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import force_instance, is_serializer
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from config.api.serializers import ResourceSerializer
from config.api.viewsets import ApiViewSet


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

    def _get_request_for_media_type(self, serializer, direction="request"):
        """A `PUT` on a base viewset is a partial update (contract §2): its body has no required field."""
        partial_put = self.method == "PUT" and isinstance(self.view, ApiViewSet)
        if partial_put and is_serializer(serializer):
            serializer = copy.copy(force_instance(serializer))
            serializer.partial = True
        return super()._get_request_for_media_type(serializer, direction)

    def _map_basic_serializer(self, serializer, direction):
        """A resource serializer's answer always has every output key except those it leaves out when empty
        (`Meta.omit_empty`): they are the required ones, whatever the input rules say."""
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and isinstance(force_instance(serializer), ResourceSerializer):
            omitted = set(getattr(serializer.Meta, "omit_empty", ()))
            required = [name for name in schema.get("properties", {}) if name not in omitted]
            schema.pop("required", None)
            if required:
                schema["required"] = required
        return schema

    def get_operation_id(self):
        """The viewset's declared `operation_ids[action]`, else `<path tokens>_<action>`, where a path variable
        `{id}` becomes the token `by_id`.

        drf-spectacular's default drops path variables, so `/dataModels` and `/dataModels/{id}`
        would both be `dataModels_retrieve`; keeping them makes every id unique by construction.
        """
        declared = getattr(self.view, "operation_ids", None) or {}
        if getattr(self.view, "action", None) in declared:
            return declared[self.view.action]
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
