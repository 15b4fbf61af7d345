"""The seed's status table (reference/seed-errors.md, made precise in http-contract.md §2), row by row.

Each row asserts what the application itself answers, with the contract's JSON body. Real endpoints
are used wherever one produces the status; the rest go through small views in `tests.contract.urls`
that raise through the real error handling.

Gateway rows are not here: 408 (slow request body), 502 (application server down) and 504 (application
server too slow) are written by the nginx front, and are asserted against it in tests/deploy.
"""

import datetime
import logging
import uuid
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiKey, ApiProperty, hash_api_key
from config.api.middleware import MaintenanceModeMiddleware
from tests.conftest import PASSWORD, logged_in_client
from tests.contract.shape import assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.contract.urls")]

LOGIN = "/api/authentication/login"
LOGOUT = "/api/authentication/logout"
IS_AUTHENTICATED = "/api/session/isAuthenticated"


def login(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password}, format="json")


def make_api_key(user, *, days=30, disabled=False):
    key = uuid.uuid4()
    ApiKey.objects.create(user=user, name=f"key-{key.hex[:6]}", key_hash=hash_api_key(key), disabled=disabled,
                          expiry_date=timezone.now().date() + datetime.timedelta(days=days))
    return str(key)


# --- 2xx -----------------------------------------------------------------------------------------


class TestSuccess:
    def test_200_ok(self, client, user):
        response = login(client, user.email_address)
        assert response.status_code == 200
        assert response.json()["emailAddress"] == user.email_address
        assert client.get(IS_AUTHENTICATED).json() == {"authenticatedSession": True}

    def test_201_created_with_location(self, user_client):
        response = user_client.post("/api/test/properties", {"key": "site.name", "value": "Catalogue"})
        assert response.status_code == 201
        body = response.json()
        assert response["Location"] == f"/api/test/properties/{body['id']}"
        assert user_client.get(response["Location"]).json()["value"] == "Catalogue"

    def test_204_logout_has_no_body(self, user_client):
        response = user_client.post(LOGOUT)
        assert response.status_code == 204
        assert response.content == b""
        assert user_client.get(IS_AUTHENTICATED).json() == {"authenticatedSession": False}


# --- 400 -----------------------------------------------------------------------------------------


class TestBadRequest:
    def test_malformed_json(self, client, user):
        response = client.post(LOGIN, data='{"username": "x",', content_type="application/json")
        assert_error(response, 400, path=LOGIN, error_code="REQ03")

    def test_json_that_nests_too_deeply_is_malformed_not_a_crash(self, client, user):
        response = client.post(LOGIN, data="[" * 50000 + "]" * 50000, content_type="application/json")
        assert_error(response, 400, path=LOGIN)

    def test_body_that_is_not_an_object(self, client, user):
        assert_error(client.post(LOGIN, data="[1, 2]", content_type="application/json"), 400)

    def test_missing_required_field(self, user_client):
        response = user_client.post("/api/test/properties", {"value": "no key"})
        body = assert_error(response, 400, error_code="REQ02")
        assert body["errors"] == [{"message": "key: This field is required.", "field": "key"}]

    @pytest.mark.parametrize("query", ["max=-1", "max=ten", "offset=-5", "offset=1.5", "max=%201"])
    def test_bad_max_or_offset(self, client, query):
        response = client.get(f"/api/test/users?{query}")
        assert_error(response, 400, path="/api/test/users", error_code="REQ06")

    def test_unsupported_content_type(self, client, user):
        response = client.post(LOGIN, data="username=a", content_type="text/plain")
        assert_error(response, 400, error_code="REQ04")

    def test_nonsense_content_length(self, client):
        response = client.generic("POST", LOGIN, b"{}", content_type="application/json", CONTENT_LENGTH="12abc")
        assert_error(response, 400, error_code="REQ07")

    def test_too_many_form_fields(self, client, user):
        body = "&".join(f"f{n}=1" for n in range(1100))
        response = client.post(LOGIN, data=body, content_type="application/x-www-form-urlencoded")
        assert_error(response, 400)


# --- 401 -----------------------------------------------------------------------------------------


