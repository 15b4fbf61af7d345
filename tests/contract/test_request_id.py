"""`X-Request-ID` on every response (contract §1): the client's when sane, a fresh one otherwise."""

import logging
import re
from unittest import mock

import pytest
from rest_framework.test import APIClient

from config.api.logging import RequestIdFilter
from config.api.middleware import MaintenanceModeMiddleware

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.contract.urls")]

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.mark.parametrize("sent", ["abc", "3f2b-11ee.9:x_Y", "A" * 128, "0"])
def test_a_sane_id_is_echoed(client, sent):
    response = client.get("/api/session/isAuthenticated", HTTP_X_REQUEST_ID=sent)
    assert response["X-Request-ID"] == sent


@pytest.mark.parametrize("sent", [
    "",
    "A" * 129,
    "has space",
    "semi;colon",
    "<script>",
    "caf\u00e9",
    "new\nline",
    "trailing-newline\n",
    "tab\there",
])
def test_an_insane_id_is_replaced(client, sent):
    response = client.get("/api/session/isAuthenticated", HTTP_X_REQUEST_ID=sent)
    assert response.status_code == 200
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_ids_are_generated_fresh_for_each_request(client):
    first = client.get("/api/session/isAuthenticated")["X-Request-ID"]
    second = client.get("/api/session/isAuthenticated")["X-Request-ID"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second) and first != second


@pytest.mark.parametrize("method,path,status", [
    ("get", "/api/session/isAuthenticated", 200),
    ("post", "/api/authentication/logout", 204),
    ("post", "/api/authentication/login", 400),
    ("get", "/api/test/private", 401),
    ("get", "/api/noSuchRoute", 404),
    ("get", "/api/authentication/login", 404),
    ("get", "/nowhere-outside-the-api", 404),
    ("get", "/api/test/crash", 500),
    ("get", "/api/test/plain/crash", 500),
    ("get", "/api/docs", 200),
    ("get", "/api/openapi", 200),
])
@pytest.mark.parametrize("debug", [False, True])
def test_every_response_carries_one(client, settings, method, path, status, debug):
    settings.DEBUG = debug
    response = getattr(client, method)(path, HTTP_X_REQUEST_ID="req-42")
    assert response.status_code == status
    assert response["X-Request-ID"] == "req-42"


def test_errors_raised_by_middleware_carry_one(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 10
    response = client.post("/api/authentication/login", {"username": "a" * 20}, HTTP_X_REQUEST_ID="big")
    assert response.status_code == 413 and response["X-Request-ID"] == "big"
    with open(settings.MAINTENANCE_FILE, "w"):
        pass
    MaintenanceModeMiddleware.forget()
    response = client.get("/api/test/private", HTTP_X_REQUEST_ID="maint")
    assert response.status_code == 503 and response["X-Request-ID"] == "maint"


def test_a_crashing_middleware_still_answers_with_one(settings):
    client = APIClient(raise_request_exception=False)
    with mock.patch.object(MaintenanceModeMiddleware, "maintenance_on", side_effect=RuntimeError):
        response = client.get("/api/openapi", HTTP_X_REQUEST_ID="crash-mw")
    assert response.status_code == 500
    assert response["X-Request-ID"] == response.json()["reference"] == "crash-mw"


def test_log_lines_written_during_the_request_carry_the_id(client):
    seen = []

    class Capture(logging.Handler):
        def emit(self, record):
            seen.append(record.request_id)

    handler = Capture()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("config.api")
    logger.addHandler(handler)
    try:
        client.get("/api/test/crash", HTTP_X_REQUEST_ID="in-the-log")
    finally:
        logger.removeHandler(handler)
    assert seen == ["in-the-log"]
