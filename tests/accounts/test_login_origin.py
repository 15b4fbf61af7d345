"""A foreign page cannot log a visitor in (login CSRF) or register an account through their browser."""

import pytest
from django.contrib.sessions.models import Session
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.helpers import error
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/api/authentication/login"
REGISTER = "/api/catalogueUsers"
FOREIGN = {"HTTP_ORIGIN": "https://evil.example"}
REGISTRATION = {"emailAddress": "planted@example.com", "firstName": "Planted", "lastName": "Account",
                "password": "a-Good-passw0rd"}


def login_body(user):
    return {"username": user.email_address, "password": PASSWORD}


@pytest.mark.parametrize("headers", [
    FOREIGN,
    {"HTTP_ORIGIN": "null"},  # a sandboxed frame or a page opened from a file
    {"HTTP_REFERER": "https://evil.example/attack.html"},
])
def test_cross_site_login_is_refused_and_starts_no_session(client, user, headers):
    response = client.post(LOGIN, login_body(user), format="json", **headers)
    body = error(response, 403, message="Cross-origin request refused", code="CSRF01")
    assert body["path"] == LOGIN
    assert "JSESSIONID" not in response.cookies
    assert not Session.objects.exists()
    assert client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": False}
    assert User.objects.get(pk=user.pk).last_login is None


def test_cross_site_login_as_a_form_post_is_refused(client, user):
    response = client.post(LOGIN, login_body(user), format="multipart", **FOREIGN)
    error(response, 403, code="CSRF01")
    assert not Session.objects.exists()


def test_cross_site_registration_is_refused_and_stores_nothing(client, mailoutbox):
    response = client.post(REGISTER, REGISTRATION, format="json", **FOREIGN)
    error(response, 403, code="CSRF01")
    assert not User.objects.filter(email_address="planted@example.com").exists()
    assert "JSESSIONID" not in response.cookies
    assert mailoutbox == []


def test_same_origin_login_and_registration_work(client, user):
    assert client.post(REGISTER, REGISTRATION, format="json", HTTP_ORIGIN="http://testserver").status_code == 201
    assert client.post(LOGIN, login_body(user), format="json", HTTP_ORIGIN="http://testserver").status_code == 200


def test_configured_origin_may_log_in(client, user, settings):
    settings.ALLOWED_ORIGINS = ["https://ui.example.org"]
    response = client.post(LOGIN, login_body(user), format="json", HTTP_ORIGIN="https://ui.example.org")
    assert response.status_code == 200


def test_clients_that_send_no_origin_still_log_in(user):
    """Scripts and Mauro's client libraries outside a browser send neither Origin nor Referer."""
    assert APIClient().post(LOGIN, login_body(user), format="json").status_code == 200
