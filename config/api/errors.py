"""The error contract (http-contract.md §2 and §3): domain errors and the one handler that renders every error.

Services raise the `ApiError` subclasses below; views never build error bodies by hand. DRF and
Django exceptions are translated here too, so every error under `/api/` has the same JSON shape.
"""

import logging
import sys
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import BadRequest as DjangoBadRequest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from rest_framework import exceptions as drf

logger = logging.getLogger("config.api")


class ApiError(Exception):
    """An error with a status, a stable `errorCode` and a human message."""

    status = 500
    error_code = "UEX01"
    message = "An unexpected error occurred"

    def __init__(self, message=None, *, error_code=None, extra=None, headers=None):
        self.message = message or self.message
        self.error_code = error_code or self.error_code
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})
        super().__init__(self.message)

    @classmethod
    def with_status(cls, status):
        """A plain error for an HTTP status no subclass stands for (its phrase is the message)."""
        error = cls(_phrase(status), error_code=f"HTTP{status}")
        error.status = status
        return error


class BadRequest(ApiError):
    status, error_code, message = 400, "REQ01", "The request is malformed"


class NotAuthenticated(ApiError):
    status, error_code, message = 401, "AUTH02", "Authentication is required"


class Forbidden(ApiError):
    status, error_code, message = 403, "PERM01", "User does not have the necessary permissions"


class NotFound(ApiError):
    """A missing or unreadable resource: both look the same to everyone (contract §2)."""

    status, error_code, message = 404, "NF01", "Not Found"

    def __init__(self, resource=None, resource_id=None, message=None, **kwargs):
        extra = kwargs.pop("extra", {})
        if resource:
            extra.setdefault("resource", resource)
            extra.setdefault("id", str(resource_id) if resource_id is not None else "null")
            message = message or f"{resource} not found"
        super().__init__(message, extra=extra, **kwargs)


class MethodNotPermitted(ApiError):
    """A method the URL does not support: 404 with `Allow` (contract §2, seed table)."""

    status, error_code, message = 404, "NF02", "Method not permitted on this URL"


class StateNotAllowed(ApiError):
    """405 is kept only for Mauro's state rules (self-registration while logged in)."""

    status, error_code, message = 405, "MNA01", "Method not allowed in this state"


class Conflict(ApiError):
    status, error_code, message = 409, "CON01", "The request conflicts with the current state"


class PayloadTooLarge(ApiError):
    status, error_code, message = 413, "REQ05", "Request body is larger than the configured limit"


class Unprocessable(ApiError):
    """Values that break a rule; `errors` is a list of `{"message", "field"}` (contract §3)."""

    status, error_code, message = 422, "VAL01", "Validation failed"

    def __init__(self, errors, message=None, **kwargs):
        if isinstance(errors, str):
            errors = [{"message": errors}]
        self.errors = list(errors)
        if message is None:
            message = self.errors[0]["message"] if len(self.errors) == 1 else f"{len(self.errors)} validation errors"
        super().__init__(message, **kwargs)
        self.extra.update({"total": len(self.errors), "errors": self.errors})


class TooManyRequests(ApiError):
    status, error_code, message = 429, "THR01", "Too many requests"


class ServiceUnavailable(ApiError):
    status, error_code, message = 503, "SVC01", "The service is unavailable"

    def __init__(self, message=None, **kwargs):
        kwargs.setdefault("headers", {"Retry-After": str(settings.MAINTENANCE_RETRY_AFTER_SECONDS)})
        super().__init__(message, **kwargs)


