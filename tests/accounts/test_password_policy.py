"""Passwords users choose must pass the password validators: registration, change, reset and the admin's add form.

Each refusal is a 422 listing every validator's message for the field the endpoint names, and stores nothing.
Passwords the system makes (temporary ones) and the bootstrap administrator's are set without the check.
"""

import re

import pytest
from django.contrib.auth import password_validation
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.helpers import error, field_errors
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/api/authentication/login"
TOO_SHORT = "This password is too short. It must contain at least 8 characters."
NUMERIC = "This password is entirely numeric."
COMMON = "This password is too common."


def can_log_in(email, password):
    return APIClient().post(LOGIN, {"username": email, "password": password}, format="json").status_code == 200


def messages(body):
    return [entry["message"] for entry in body["errors"]]


def register(client, password, **fields):
    body = {"emailAddress": "new.person@example.com", "firstName": "Newton", "lastName": "Quartermaine",
            "password": password, **fields}
    return client.post("/api/catalogueUsers", body, format="json")


class TestRegistration:
    def test_password_one_is_refused_with_every_reason(self, client, mailoutbox):
        body = error(register(client, "1"), 422)
        assert body["total"] == len(body["errors"]) >= 3
        assert {TOO_SHORT, NUMERIC, COMMON} <= set(messages(body))
        assert field_errors(body) == {"password"}
        assert not User.objects.filter(email_address="new.person@example.com").exists()
        assert mailoutbox == []

    @pytest.mark.parametrize("password,message", [
        ("short1!", TOO_SHORT),
        ("8675309123", NUMERIC),
        ("password123", COMMON),
        ("qwertyuiop", COMMON),
        ("new.person@example.com", "The password is too similar to the email address."),
        ("Quartermaine", "The password is too similar to the last name."),
    ])
    def test_each_validator_applies(self, client, password, message):
        body = error(register(client, password), 422)
        assert message in messages(body)
        assert not User.objects.exists()

    def test_a_good_password_is_accepted(self, client):
        assert register(client, "violet-Harbour-71").status_code == 201

    def test_minimum_length_follows_the_validator_settings(self, client, settings):
        settings.AUTH_PASSWORD_VALIDATORS = [
            {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
             "OPTIONS": {"min_length": 14}}]
        password_validation.get_default_password_validators.cache_clear()
        try:
            body = error(register(client, "violet-Harb71"), 422)
            assert messages(body) == ["This password is too short. It must contain at least 14 characters."]
        finally:
            password_validation.get_default_password_validators.cache_clear()


class TestChange:
    def url(self, user):
        return f"/api/catalogueUsers/{user.id}/changePassword"

    def test_changing_to_password_one_is_refused(self, user_client, user):
        body = error(user_client.put(self.url(user), {"oldPassword": PASSWORD, "newPassword": "1"}, format="json"),
                     422)
        assert {TOO_SHORT, NUMERIC, COMMON} <= set(messages(body))
        assert field_errors(body) == {"newPassword"} and body["total"] == len(body["errors"])
        assert can_log_in(user.email_address, PASSWORD) and not can_log_in(user.email_address, "1")

    def test_changing_to_the_email_address_is_refused(self, user_client, user):
        body = error(user_client.put(self.url(user), {"oldPassword": PASSWORD, "newPassword": user.email_address},
                                     format="json"), 422)
        assert messages(body) == ["The password is too similar to the email address."]


class TestReset:
    def test_resetting_to_a_weak_password_is_refused_and_the_token_kept(self, client, user, mailoutbox):
        client.get(f"/api/catalogueUsers/resetPasswordLink/{user.email_address}")
        token = re.search(r"token=([0-9a-f-]+)", mailoutbox[-1].body).group(1)
        url = f"/api/catalogueUsers/{user.id}/resetPassword"
        body = error(client.put(url, {"resetToken": token, "newPassword": "12345678"}, format="json"), 422)
        assert NUMERIC in messages(body) and COMMON in messages(body)
        assert field_errors(body) == {"newPassword"}
        assert can_log_in(user.email_address, PASSWORD)
        assert client.put(url, {"resetToken": token, "newPassword": "violet-Harbour-71"},
                          format="json").status_code == 200


class TestAdminSite:
    def test_adding_a_user_with_a_weak_password_is_refused(self, admin_user):
        browser = Client()
        browser.force_login(admin_user)
        response = browser.post("/admin/accounts/user/add/", {
            "email_address": "weak@example.com", "first_name": "Weak", "last_name": "Password", "organisation": "",
            "job_title": "", "password": "1"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "This password is too short" in page and "This password is entirely numeric" in page
        assert not User.objects.filter(email_address="weak@example.com").exists()


class TestPasswordsTheSystemSets:
    def test_admin_registration_and_reset_issue_temporary_passwords_that_pass(self, admin_client, mailoutbox):
        response = admin_client.post("/api/admin/catalogueUsers/adminRegister", {
            "emailAddress": "issued@example.com", "firstName": "Is", "lastName": "Sued"}, format="json")
        assert response.status_code == 201, response.content
        temporary = re.search(r"Temporary password: (\S+)", mailoutbox[-1].body).group(1)
        password_validation.validate_password(temporary, User.objects.get(email_address="issued@example.com"))
        assert can_log_in("issued@example.com", temporary)

    def test_bootstrap_administrator_keeps_the_documented_password(self, settings):
        settings.BOOTSTRAP_ADMIN_PASSWORD = "password"
        call_command("bootstrap", "--no-demo")
        assert can_log_in("admin@maurodatamapper.com", "password")

    def test_users_made_in_code_are_not_checked(self):
        make_user("scripted@example.com", first_name="Scripted")
        User.objects.create_user("weak@example.com", "1", first_name="Weak", last_name="Password", pending=False)
        assert can_log_in("weak@example.com", "1")
