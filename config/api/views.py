"""Fallback views: JSON bodies for unknown routes and for errors that escape the API views; health checks."""

import sys
from functools import wraps

from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from config.api.errors import (
    BadRequest,
    Forbidden,
    MethodNotPermitted,
    NotFound,
    ServiceUnavailable,
    error_response,
    render_exception,
    server_error_response,
)


def api_methods(*methods):
    """Limit a plain view to some methods; any other is the contract's 404 with `Allow` (never a 405)."""
    allowed = sorted(set(methods) | ({"HEAD"} if "GET" in methods else set()) | {"OPTIONS"})

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS":
                response = JsonResponse({})
            elif request.method not in allowed:
                response = error_response(request, MethodNotPermitted(
                    f"Method {request.method} is not permitted on this URL"))
            else:
                return view(request, *args, **kwargs)
            response["Allow"] = ", ".join(allowed)
            return response

        return csrf_exempt(wrapper)

    return decorate


@csrf_exempt
def api_route_not_found(request, *args, **kwargs):
    return error_response(request, NotFound(message=f"No route matches {request.method} {request.path}",
                                            error_code="NF03"))


def handler404(request, exception=None):
    return api_route_not_found(request)


def handler500(request):
    """Called by Django inside its exception handling: a known cause (the database is down) keeps its status."""
    exc = sys.exc_info()[1]
    return render_exception(request, exc) if exc is not None else server_error_response(request)


def handler400(request, exception=None):
    if isinstance(exception, DisallowedHost):
        return error_response(request, BadRequest("The Host header names a host this server does not serve",
                                                  error_code="REQ10"))
    return error_response(request, BadRequest(error_code="REQ09"))


def handler403(request, exception=None):
    return error_response(request, Forbidden())


def csrf_failure(request, reason=""):
    """Django's CSRF refusal as JSON (API views are exempt; this covers anything that is not)."""
    return error_response(request, Forbidden("Cross-site request refused", error_code="CSRF02"))


@api_methods("GET")
def liveness(request):
    """The process is up; says nothing of the database (for restarts by an orchestrator)."""
    return JsonResponse({"status": "ok"})


@api_methods("GET")
def readiness(request):
    """The process can serve: the database answers (for load balancers and nginx health checks)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return error_response(request, ServiceUnavailable("The database is unreachable", error_code="SVC02"))
    return JsonResponse({"status": "ok", "database": "ok"})