class TestUnauthorized:
    def test_anonymous_on_a_login_only_action(self, client):
        body = assert_error(client.get("/api/test/private"), 401, path="/api/test/private", error_code="AUTH02")
        assert body["message"] == "Authentication is required"

    def test_logged_in_user_passes(self, user_client, user):
        assert user_client.get("/api/test/private").json() == {"emailAddress": user.email_address}

    def test_wrong_password(self, client, user):
        body = assert_error(login(client, user.email_address, "wrong"), 401, error_code="AUTH01")
        assert body["message"] == "Invalid credentials"

    @pytest.mark.parametrize("kind", ["not-a-uuid", "unknown", "expired", "disabled"])
    def test_bad_api_key_header(self, client, user, kind):
        key = {
            "not-a-uuid": "definitely-not-a-key",
            "unknown": str(uuid.uuid4()),
            "expired": make_api_key(user, days=-1),
            "disabled": make_api_key(user, disabled=True),
        }[kind]
        response = client.get(IS_AUTHENTICATED, HTTP_APIKEY=key)
        assert_error(response, 401, path=IS_AUTHENTICATED, error_code="AUTH03")

    def test_good_api_key_authenticates(self, client, user):
        response = client.get("/api/test/private", HTTP_APIKEY=make_api_key(user))
        assert response.json() == {"emailAddress": user.email_address}


# --- 403 -----------------------------------------------------------------------------------------


class TestForbidden:
    def test_logged_in_user_lacking_the_right(self, user_client):
        assert_error(user_client.get("/api/test/admin"), 403, path="/api/test/admin", error_code="PERM01")

    def test_administrator_has_the_right(self, admin_client):
        assert admin_client.get("/api/test/admin").json() == {"ok": True}

    def test_cross_origin_write_on_a_session(self, user_client):
        response = user_client.post(LOGOUT, HTTP_ORIGIN="https://elsewhere.example")
        assert_error(response, 403, error_code="CSRF01")
        assert user_client.get(IS_AUTHENTICATED).json() == {"authenticatedSession": True}


# --- 404 -----------------------------------------------------------------------------------------


class TestNotFound:
    @pytest.mark.parametrize("debug", [False, True])
    @pytest.mark.parametrize("path", ["/api/noSuchThing", "/api/dataModels/1/nothing/here", "/api", "/api/"])
    def test_unknown_route_is_json_even_with_debug(self, client, settings, debug, path):
        settings.DEBUG = debug
        assert_error(client.get(path), 404, path=path, error_code="NF03")

    @pytest.mark.parametrize("method,path,allowed", [
        ("get", LOGIN, {"POST"}),
        ("put", LOGOUT, {"GET", "POST"}),
        ("delete", IS_AUTHENTICATED, {"GET"}),
        ("post", "/api/health/live", {"GET"}),
    ])
    def test_method_not_permitted_is_404_with_allow(self, client, method, path, allowed):
        response = getattr(client, method)(path)
        assert_error(response, 404, path=path, error_code="NF02")
        assert allowed <= {m.strip() for m in response["Allow"].split(",")}
        assert method.upper() not in response["Allow"]

    def test_missing_resource_names_resource_and_id(self, user_client):
        missing = str(uuid.uuid4())
        body = assert_error(user_client.get(f"/api/test/properties/{missing}"), 404, error_code="NF01")
        assert body["resource"] == "ApiProperty" and body["id"] == missing
        assert body["message"] == "ApiProperty not found"


# --- 405 -----------------------------------------------------------------------------------------


def test_405_is_only_a_state_rule(client, user_client):
    assert client.post("/api/test/register").status_code == 204
    body = assert_error(user_client.post("/api/test/register"), 405, error_code="MNA02")
    assert body["message"] == "Cannot be logged in and request reset password link or self register"


# --- 409 -----------------------------------------------------------------------------------------


def test_409_repeated_login_leaves_the_session_alone(user_client, user, other_user):
    for email in (user.email_address, other_user.email_address):
        body = assert_error(login(user_client, email), 409, path=LOGIN, error_code="SES01")
        assert body["message"] == "A user is already logged in, logout first"
    assert user_client.get("/api/test/private").json() == {"emailAddress": user.email_address}


