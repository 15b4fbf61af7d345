"""No HTML error page ever appears under /api/, with DEBUG on or off (contract §3: one JSON shape).

Django renders some errors itself (its debug pages, the 400 for a bad Host header, the 405 of a plain
view, the CSRF page, a crash in a middleware); each must come back as the contract's JSON.
"""

from unittest import mock

import pytest
from django.test import Client
from rest_framework.test import APIClient

from config.api.middleware import MaintenanceModeMiddleware
from tests.contract.shape import assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.contract.urls"),
              pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])]


@pytest.fixture(autouse=True)
def _debug(settings, debug):
    settings.DEBUG = debug


def assert_json_not_html(response, status, **kwargs):
    body = assert_error(response, status, **kwargs)
    text = response.content.lower()
    assert b"<html" not in text and b"<!doctype" not in text and b"traceback" not in text
    return body


def quiet_client():
    """A client that hands back the response Django produced instead of re-raising the exception."""
    return APIClient(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/api/nothing/here", "/api/authentication/login/", "/api/%E2%82%AC"])
def test_404_for_an_unknown_route(client, path):
    assert_json_not_html(client.get(path), 404)


def test_404_raised_by_a_plain_view(client):
    assert_json_not_html(client.get("/api/test/plain/not-found"), 404)


def test_404_for_a_method_a_plain_view_refuses_has_allow(client):
    response = client.post("/api/test/plain/get-only")
    assert_json_not_html(response, 404, error_code="NF02")
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("path", ["/api/test/crash", "/api/test/plain/crash"])
def test_500_from_a_view(path, debug):
    body = assert_json_not_html(quiet_client().get(path), 500)
    assert ("exception" in body) is debug


def test_500_from_a_middleware():
    with mock.patch.object(MaintenanceModeMiddleware, "maintenance_on", side_effect=ZeroDivisionError):
        assert_json_not_html(quiet_client().get("/api/openapi"), 500)


def test_400_for_a_host_that_is_not_served():
    response = quiet_client().get("/api/session/isAuthenticated", HTTP_HOST="attacker.example")
    assert_json_not_html(response, 400)


def test_400_for_a_suspicious_operation_in_a_plain_view(client):
    assert_json_not_html(client.get("/api/test/plain/suspicious"), 400)


def test_400_for_too_many_form_fields(client):
    body = "&".join(f"f{n}=1" for n in range(1500))
    response = client.post("/api/authentication/login", data=body, content_type="application/x-www-form-urlencoded")
    assert_json_not_html(response, 400)


def test_400_for_a_broken_multipart_body(client):
    response = client.post("/api/authentication/login", data=b"--nope\r\nbroken",
                           content_type="multipart/form-data; boundary=")
    assert_json_not_html(response, 400)


def test_413_when_django_refuses_to_read_a_body(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    response = client.post("/api/test/plain/body", data=b"x" * 100, content_type="application/octet-stream")
    assert_json_not_html(response, 413)


def test_403_from_djangos_csrf_check():
    client = Client(enforce_csrf_checks=True)
    assert_json_not_html(client.post("/api/test/plain/csrf"), 403)


def test_outside_the_api_django_pages_are_left_alone(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_the_debug_page_is_not_even_built_under_the_api(debug):
    from django.views.debug import ExceptionReporter

    with mock.patch.object(MaintenanceModeMiddleware, "maintenance_on", side_effect=ZeroDivisionError), \
            mock.patch.object(ExceptionReporter, "get_traceback_html") as html, \
            mock.patch.object(ExceptionReporter, "get_traceback_text") as text:
        assert_json_not_html(quiet_client().get("/api/openapi"), 500)
    assert not html.called and not text.called
