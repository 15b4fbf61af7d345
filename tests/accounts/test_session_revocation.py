"""Disabling a user or changing/resetting a password ends all their sessions, on every device, and their API keys.

Sessions are checked with both session stores the product runs on: the database and a cache (Redis in
production; the local-memory cache stands in for it here). A caller holding only an API key cannot mint more.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import ApiKey, User
from tests.accounts.helpers import error
from tests.conftest import PASSWORD, logged_in_client

pytestmark = pytest.mark.django_db

IS_AUTHENTICATED = "/api/session/isAuthenticated"
NEW_PASSWORD = "violet-Harbour-71"


@pytest.fixture(params=["database", "cache"])
def session_store(request, settings):
    if request.param == "cache":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                       "LOCATION": "sessions-under-test"}}
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    return request.param


def authenticated(client):
    return client.get(IS_AUTHENTICATED).json()["authenticatedSession"]


def user_url(user, suffix=""):
    return f"/api/catalogueUsers/{user.id}{suffix}"


def make_key(client, user, name="script"):
    response = client.post(user_url(user, "/apiKeys"), {"name": name, "refreshable": True}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def key_client(plain):
    api = APIClient()
    api.credentials(HTTP_APIKEY=str(plain))
    return api


@pytest.fixture
def devices(session_store, user):
    """The user logged in on a laptop and a phone, with an API key for a script."""
    laptop, phone = logged_in_client(user), logged_in_client(user)
    key = make_key(laptop, user)["apiKey"]
    assert authenticated(laptop) and authenticated(phone)
    assert key_client(key).get(user_url(user)).status_code == 200
    assert Session.objects.exists() == (session_store == "database")
    return laptop, phone, key


def assert_shut_out(user, clients, key):
    assert not any(authenticated(client) for client in clients)
    error(key_client(key).get(user_url(user)), 401)
    assert not ApiKey.objects.filter(user=user, disabled=False).exists()


class TestDisabling:
    def test_delete_ends_sessions_for_good(self, devices, user, admin_client):
        laptop, phone, key = devices
        assert admin_client.delete(user_url(user)).status_code == 200
        assert_shut_out(user, (laptop, phone), key)
        # Enabling the account again does not bring the old sessions or the key back.
        assert admin_client.put(user_url(user), {"disabled": False}, format="json").status_code == 200
        assert_shut_out(user, (laptop, phone), key)
        assert logged_in_client(user).get(user_url(user)).status_code == 200

    def test_update_with_disabled_true_ends_sessions(self, devices, user, admin_client):
        laptop, phone, key = devices
        assert admin_client.put(user_url(user), {"disabled": True}, format="json").status_code == 200
        User.objects.filter(pk=user.pk).update(disabled=False)
        assert_shut_out(user, (laptop, phone), key)

    def test_disabling_in_the_admin_site_ends_sessions(self, devices, user, admin_user):
        laptop, phone, key = devices
        browser = Client()
        browser.force_login(admin_user)
        response = browser.post(f"/admin/accounts/user/{user.pk}/change/", {
            "email_address": user.email_address, "first_name": user.first_name, "last_name": user.last_name,
            "organisation": "", "job_title": "", "disabled": "on"})
        assert response.status_code == 302, response.content.decode()[:2000]
        User.objects.filter(pk=user.pk).update(disabled=False)
        assert_shut_out(user, (laptop, phone), key)

    def test_disable_action_in_the_admin_site_ends_sessions(self, devices, user, admin_user):
        laptop, phone, key = devices
        browser = Client()
        browser.force_login(admin_user)
        browser.post("/admin/accounts/user/", {"action": "disable_users", "_selected_action": [user.pk]})
        User.objects.filter(pk=user.pk).update(disabled=False)
        assert_shut_out(user, (laptop, phone), key)

    def test_other_users_keep_their_sessions(self, devices, user, other_user, admin_client):
        other = logged_in_client(other_user)
        other_key = make_key(other, other_user)["apiKey"]
        admin_client.delete(user_url(user))
        assert authenticated(other) and authenticated(admin_client)
        assert key_client(other_key).get(user_url(other_user)).status_code == 200


class TestPasswords:
    def test_changing_the_password_ends_other_sessions_and_keys(self, devices, user):
        laptop, phone, key = devices
        response = laptop.put(user_url(user, "/changePassword"), {"oldPassword": PASSWORD,
                                                                 "newPassword": NEW_PASSWORD}, format="json")
        assert response.status_code == 200
        assert authenticated(laptop)  # the session that changed it stays
        assert_shut_out(user, (phone,), key)

    def test_resetting_with_a_token_ends_sessions_and_keys(self, devices, user, mailoutbox):
        laptop, phone, key = devices
        APIClient().get(f"/api/catalogueUsers/resetPasswordLink/{user.email_address}")
        token = re.search(r"token=([0-9a-f-]+)", mailoutbox[-1].body).group(1)
        response = APIClient().put(user_url(user, "/resetPassword"), {"resetToken": token,
                                                                     "newPassword": NEW_PASSWORD}, format="json")
        assert response.status_code == 200
        assert_shut_out(user, (laptop, phone), key)

    def test_an_administrators_reset_ends_sessions_and_keys(self, devices, user, admin_client):
        laptop, phone, key = devices
        assert admin_client.put(f"/api/admin/catalogueUsers/{user.id}/adminPasswordReset").status_code == 200
        assert_shut_out(user, (laptop, phone), key)

    def test_ended_sessions_are_not_listed_as_logged_in(self, user, admin_client):
        phone = logged_in_client(user)
        before = admin_client.get("/api/admin/activeSessions").json()
        assert "reader@example.com" in {item.get("userEmailAddress") for item in before["authorisedItems"]}
        logged_in_client(user).put(user_url(user, "/changePassword"), {"oldPassword": PASSWORD,
                                                                      "newPassword": NEW_PASSWORD}, format="json")
        after = admin_client.get("/api/admin/activeSessions").json()
        assert [item["userEmailAddress"] for item in after["authorisedItems"]].count("reader@example.com") == 1
        assert not authenticated(phone)


class TestKeysNeedASession:
    def test_a_key_cannot_create_another_key(self, user_client, user):
        key = make_key(user_client, user)
        response = key_client(key["apiKey"]).post(user_url(user, "/apiKeys"), {"name": "second"}, format="json")
        error(response, 403)
        assert list(ApiKey.objects.filter(user=user).values_list("name", flat=True)) == ["script"]

    def test_a_key_cannot_enable_or_refresh_keys(self, user_client, user):
        spare = make_key(user_client, user, name="spare")
        user_client.put(user_url(user, f"/apiKeys/{spare['id']}/disable"))
        key = make_key(user_client, user)["apiKey"]
        error(key_client(key).put(user_url(user, f"/apiKeys/{spare['id']}/enable")), 403)
        assert ApiKey.objects.get(pk=spare["id"]).disabled
        own = ApiKey.objects.get(user=user, name="script")
        error(key_client(key).put(user_url(user, f"/apiKeys/{own.id}/refresh/3650")), 403)
        assert ApiKey.objects.get(pk=own.pk).expiry_date == own.expiry_date

    def test_a_key_may_still_revoke_keys(self, user_client, user):
        key = make_key(user_client, user)
        spare = make_key(user_client, user, name="spare")
        assert key_client(key["apiKey"]).put(user_url(user, f"/apiKeys/{spare['id']}/disable")).status_code == 200
        assert ApiKey.objects.get(pk=spare["id"]).disabled
