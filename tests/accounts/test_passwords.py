"""Passwords: change (old password), reset link and reset (token), and administrators' temporary passwords."""

import hashlib
import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from tests.accounts.helpers import error, field_errors
from tests.conftest import PASSWORD, logged_in_client, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/api/authentication/login"
NEW_PASSWORD = "a-New-passw0rd"
LOGGED_IN = "Cannot be logged in and request reset password link or self register"


def change_url(user):
    return f"/api/catalogueUsers/{user.id}/changePassword"


def reset_url(user_or_id):
    return f"/api/catalogueUsers/{getattr(user_or_id, 'id', user_or_id)}/resetPassword"


def link_url(email):
    return f"/api/catalogueUsers/resetPasswordLink/{email}"


def can_log_in(email, password):
    from rest_framework.test import APIClient

    return APIClient().post(LOGIN, {"username": email, "password": password}, format="json").status_code == 200


# --- change ---------------------------------------------------------------------------------------------------


class TestChangePassword:
    def test_success(self, user_client, user):
        response = user_client.put(change_url(user), {"oldPassword": PASSWORD, "newPassword": NEW_PASSWORD},
                                   format="json")
        assert response.status_code == 200, response.content
        assert response.json()["id"] == str(user.id)
        assert can_log_in(user.email_address, NEW_PASSWORD)
        assert not can_log_in(user.email_address, PASSWORD)

    def test_this_session_stays_logged_in_and_other_sessions_end(self, user_client, user):
        second = logged_in_client(user)
        user_client.put(change_url(user), {"oldPassword": PASSWORD, "newPassword": NEW_PASSWORD}, format="json")
        assert user_client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": True}
        assert second.get("/api/session/isAuthenticated").json() == {"authenticatedSession": False}

    def test_clears_needs_to_reset_password(self, db):
        user = make_user("temp@example.com", needs_to_reset_password=True)
        api = logged_in_client(user)
        body = api.put(change_url(user), {"oldPassword": PASSWORD, "newPassword": NEW_PASSWORD}, format="json").json()
        assert "needsToResetPassword" not in body
        user.refresh_from_db()
        assert not user.needs_to_reset_password

    def test_wrong_old_password_is_422_and_nothing_changes(self, user_client, user):
        body = error(user_client.put(change_url(user), {"oldPassword": "wrong", "newPassword": NEW_PASSWORD},
                                     format="json"), 422)
        assert field_errors(body) == {"oldPassword"}
        assert can_log_in(user.email_address, PASSWORD)

    def test_repeated_wrong_old_passwords_are_throttled(self, user_client, user, settings):
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 2
        for _ in range(2):
            error(user_client.put(change_url(user), {"oldPassword": "x", "newPassword": NEW_PASSWORD},
                                  format="json"), 422)
        error(user_client.put(change_url(user), {"oldPassword": PASSWORD, "newPassword": NEW_PASSWORD},
                              format="json"), 429)
        assert can_log_in(user.email_address, PASSWORD)

    @pytest.mark.parametrize("body", [{}, {"oldPassword": PASSWORD}, {"newPassword": NEW_PASSWORD},
                                      {"oldPassword": None, "newPassword": NEW_PASSWORD}])
    def test_missing_fields_are_400(self, user_client, user, body):
        error(user_client.put(change_url(user), body, format="json"), 400)
        assert can_log_in(user.email_address, PASSWORD)

    @pytest.mark.parametrize("body", [{"oldPassword": 1234, "newPassword": NEW_PASSWORD},
                                      {"oldPassword": PASSWORD, "newPassword": ["x"]}])
    def test_wrongly_typed_fields_are_422(self, user_client, user, body):
        error(user_client.put(change_url(user), body, format="json"), 422)
        assert can_log_in(user.email_address, PASSWORD)

    def test_malformed_json_is_400(self, user_client, user):
        error(user_client.put(change_url(user), data="{", content_type="application/json"), 400)

    @pytest.mark.parametrize("new", ["", "   "])
    def test_blank_new_password_is_422(self, user_client, user, new):
        error(user_client.put(change_url(user), {"oldPassword": PASSWORD, "newPassword": new}, format="json"), 422)
        assert can_log_in(user.email_address, PASSWORD)

    def test_other_users_password_is_404_for_users_and_403_for_admins(self, user_client, admin_client, other_user):
        body = {"oldPassword": PASSWORD, "newPassword": NEW_PASSWORD}
        error(user_client.put(change_url(other_user), body, format="json"), 404)
        error(admin_client.put(change_url(other_user), body, format="json"), 403)
        assert can_log_in(other_user.email_address, PASSWORD)

    def test_anonymous_is_401(self, client, user):
        error(client.put(change_url(user), {"oldPassword": PASSWORD, "newPassword": NEW_PASSWORD}, format="json"),
              401)

    def test_bad_uuid_is_404(self, user_client):
        error(user_client.put("/api/catalogueUsers/xyz/changePassword", {}, format="json"), 404)


