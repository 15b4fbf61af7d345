"""HTTP plumbing shared by every endpoint: request ids, JSON errors, body limits, origin checks, maintenance.

The request-level layer: it sits above the accounts services (API keys, the maintenance property), unlike the
rest of `config.api`, which imports no app (the layer contracts in pyproject.toml say so).
"""

import os
import re
import sys
import tempfile
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.core.signals import got_request_exception
from django.views.debug import ExceptionReporter

from accounts.services.properties import maintenance_mode_changed
from config.api import body_limits
from config.api.errors import (
    ApiError,
    BadRequest,
    Forbidden,
    MethodNotPermitted,
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    error_response,
    render_exception,
    server_error_response,
)
from config.api.logging import current_request_id

#: What a client may send as its own request id: short, and safe to echo in a header and a log line.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
#: Headers of a replaced error response that still tell the client something.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def is_api_path(path):
    return path.startswith("/api/") or path == "/api"


class RequestIdMiddleware:
    """Echo a sane `X-Request-ID` from the client or make one; every response carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


def remember_exception(sender, request=None, **kwargs):
    """Keep the exception Django is about to render itself, so the JSON that replaces its page can use it."""
    if request is not None:
        request.api_exc_info = sys.exc_info()


got_request_exception.connect(remember_exception, dispatch_uid="config.api.remember_exception")


class SkippedDebugPage(ExceptionReporter):
    """With DEBUG on, Django builds a traceback page before this middleware replaces it with JSON.

    Under /api/ that page is thrown away, so it is not built: rendering every frame's locals can
    take a long time (and touch a database that is down).
    """

    def get_traceback_html(self):
        return ""

    def get_traceback_text(self):
        return ""


def is_json(response):
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


class ApiErrorMiddleware:
    """Every error under /api/ is the contract's JSON, whoever produced it.

    Exceptions escaping API views are rendered here (500 with a logged reference, 503 when the
    database is down). Errors Django renders itself (its HTML debug pages, a 405 from a plain view,
    a CSRF failure page, an exception in a later middleware) are replaced by the same JSON shape.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_path(request.path):
            request.exception_reporter_class = SkippedDebugPage
        response = self.get_response(request)
        if response.status_code >= 400 and is_api_path(request.path) and not is_json(response):
            return self.as_json(request, response)
        return response

    def process_exception(self, request, exception):
        if not is_api_path(request.path):
            return None
        return render_exception(request, exception)

    @staticmethod
    def as_json(request, response):
        status = response.status_code
        exc_info = getattr(request, "api_exc_info", None)
        if status >= 500 and exc_info and exc_info[1] is not None:
            replacement = render_exception(request, exc_info[1])
        elif status in REPLACEMENTS:
            replacement = error_response(request, REPLACEMENTS[status]())
        elif status >= 500:
            replacement = server_error_response(request, (None, None, None))
        else:
            replacement = error_response(request, ApiError.with_status(status))
        for name in KEPT_HEADERS:
            if name in response and name not in replacement:
                replacement[name] = response[name]
        return replacement


#: The contract's error for a status Django chose itself (405 becomes 404 with `Allow`, contract §2).
REPLACEMENTS = {
    400: BadRequest,
    401: NotAuthenticated,
    403: Forbidden,
    404: lambda: NotFound(message="Not Found"),
    405: MethodNotPermitted,
    413: PayloadTooLarge,
    503: ServiceUnavailable,
}


class BodySizeLimitMiddleware:
    """A body over its route's limit is refused from the headers, before any of it is read.

    Upload routes (`settings.LARGE_BODY_ROUTES`) take MAX_REQUEST_BODY_BYTES from a logged-in caller;
    every other route, and any route for an anonymous caller, takes MAX_SMALL_BODY_BYTES. An anonymous
    body over the small limit on an upload route is a 401, not a 413: every upload route needs a login,
    and the contract puts 401 before any check of the input. A nonsense Content-Length is a 400.

    A chunked body without Content-Length (gunicorn passes one through when no nginx is in front) is
    read here with the limit as a cap, into memory or a temporary file, and handed on with its length.
    Runs after the session and authentication middleware, which read headers only.
    """

    CHUNK_BYTES = 64 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = (request.META.get("CONTENT_LENGTH") or "").strip()
        if raw and not (raw.isascii() and raw.isdigit()):
            return error_response(request, BadRequest("Content-Length is not a number", error_code="REQ07"))
        length = int(raw) if raw else None
        chunked = length is None and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not chunked and (length or 0) <= body_limits.small_body_limit():
            return self.get_response(request)
        limit, refusal = self.limit_for(request)
        if length is not None and length > limit:
            return error_response(request, refusal(length, limit))
        if chunked and not self.read_chunked_body(request, limit):
            return error_response(request, refusal(None, limit))
        return self.get_response(request)

    @staticmethod
    def limit_for(request):
        """The caller's limit, and the error for a body over it."""
        if body_limits.is_large_body_route(request.path_info):
            if body_limits.caller_is_logged_in(request):
                return body_limits.upload_body_limit(), too_large
            return body_limits.small_body_limit(), login_required_for_upload
        return body_limits.small_body_limit(), too_large

    def read_chunked_body(self, request, limit):
        """Read the body up to `limit` bytes; False (and nothing kept) as soon as it is longer."""
        stream = request.META["wsgi.input"]
        spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
        size = 0
        # Never ask for more than one byte past the limit: a read blocks until it has all it asked for.
        while chunk := stream.read(min(self.CHUNK_BYTES, limit + 1 - size)):
            size += len(chunk)
            if size > limit:
                spool.close()
                return False
            spool.write(chunk)
        spool.seek(0)
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(spool, size)
        return True


def too_large(length, limit):
    size = f" of {length} bytes" if length is not None else ""
    return PayloadTooLarge(f"Request body{size} is larger than the limit of {limit} bytes")


def login_required_for_upload(length, limit):
    return NotAuthenticated(f"Authentication is required to send a request body larger than {limit} bytes",
                            error_code="AUTH02")


class ApiCsrfMiddleware:
    """Cross-site writes are refused by an Origin/Referer check (contract §4).

    Mauro's clients send no CSRF token, so API views are exempt from Django's token check; a browser
    always sends `Origin` on a cross-site write, and SameSite=Lax cookies cover the rest. The check applies
    with or without a session cookie: a foreign page must not log a visitor in to an account of its choosing
    (login CSRF), register an account in their name, or write on their session. Requests carrying an `apiKey`
    header are not a browser's cross-site form (a page cannot add that header without CORS, which is off).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in UNSAFE_METHODS and is_api_path(request.path) and "HTTP_APIKEY" not in request.META:
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
        # Open paths first: they must not depend on the database (liveness says the process is up).
        if (not request.path.startswith(self.OPEN_PATHS) and self.maintenance_on()
                and not self.administrator_request(request)):
            return error_response(request, ServiceUnavailable(
                "The catalogue is down for maintenance; please try again later", error_code="SVC03"))
        return self.get_response(request)

    @staticmethod
    def administrator_request(request):
        """An administrator on a session, or by API key (keys are otherwise only read by the API views)."""
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return bool(getattr(user, "is_administrator", False))
        raw = request.headers.get("apiKey")
        if not raw:
            return False
        from accounts.authentication import user_for_api_key

        user = user_for_api_key(raw)
        return bool(user is not None and user.is_administrator)

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
    def forget(cls, **signal_kwargs):
        cls._memo["expires"] = 0.0


maintenance_mode_changed.connect(MaintenanceModeMiddleware.forget, dispatch_uid="config.api.maintenance_forget")


