"""Fallback views: JSON bodies for unknown routes and for errors that escape the API views."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from config.api.errors import BadRequest, Forbidden, NotFound, ServiceUnavailable, error_response, server_error_response


@csrf_exempt
def api_route_not_found(request, *args, **kwargs):
    return error_response(request, NotFound(message=f"No route matches {request.method} {request.path}",
                                            error_code="NF03"))


def handler404(request, exception=None):
    return api_route_not_found(request)


def handler500(request):
    return server_error_response(request)


def handler400(request, exception=None):
    return error_response(request, BadRequest(str(exception) if exception else None))


def handler403(request, exception=None):
    return error_response(request, Forbidden())


def liveness(request):
    """The process is up; says nothing of the database (for restarts by an orchestrator)."""
    return JsonResponse({"status": "ok"})


def readiness(request):
    """The process can serve: the database answers (for load balancers and nginx health checks)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return error_response(request, ServiceUnavailable("The database is unreachable", error_code="SVC02"))
    return JsonResponse({"status": "ok", "database": "ok"})


