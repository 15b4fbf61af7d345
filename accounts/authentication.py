"""DRF authentication: the session cookie (no CSRF token; origins are checked by middleware) and API keys."""

import uuid

from rest_framework.authentication import BaseAuthentication

from accounts.models import ApiKey, hash_api_key
from config.api.errors import NotAuthenticated


def parse_api_key(raw):
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        return None


def usable_api_key(key):
    api_key = ApiKey.objects.select_related("user").filter(key_hash=hash_api_key(key)).first()
    return api_key if api_key is not None and api_key.usable else None


def user_for_api_key(raw):
    """The user a raw `apiKey` header authenticates, or None when the key is malformed, unknown or unusable."""
    key = parse_api_key(raw)
    api_key = usable_api_key(key) if key is not None else None
    return api_key.user if api_key is not None else None


class CookieSessionAuthentication(BaseAuthentication):
    """The user Django's session middleware found; Mauro's clients send no CSRF token."""

    def authenticate(self, request):
        user = getattr(request._request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        return user, None

    def authenticate_header(self, request):
        return "Session"


class ApiKeyAuthentication(BaseAuthentication):
    """Header `apiKey: <uuid>`. A key that is unknown, expired or disabled is a 401, not anonymity."""

    def authenticate(self, request):
        raw = request.headers.get("apiKey")
        if raw is None:
            return None
        key = parse_api_key(raw)
        if key is None:
            raise NotAuthenticated("API key is not valid", error_code="AUTH03")
        api_key = usable_api_key(key)
        if api_key is None:
            raise NotAuthenticated("API key is unknown, expired or disabled", error_code="AUTH03")
        request._request.user = api_key.user
        return api_key.user, api_key

    def authenticate_header(self, request):
        return "apiKey"