# --- 413 -----------------------------------------------------------------------------------------


class TestPayloadTooLarge:
    def test_declared_length_over_the_limit(self, client, settings):
        response = client.generic("POST", LOGIN, b"{}", content_type="application/json",
                                  CONTENT_LENGTH=str(settings.MAX_REQUEST_BODY_BYTES + 1))
        assert_error(response, 413, path=LOGIN, error_code="REQ05")

    def test_real_body_over_the_limit_changes_nothing(self, user_client, settings):
        settings.MAX_REQUEST_BODY_BYTES = 1024
        response = user_client.post("/api/test/properties", {"key": "big", "value": "x" * 2000})
        assert_error(response, 413, error_code="REQ05")
        assert not ApiProperty.objects.filter(key="big").exists()

    def test_at_the_limit_is_accepted(self, user_client, settings):
        body = b'{"key": "k", "value": "v"}'
        settings.MAX_REQUEST_BODY_BYTES = len(body)
        response = user_client.generic("POST", "/api/test/properties", body, content_type="application/json")
        assert response.status_code == 201


# --- 422 -----------------------------------------------------------------------------------------


class TestUnprocessable:
    def test_blank_value(self, user_client):
        body = assert_error(user_client.post("/api/test/properties", {"key": "", "value": "v"}), 422,
                            error_code="VAL01")
        assert body["errors"] == [{"message": "This field may not be blank.", "field": "key"}]

    def test_several_broken_rules_are_all_listed(self, user_client):
        response = user_client.post("/api/test/properties", {"key": "", "value": "v" * 101, "category": "nope"})
        body = assert_error(response, 422)
        assert body["total"] == 3
        assert {e["field"] for e in body["errors"]} == {"key", "value", "category"}

    def test_duplicate_breaks_a_rule_and_changes_nothing(self, user_client):
        assert user_client.post("/api/test/properties", {"key": "dup", "value": "first"}).status_code == 201
        response = user_client.post("/api/test/properties", {"key": "dup", "value": "second"})
        assert_error(response, 422, error_code="VAL02")
        assert list(ApiProperty.objects.filter(key="dup").values_list("value", flat=True)) == ["first"]


# --- 429 -----------------------------------------------------------------------------------------


