"""OpenAPI generation: how the two ways of authenticating look in the schema, and stable operation ids.

`DEFAULT_SCHEMA_CLASS` points here, so importing the schema class also registers the extensions.
"""

import re

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class AutoSchema(openapi.AutoSchema):
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