# --- reset link -----------------------------------------------------------------------------------------------


def token_from(message):
    match = re.search(r"resetpassword\?uid=([0-9a-f-]+)&token=([0-9a-f-]+)", message.body)
    assert match, message.body
    return match.group(1), match.group(2)


class TestResetLink:
    def test_sends_a_one_time_link_and_stores_only_a_hash(self, client, user, mailoutbox, settings):
        settings.SITE_URL = "https://catalogue.example.org"
        response = client.get(link_url("Reader@Example.com"))
        assert response.status_code == 200
        assert len(mailoutbox) == 1 and mailoutbox[0].to == ["reader@example.com"]
        assert "https://catalogue.example.org/#/resetpassword?uid=" in mailoutbox[0].body
        uid, token = token_from(mailoutbox[0])
        assert uid == str(user.id)
        user.refresh_from_db()
        assert token not in user.reset_token_hash
        assert user.reset_token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert user.reset_token_expires > timezone.now()

    def test_site_url_property_is_used_for_the_link(self, client, user, mailoutbox):
        from accounts.models import ApiProperty

        ApiProperty.objects.create(key="site.url", value="https://mdm.example.net/")
        client.get(link_url(user.email_address))
        assert "https://mdm.example.net/#/resetpassword" in mailoutbox[0].body

    def test_unknown_disabled_and_pending_addresses_answer_the_same_and_send_nothing(self, client, db, mailoutbox):
        make_user("off@example.com", disabled=True)
        make_user("waiting@example.com", pending=True)
        responses = [client.get(link_url(email)) for email in ("nobody@example.com", "off@example.com",
                                                                "waiting@example.com", "not an email")]
        assert {(r.status_code, r.content) for r in responses} == {(200, b"")}
        assert mailoutbox == []

    def test_logged_in_is_405(self, user_client, user, mailoutbox):
        error(user_client.get(link_url(user.email_address)), 405, message=LOGGED_IN)
        assert mailoutbox == []

    def test_requests_per_address_are_limited(self, client, user, mailoutbox, settings):
        settings.RESET_LINK_LIMIT_PER_ACCOUNT = 2
        for _ in range(4):
            assert client.get(link_url(user.email_address)).status_code == 200
        assert len(mailoutbox) == 2

    def test_post_is_404_with_allow(self, client, user):
        response = client.post(link_url(user.email_address))
        error(response, 404)
        assert "GET" in response["Allow"]


# --- reset with the token -------------------------------------------------------------------------------------


@pytest.fixture
def token(client, user, mailoutbox):
    client.get(link_url(user.email_address))
    return token_from(mailoutbox[-1])[1]