def test_429_after_repeated_failed_logins(client, user, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 2
    for _ in range(2):
        assert_error(login(client, user.email_address, "wrong"), 401)
    response = login(client, user.email_address)
    assert_error(response, 429, error_code="THR02")
    assert int(response["Retry-After"]) > 0
    assert client.get(IS_AUTHENTICATED).json() == {"authenticatedSession": False}


# --- 500 -----------------------------------------------------------------------------------------


class TestServerError:
    def test_body_has_the_reference_that_is_logged_with_the_traceback(self, client, caplog):
        with caplog.at_level(logging.ERROR, logger="config.api"):
            response = client.get("/api/test/crash", HTTP_X_REQUEST_ID="trace-me-123")
        body = assert_error(response, 500, path="/api/test/crash", error_code="UEX01")
        assert body["reference"] == response["X-Request-ID"] == "trace-me-123"
        assert "trace-me-123" in body["message"]
        logged = [r for r in caplog.records if r.name == "config.api" and "trace-me-123" in r.getMessage()]
        assert len(logged) == 1 and logged[0].exc_info[0] is RuntimeError

    def test_generated_reference_when_the_client_sent_none(self, client):
        response = client.get("/api/test/crash")
        body = assert_error(response, 500)
        assert len(body["reference"]) == 32

    def test_without_debug_no_exception_or_stack(self, client, settings):
        settings.DEBUG = False
        response = client.get("/api/test/crash")
        body = assert_error(response, 500)
        assert "exception" not in body
        assert b"secret internal detail" not in response.content and b"Traceback" not in response.content

    def test_with_debug_the_exception_type_appears(self, client, settings):
        settings.DEBUG = True
        body = assert_error(client.get("/api/test/crash"), 500)
        assert body["exception"] == {"type": "RuntimeError", "message": "secret internal detail"}
        assert "Traceback" not in str(body)

    @pytest.mark.parametrize("debug", [False, True])
    def test_crash_in_a_middleware_is_the_same_json(self, settings, caplog, debug):
        settings.DEBUG = debug
        client = APIClient(raise_request_exception=False)
        with mock.patch.object(MaintenanceModeMiddleware, "maintenance_on", side_effect=KeyError("boom")):
            response = client.get("/api/test/private", HTTP_X_REQUEST_ID="mw-crash")
        body = assert_error(response, 500, path="/api/test/private")
        assert body["reference"] == "mw-crash"
        assert ("exception" in body) is debug
        assert any("mw-crash" in r.getMessage() and r.exc_info for r in caplog.records if r.name == "config.api")


# --- 503 -----------------------------------------------------------------------------------------


class TestServiceUnavailable:
    @pytest.fixture
    def maintenance_file(self, settings):
        with open(settings.MAINTENANCE_FILE, "w") as handle:
            handle.write("on\n")
        MaintenanceModeMiddleware.forget()

    @pytest.fixture
    def maintenance_property(self, db):
        ApiProperty.objects.create(key=ApiProperty.MAINTENANCE_MODE, value="true")
        MaintenanceModeMiddleware.forget()

    @pytest.mark.parametrize("switch", ["maintenance_file", "maintenance_property"])
    def test_maintenance_answers_503_with_retry_after(self, request, client, user_client, switch):
        request.getfixturevalue(switch)
        for caller in (client, user_client):
            for path in ("/api/test/private", "/api/openapi", "/api/noSuchThing"):
                assert_error(caller.get(path), 503, path=path, error_code="SVC03")

    @pytest.mark.parametrize("switch", ["maintenance_file", "maintenance_property"])
    def test_administrators_still_pass(self, request, admin_client, admin_user, client, switch):
        request.getfixturevalue(switch)
        assert admin_client.get("/api/test/admin").json() == {"ok": True}
        assert client.get("/api/test/admin", HTTP_APIKEY=make_api_key(admin_user)).json() == {"ok": True}

    def test_login_session_and_health_still_work(self, maintenance_file, client, user):
        assert login(client, user.email_address).status_code == 200
        assert client.get(IS_AUTHENTICATED).json() == {"authenticatedSession": True}
        assert client.get("/api/health/live").status_code == 200
        assert client.post(LOGOUT).status_code == 204

    def test_maintenance_property_false_is_off(self, client):
        ApiProperty.objects.create(key=ApiProperty.MAINTENANCE_MODE, value="false")
        MaintenanceModeMiddleware.forget()
        assert client.get("/api/test/private").status_code == 401

    @pytest.mark.parametrize("debug", [False, True])
    @pytest.mark.parametrize("who", ["anonymous", "user"])
    def test_database_unreachable_is_503_not_500(self, settings, user, who, debug):
        settings.DEBUG = debug
        client = APIClient(raise_request_exception=False)
        if who == "user":
            client = logged_in_client(user)
            client.raise_request_exception = False
        refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
        MaintenanceModeMiddleware.forget()  # a worker that has not read the maintenance flag yet needs the database
        paths = ["/api/test/private", "/api/openapi", "/api/health/ready"]
        if who == "user":
            paths.append(IS_AUTHENTICATED)  # loading the session needs the database
        with mock.patch.object(connections["default"], "ensure_connection", side_effect=refused):
            responses = [client.get(path) for path in paths]
            # Without a session, asking whether one is logged in needs no database at all.
            anonymous_check = APIClient().get(IS_AUTHENTICATED)
        for response in responses:
            assert_error(response, 503, error_code="SVC02")
        assert anonymous_check.json() == {"authenticatedSession": False}
        # Once the database is back, the same client carries on.
        expected = 401 if who == "anonymous" else 200
        assert client.get("/api/test/private").status_code == expected

    def test_an_operational_error_that_is_a_bug_stays_a_500(self, client):
        with mock.patch("tests.contract.urls.PropertyView.get",
                        side_effect=OperationalError("no such column: api_property.nonsense")):
            response = client.get(f"/api/test/properties/{uuid.uuid4()}")
        assert_error(response, 500)

