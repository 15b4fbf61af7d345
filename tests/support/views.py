"""Views the deployment tests route through their own URLconf (`tests.support.deploy_urls`).

`slow` answers after a chosen delay, so the nginx front's gateway timeout (504) can be provoked, and
echoes what the application saw of the request (client address, scheme, body size) so the tests can
check what nginx forwards. `pairedWrite` writes two rows in one transaction with a pause between them,
so a restart under load can be checked for lost or half-written writes.
"""

import time

from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from accounts.models import ApiProperty
from accounts.services import client_address
from config.api.errors import BadRequest, error_response

MAX_DELAY_SECONDS = 30.0
PAIRED_WRITE_CATEGORY = "deployment-test"


def _seconds(request, name, default):
    raw = request.GET.get(name, default)
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise BadRequest(f"Query parameter {name} must be a number", error_code="REQ06")
    if not 0 <= value <= MAX_DELAY_SECONDS:
        raise BadRequest(f"Query parameter {name} must be between 0 and {MAX_DELAY_SECONDS:g}", error_code="REQ06")
    return value


@csrf_exempt
def slow(request):
    try:
        seconds = _seconds(request, "seconds", "0")
    except BadRequest as error:
        return error_response(request, error)
    body_size = len(request.body)
    time.sleep(seconds)
    return JsonResponse({
        "slept": seconds,
        "method": request.method,
        "bodySize": body_size,
        "clientAddress": client_address(request),
        "secure": request.is_secure(),
        "requestId": request.request_id,
    })


@csrf_exempt
def paired_write(request):
    if request.method != "POST":
        response = error_response(request, BadRequest("Use POST", error_code="REQ06"))
        response["Allow"] = "POST"
        return response
    try:
        pause = _seconds(request, "pause", "0.05")
    except BadRequest as error:
        return error_response(request, error)
    key = request.GET.get("key", "")
    if not key or len(key) > 200:
        return error_response(request, BadRequest("Query parameter key is required (at most 200 characters)",
                                                  error_code="REQ06"))
    with transaction.atomic():
        ApiProperty.objects.create(key=f"{key}/first", value="1", category=PAIRED_WRITE_CATEGORY)
        time.sleep(pause)
        ApiProperty.objects.create(key=f"{key}/second", value="2", category=PAIRED_WRITE_CATEGORY)
    return JsonResponse({"key": key}, status=201)