class TestResetPassword:
    def test_token_sets_a_new_password_once(self, client, user, token):
        response = client.put(reset_url(user), {"resetToken": token, "newPassword": NEW_PASSWORD}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["id"] == str(user.id)
        assert can_log_in(user.email_address, NEW_PASSWORD)
        user.refresh_from_db()
        assert user.reset_token_hash == "" and user.reset_token_expires is None
        body = error(client.put(reset_url(user), {"resetToken": token, "newPassword": "another-0ne"},
                                format="json"), 422)
        assert field_errors(body) == {"resetToken"}
        assert can_log_in(user.email_address, NEW_PASSWORD)

    def test_wrong_token_is_422(self, client, user, token):
        error(client.put(reset_url(user), {"resetToken": str(uuid.uuid4()), "newPassword": NEW_PASSWORD},
                         format="json"), 422)
        assert can_log_in(user.email_address, PASSWORD)

    def test_token_of_another_user_does_not_work(self, client, user, other_user, token):
        error(client.put(reset_url(other_user), {"resetToken": token, "newPassword": NEW_PASSWORD},
                         format="json"), 422)
        assert can_log_in(other_user.email_address, PASSWORD)

    def test_expired_token_is_422(self, client, user, token):
        User.objects.filter(pk=user.pk).update(reset_token_expires=timezone.now() - timedelta(seconds=1))
        error(client.put(reset_url(user), {"resetToken": token, "newPassword": NEW_PASSWORD}, format="json"), 422)
        assert can_log_in(user.email_address, PASSWORD)

    def test_no_token_requested_is_422(self, client, user):
        error(client.put(reset_url(user), {"resetToken": str(uuid.uuid4()), "newPassword": NEW_PASSWORD},
                         format="json"), 422)

    def test_wrongly_typed_token_is_422(self, client, user, token):
        error(client.put(reset_url(user), {"resetToken": 5, "newPassword": NEW_PASSWORD}, format="json"), 422)

    @pytest.mark.parametrize("body", [{}, {"resetToken": "x"}, {"newPassword": NEW_PASSWORD}])
    def test_missing_fields_are_400(self, client, user, token, body):
        error(client.put(reset_url(user), body, format="json"), 400)

    def test_blank_new_password_is_422_and_token_kept(self, client, user, token):
        error(client.put(reset_url(user), {"resetToken": token, "newPassword": " "}, format="json"), 422)
        assert client.put(reset_url(user), {"resetToken": token, "newPassword": NEW_PASSWORD},
                          format="json").status_code == 200

    def test_bad_and_unknown_ids_are_404(self, client):
        error(client.put(reset_url("nope"), {"resetToken": "x", "newPassword": "y"}, format="json"), 404)
        error(client.put(reset_url(uuid.uuid4()), {"resetToken": "x", "newPassword": "y"}, format="json"), 404)

    def test_clears_needs_to_reset_password(self, client, user, token):
        User.objects.filter(pk=user.pk).update(needs_to_reset_password=True)
        client.put(reset_url(user), {"resetToken": token, "newPassword": NEW_PASSWORD}, format="json")
        user.refresh_from_db()
        assert not user.needs_to_reset_password


# --- administrators' reset ------------------------------------------------------------------------------------


def admin_reset_url(user_or_id):
    return f"/api/admin/catalogueUsers/{getattr(user_or_id, 'id', user_or_id)}/adminPasswordReset"


def temporary_password(message):
    match = re.search(r"Temporary password: (\S+)", message.body)
    assert match, message.body
    return match.group(1)


class TestAdminPasswordReset:
    def test_sets_and_emails_a_temporary_password(self, admin_client, user, mailoutbox):
        response = admin_client.put(admin_reset_url(user))
        assert response.status_code == 200, response.content
        assert response.json()["needsToResetPassword"] is True
        assert mailoutbox[-1].to == [user.email_address]
        temporary = temporary_password(mailoutbox[-1])
        assert not can_log_in(user.email_address, PASSWORD)
        from rest_framework.test import APIClient

        login = APIClient().post(LOGIN, {"username": user.email_address, "password": temporary}, format="json")
        assert login.status_code == 200 and login.json()["needsToResetPassword"] is True

    def test_ordinary_user_is_403(self, user_client, other_user, mailoutbox):
        error(user_client.put(admin_reset_url(other_user)), 403, message="User must be an application administrator")
        assert mailoutbox == [] and can_log_in(other_user.email_address, PASSWORD)

    def test_anonymous_is_401(self, client, user):
        error(client.put(admin_reset_url(user)), 401)

    def test_user_admin_cannot_reset_a_site_admin(self, user_admin_client, admin_user):
        error(user_admin_client.put(admin_reset_url(admin_user)), 403)
        assert can_log_in(admin_user.email_address, PASSWORD)

    def test_bad_and_unknown_ids_are_404(self, admin_client):
        error(admin_client.put(admin_reset_url("bad")), 404)
        error(admin_client.put(admin_reset_url(uuid.uuid4())), 404)
