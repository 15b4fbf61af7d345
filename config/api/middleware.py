"""HTTP plumbing shared by every endpoint: request ids, JSON errors, body limits, origin checks, maintenance."""

import os
import re
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings

from config.api.errors import (
    BadRequest,
    Forbidden,
    PayloadTooLarge,
    ServiceUnavailable,
    error_response,
    server_error_response,
    translate,
)
from config.api.logging import current_request_id

SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def is_api_path(path):
    return path.startswith("/api/") or path == "/api"


class RequestIdMiddleware:
    """Echo a sane `X-Request-ID` from the client or make one; every response carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class ApiErrorMiddleware:
    """Render exceptions escaping API views as the contract's JSON (500 with a reference, 503 when the DB is down)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_api_path(request.path):
            return None
        error = translate(exception, request)
        if error is not None:
            return error_response(request, error)
        return server_error_response(request)


class BodySizeLimitMiddleware:
    """413 before reading a body larger than MAX_REQUEST_BODY_BYTES; 400 for a nonsense Content-Length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            return error_response(request, BadRequest("Content-Length is not a number", error_code="REQ07"))
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return error_response(request, PayloadTooLarge(
                f"Request body of {length} bytes is larger than the limit of {settings.MAX_REQUEST_BODY_BYTES} bytes"))
        return self.get_response(request)


class ApiCsrfMiddleware:
    """Cross-site writes on a cookie session are refused by an Origin/Referer check (contract §4).

    Mauro's clients send no CSRF token, so API views are exempt from Django's token check; a browser
    always sends `Origin` on a cross-site write, and SameSite=Lax cookies cover the rest.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.method in UNSAFE_METHODS and is_api_path(request.path)
                and settings.SESSION_COOKIE_NAME in request.COOKIES and "HTTP_APIKEY" not in request.META):
            source = request.headers.get("Origin") or request.headers.get("Referer")
            if source and not self.allowed(request, source):
                return error_response(request, Forbidden("Cross-origin request refused", error_code="CSRF01"))
        return self.get_response(request)

    @staticmethod
    def allowed(request, source):
        parts = urlsplit(source)
        if not parts.scheme or not parts.netloc:
            return False
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.netloc == request.get_host():
            return True
        return origin in settings.ALLOWED_ORIGINS


class MaintenanceModeMiddleware:
    """503 with Retry-After while maintenance is on; administrators and the login routes still work."""

    OPEN_PATHS = ("/api/authentication/", "/api/session/", "/api/health/", "/admin/", "/static/")
    _memo = {"value": False, "expires": 0.0}
    TTL_SECONDS = 2.0

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.maintenance_on() and not request.path.startswith(self.OPEN_PATHS):
            user = getattr(request, "user", None)
            if not (user is not None and user.is_authenticated and getattr(user, "is_administrator", False)):
                return error_response(request, ServiceUnavailable(
                    "The catalogue is down for maintenance; please try again later", error_code="SVC03"))
        return self.get_response(request)

    @classmethod
    def maintenance_on(cls):
        if os.path.exists(settings.MAINTENANCE_FILE):
            return True
        now = time.monotonic()
        if now >= cls._memo["expires"]:
            from accounts.models import ApiProperty

            cls._memo["value"] = ApiProperty.maintenance_mode_on()
            cls._memo["expires"] = now + cls.TTL_SECONDS
        return cls._memo["value"]

    @classmethod
    def forget(cls):
        cls._memo["expires"] = 0.0


