"""Login, logout, session state, the 409 on a repeated login, expiry and throttling."""

import time

import pytest

from accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/api/authentication/login"


def login(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password}, format="json")


def test_login_returns_the_user_and_sets_a_session(client, user):
    response = login(client, "READER@Example.com")
    assert response.status_code == 200
    body = response.json()
    assert body["emailAddress"] == "reader@example.com"
    assert body["id"] == str(user.id)
    assert set(body) >= {"id", "emailAddress", "firstName", "lastName", "pending", "disabled", "createdBy"}
    assert "needsToResetPassword" not in body
    cookie = response.cookies["JSESSIONID"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": True}


def test_login_rotates_the_session_key(client, user):
    client.get("/api/session/isAuthenticated")
    client.session.save()
    before = client.cookies["JSESSIONID"].value
    login(client, user.email_address)
    after = client.cookies["JSESSIONID"].value
    assert before and after and before != after


def test_needs_to_reset_password_shown_when_true(client, db):
    make_user("temp@example.com", needs_to_reset_password=True)
    assert login(client, "temp@example.com").json()["needsToResetPassword"] is True


@pytest.mark.parametrize("body", [{}, {"username": "a@b.c"}, {"password": "x"}, {"username": None, "password": "x"}])
def test_login_with_missing_fields_is_400(client, user, body):
    response = client.post(LOGIN, body, format="json")
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_login_with_malformed_json_is_400(client, user):
    response = client.post(LOGIN, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["reason"] == "Bad Request"


def test_login_with_a_json_array_is_400(client, user):
    response = client.post(LOGIN, data="[1,2]", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("email,password", [
    ("reader@example.com", "wrong"),
    ("nobody@example.com", PASSWORD),
])
def test_bad_credentials_are_401_with_one_message(client, user, email, password):
    response = login(client, email, password)
    assert response.status_code == 401
    body = response.json()
    assert body["message"] == "Invalid credentials" and body["additional"] == "Invalid credentials"
    assert body["errorCode"] == "AUTH01"
    assert client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": False}


@pytest.mark.parametrize("flag", ["disabled", "pending"])
def test_disabled_and_pending_users_cannot_log_in(client, db, flag):
    make_user("x@example.com", **{flag: True})
    response = login(client, "x@example.com")
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid credentials"


def test_get_on_login_is_404_with_allow(client):
    response = client.get(LOGIN)
    assert response.status_code == 404
    assert "POST" in response["Allow"]
    assert response.json()["status"] == 404


class TestRepeatedLogin:
    def test_same_user_again_is_409_and_session_unchanged(self, user_client, user):
        key = user_client.cookies["JSESSIONID"].value
        response = login(user_client, user.email_address)
        assert response.status_code == 409
        body = response.json()
        assert body["errorCode"] == "SES01"
        assert body["message"] == "A user is already logged in, logout first"
        assert body["reason"] == "Conflict" and body["path"] == LOGIN
        assert user_client.cookies["JSESSIONID"].value == key
        assert user_client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": True}

    def test_different_user_is_409_and_first_user_stays(self, user_client, other_user):
        response = login(user_client, other_user.email_address)
        assert response.status_code == 409
        from django.contrib.sessions.models import Session

        session = Session.objects.get(session_key=user_client.cookies["JSESSIONID"].value)
        from accounts.models import User

        assert session.get_decoded()["_auth_user_id"] == str(User.objects.get(email_address="reader@example.com").pk)

    def test_409_is_decided_before_credentials_are_read(self, user_client):
        response = user_client.post(LOGIN, data="{garbage", content_type="application/json")
        assert response.status_code == 409

    def test_logout_then_login_works(self, user_client, user):
        assert user_client.post("/api/authentication/logout").status_code == 204
        assert user_client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": False}
        assert login(user_client, user.email_address).status_code == 200


def test_logout_when_not_logged_in_is_204(client):
    assert client.post("/api/authentication/logout").status_code == 204
    assert client.get("/api/authentication/logout").status_code == 204


def test_logout_destroys_the_server_side_session(user_client):
    from django.contrib.sessions.models import Session

    key = user_client.cookies["JSESSIONID"].value
    assert Session.objects.filter(session_key=key).exists()
    user_client.post("/api/authentication/logout")
    assert not Session.objects.filter(session_key=key).exists()


def _age_session(client, *, idle_seconds=0, age_seconds=0):
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore(session_key=client.cookies["JSESSIONID"].value)
    now = int(time.time())
    store[SESSION_LAST_SEEN] = now - idle_seconds
    store[SESSION_STARTED] = now - max(age_seconds, idle_seconds)
    store.save()


def test_idle_session_expires_with_401(user_client, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 60
    _age_session(user_client, idle_seconds=61)
    response = user_client.get("/api/session/isAuthenticated")
    assert response.status_code == 401
    assert response.json()["errorCode"] == "SES02"
    # The session is gone: the next request is anonymous, and logging in again works.
    assert user_client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": False}
    assert login(user_client, "reader@example.com").status_code == 200


def test_session_past_absolute_lifetime_expires(user_client, settings):
    settings.SESSION_ABSOLUTE_LIFETIME_SECONDS = 3600
    _age_session(user_client, age_seconds=3601)
    assert user_client.get("/api/session/isAuthenticated").status_code == 401


def test_active_session_is_not_expired(user_client, settings):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 60
    _age_session(user_client, idle_seconds=30)
    assert user_client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": True}


def test_failed_logins_are_throttled_per_account(client, user, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 3
    for _ in range(3):
        assert login(client, user.email_address, "wrong").status_code == 401
    response = login(client, user.email_address, PASSWORD)
    assert response.status_code == 429
    assert response.json()["errorCode"] == "THR02"
    assert "Retry-After" in response


def test_failed_logins_are_throttled_per_client(client, db, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_CLIENT = 4
    for n in range(4):
        assert login(client, f"nobody{n}@example.com", "wrong").status_code == 401
    make_user("fresh@example.com")
    assert login(client, "fresh@example.com").status_code == 429


def test_successful_login_clears_the_account_counter(client, user, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 3
    login(client, user.email_address, "wrong")
    login(client, user.email_address, "wrong")
    assert login(client, user.email_address).status_code == 200
    client.post("/api/authentication/logout")
    login(client, user.email_address, "wrong")
    login(client, user.email_address, "wrong")
    assert login(client, user.email_address).status_code == 200


def test_is_application_administration(client, user_client, admin_client):
    path = "/api/session/isApplicationAdministration"
    assert client.get(path).json() == {"applicationAdministrationSession": False}
    assert user_client.get(path).json() == {"applicationAdministrationSession": False}
    assert admin_client.get(path).json() == {"applicationAdministrationSession": True}


def test_cross_origin_write_on_a_cookie_session_is_refused(user_client):
    response = user_client.post("/api/authentication/logout", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert response.json()["errorCode"] == "CSRF01"
    assert user_client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": True}


def test_same_origin_write_is_accepted(user_client):
    response = user_client.post("/api/authentication/logout", HTTP_ORIGIN="http://testserver")
    assert response.status_code == 204