def _phrase(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_body(request, status, message, error_code, extra=None):
    body = {
        "status": status,
        "reason": _phrase(status),
        "errorCode": error_code,
        "message": message,
        "path": request.path if request is not None else None,
        "version": settings.PRODUCT_VERSION,
    }
    if status in (401, 403):
        body["additional"] = message
    if extra:
        body.update(extra)
    return body


def error_response(request, error: ApiError):
    response = JsonResponse(error_body(request, error.status, error.message, error.error_code, error.extra),
                            status=error.status)
    for key, value in error.headers.items():
        response[key] = value
    return response


def _flatten_validation(detail, prefix=""):
    """Turn DRF's nested error dict into Mauro's flat `[{message, field}]` list, keeping codes."""
    out = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            field = f"{prefix}.{name}" if prefix and name else (name or prefix)
            out.extend(_flatten_validation(value, field))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                out.extend(_flatten_validation(value, f"{prefix}[{index}]" if prefix else f"[{index}]"))
            else:
                out.extend(_flatten_validation(value, prefix))
    else:
        message = str(detail)
        code = getattr(detail, "code", None)
        entry = {"message": f"{prefix}: {message}" if prefix and code in ("required", "null") else message}
        if prefix:
            entry["field"] = prefix
        out.append((entry, code))
    return out


#: DRF validation codes that mean "malformed" (400) rather than "breaks a rule" (422): a required field that is
#: missing or null, a body that cannot be parsed. Anything else, a value of the wrong JSON type included, is a 422.
MALFORMED_CODES = {"required", "null", "parse_error"}
#: A JSON value of the wrong type (`"label": 5`): a 422 like any other value that breaks a rule.
WRONG_TYPE = "wrong_type"
assert WRONG_TYPE not in MALFORMED_CODES


def translate(exc, request=None):
    """Map any exception to an ApiError, or None if it is unexpected (a 500)."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, drf.ValidationError):
        pairs = _flatten_validation(exc.detail)
        errors = [entry for entry, _ in pairs]
        if pairs and all(code in MALFORMED_CODES for _, code in pairs):
            return BadRequest(errors[0]["message"] if len(errors) == 1 else "; ".join(e["message"] for e in errors),
                              error_code="REQ02", extra={"total": len(errors), "errors": errors})
        return Unprocessable(errors)
    if isinstance(exc, drf.ParseError):
        return BadRequest(f"Request body is not valid: {exc.detail}", error_code="REQ03")
    if isinstance(exc, drf.UnsupportedMediaType):
        return BadRequest(f"Unsupported content type: {exc.detail}", error_code="REQ04")
    if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        return NotAuthenticated(_custom_detail(exc))
    if isinstance(exc, drf.PermissionDenied):
        return Forbidden(_custom_detail(exc))
    if isinstance(exc, DjangoPermissionDenied):
        return Forbidden()
    if isinstance(exc, drf.MethodNotAllowed):
        return MethodNotPermitted(f"Method {request.method if request else ''} is not permitted on this URL".strip())
    if isinstance(exc, (drf.NotFound, Http404)):
        return NotFound(message="Not Found")
    if isinstance(exc, drf.Throttled):
        return TooManyRequests(headers={"Retry-After": str(int(exc.wait or 1))})
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, (SuspiciousOperation, DjangoBadRequest, MultiPartParserError)):
        # Django's own "bad request" family: a bad Host header, too many form fields, a broken multipart body.
        return BadRequest(error_code="REQ09")
    if isinstance(exc, DjangoValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return Unprocessable([{"message": m, **({"field": f} if f and f != "__all__" else {})}
                              for f, ms in messages.items() for m in ms])
    if isinstance(exc, IntegrityError):
        return Unprocessable([{"message": "The change breaks a uniqueness or integrity rule"}], error_code="VAL02")
    if isinstance(exc, DataError):
        # A value the database cannot store (too long, out of range, a NUL character): a safety net
        # behind validation, so bad input never becomes a 500.
        return Unprocessable([{"message": "A value cannot be stored as given"}], error_code="VAL03")
    if isinstance(exc, (OperationalError, InterfaceError)) and database_unreachable(exc):
        return ServiceUnavailable("The database is unreachable", error_code="SVC02")
    if isinstance(exc, drf.APIException):
        if exc.status_code == 503:
            return ServiceUnavailable(str(exc.detail))
        return None if exc.status_code >= 500 else BadRequest(str(exc.detail))
    return None


def _custom_detail(exc):
    """The DRF exception's message if a view or permission gave one, else our default wording."""
    detail = str(exc.detail)
    return None if detail == str(type(exc).default_detail) else detail


#: SQLSTATE classes meaning "the database is not there right now": connection exceptions (08),
#: operator intervention such as a shutdown or a server starting up (57P), too many connections (53300).
UNREACHABLE_SQLSTATES = ("08", "57P", "53300")
UNREACHABLE_MARKERS = (
    "connection", "could not connect", "server closed", "terminating", "timeout", "timed out",
    "unable to open database", "database is locked", "disk i/o error", "starting up", "shutting down",
)


def database_unreachable(exc):
    """True when an OperationalError means the database cannot be reached (a 503), not a bug (a 500)."""
    if isinstance(exc, InterfaceError):
        return True
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None) or ""
    if sqlstate.startswith(UNREACHABLE_SQLSTATES):
        return True
    text = str(exc).lower()
    return any(marker in text for marker in UNREACHABLE_MARKERS)


def server_error_response(request, exc_info=None):
    """The 500 body: a reference that is also in the log beside the traceback (contract §3)."""
    exc_info = exc_info or sys.exc_info()
    reference = getattr(request, "request_id", None) or "unknown"
    logger.error("Unhandled error, reference %s on %s %s", reference, getattr(request, "method", "?"),
                 getattr(request, "path", "?"), exc_info=exc_info if exc_info[0] else None)
    extra = {"reference": reference}
    if settings.DEBUG and exc_info[0] is not None:
        extra["exception"] = {"type": exc_info[0].__name__, "message": str(exc_info[1])}
    body = error_body(request, 500, f"An unexpected error occurred; quote reference {reference}", "UEX01", extra)
    return JsonResponse(body, status=500)


def render_exception(request, exc, *, view=None):
    """The contract's JSON response for any exception: its status if it is known, else a logged 500."""
    error = translate(exc, request)
    if error is None:
        return server_error_response(request, (type(exc), exc, exc.__traceback__))
    response = error_response(request, error)
    if isinstance(error, MethodNotPermitted) and view is not None:
        response["Allow"] = ", ".join(view.allowed_methods)
    return response


def exception_handler(exc, context):
    """DRF's hook: every error raised in an API view goes through here."""
    request = context.get("request")
    django_request = getattr(request, "_request", request)
    error = translate(exc, request)
    if error is None:
        return None  # re-raised by DRF, rendered by ApiErrorMiddleware as a 500 with a reference
    response = error_response(django_request, error)
    if isinstance(error, MethodNotPermitted):
        view = context.get("view")
        if view is not None:
            response["Allow"] = ", ".join(view.allowed_methods)
    return response
