"""Self-registration: `POST /api/catalogueUsers` by anonymous visitors."""

import pytest

from accounts.models import User
from tests.accounts.helpers import error, field_errors
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

USERS = "/api/catalogueUsers"
LOGGED_IN = "Cannot be logged in and request reset password link or self register"


def registration(**overrides):
    body = {"emailAddress": "New.Person@Example.com", "firstName": "New", "lastName": "Person",
            "password": "a-Good-passw0rd", "organisation": "Org", "jobTitle": "Analyst"}
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not ...}


def test_anonymous_registration_creates_a_pending_user(client, mailoutbox):
    response = client.post(USERS, registration(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    user = User.objects.get(email_address="new.person@example.com")
    assert response["Location"].endswith(f"/api/catalogueUsers/{user.id}")
    assert body["id"] == str(user.id)
    assert body["emailAddress"] == "new.person@example.com"
    assert body["pending"] is True and body["disabled"] is False
    assert body["createdBy"] == "new.person@example.com"
    assert body["creationMethod"] == "Standard"
    assert body["organisation"] == "Org" and body["jobTitle"] == "Analyst"
    assert body["availableActions"] == []
    assert user.pending and user.check_password("a-Good-passw0rd")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new.person@example.com"]


def test_pending_user_cannot_log_in_until_approved(client):
    client.post(USERS, registration(), format="json")
    login = {"username": "new.person@example.com", "password": "a-Good-passw0rd"}
    assert client.post("/api/authentication/login", login, format="json").status_code == 401
    User.objects.filter(email_address="new.person@example.com").update(pending=False)
    assert client.post("/api/authentication/login", login, format="json").status_code == 200


def test_registration_without_password_or_optional_fields(client):
    response = client.post(USERS, registration(password=..., organisation=..., jobTitle=...), format="json")
    assert response.status_code == 201
    body = response.json()
    assert "organisation" not in body and "jobTitle" not in body
    assert not User.objects.get(email_address="new.person@example.com").has_usable_password()


def test_null_optional_fields_are_accepted(client):
    response = client.post(USERS, registration(organisation=None, jobTitle=None, password=None), format="json")
    assert response.status_code == 201


def test_logged_in_user_gets_405_and_nothing_is_created(user_client):
    before = User.objects.count()
    body = error(user_client.post(USERS, registration(), format="json"), 405, message=LOGGED_IN)
    assert body["reason"] == "Method Not Allowed"
    assert User.objects.count() == before


def test_the_405_comes_before_reading_the_body(user_client):
    error(user_client.post(USERS, data="{broken", content_type="application/json"), 405)


@pytest.mark.parametrize("email", ["reader@example.com", "READER@example.COM", " reader@example.com "])
def test_duplicate_email_is_422(client, user, email):
    body = error(client.post(USERS, registration(emailAddress=email), format="json"), 422)
    assert "emailAddress" in field_errors(body)
    assert User.objects.filter(email_address="reader@example.com").count() == 1
    assert User.objects.count() == 1


@pytest.mark.parametrize("email", ["not-an-email", "a@", "@b.com", "a b@c.com"])
def test_invalid_email_is_422(client, email):
    body = error(client.post(USERS, registration(emailAddress=email), format="json"), 422)
    assert "emailAddress" in field_errors(body)
    assert not User.objects.exists()


@pytest.mark.parametrize("missing", ["emailAddress", "firstName", "lastName"])
def test_missing_required_field_is_400(client, missing):
    body = error(client.post(USERS, registration(**{missing: ...}), format="json"), 400)
    assert missing in field_errors(body)
    assert not User.objects.exists()


@pytest.mark.parametrize("field,value", [
    ("firstName", 123), ("lastName", ["x"]), ("emailAddress", {"a": 1}), ("password", 12345678),
    ("organisation", False),
])
def test_wrong_types_are_422(client, field, value):
    body = error(client.post(USERS, registration(**{field: value}), format="json"), 422)
    assert field in field_errors(body)
    assert not User.objects.exists()


def test_null_email_is_400(client):
    body = error(client.post(USERS, registration(emailAddress=None), format="json"), 400)
    assert "emailAddress" in field_errors(body)
    assert not User.objects.exists()


def test_missing_field_wins_over_invalid_value(client):
    body = error(client.post(USERS, registration(firstName=..., emailAddress="bad"), format="json"), 400)
    assert field_errors(body) == {"firstName"}


@pytest.mark.parametrize("field,value", [("firstName", "   "), ("lastName", ""), ("firstName", "x" * 256),
                                         ("password", "   ")])
def test_blank_or_too_long_values_are_422(client, field, value):
    error(client.post(USERS, registration(**{field: value}), format="json"), 422)
    assert not User.objects.exists()


@pytest.mark.parametrize("data", ["{not json", "[1, 2]", '"text"', "42", "null"])
def test_malformed_or_non_object_bodies_are_400(client, data):
    error(client.post(USERS, data=data, content_type="application/json"), 400)
    assert not User.objects.exists()


def test_registrations_are_rate_limited_per_client(client, settings):
    settings.REGISTRATION_LIMIT_PER_CLIENT = 2
    for n in range(2):
        assert client.post(USERS, registration(emailAddress=f"p{n}@example.com"), format="json").status_code == 201
    body = error(client.post(USERS, registration(emailAddress="p3@example.com"), format="json"), 429)
    assert body["errorCode"] == "THR03"
    assert not User.objects.filter(email_address="p3@example.com").exists()


def test_unknown_method_on_the_collection_is_404_with_allow(client):
    response = client.patch(USERS, {}, format="json")
    error(response, 404)
    assert "POST" in response["Allow"] and "GET" in response["Allow"]


def test_password_of_registration_is_not_echoed(client):
    body = client.post(USERS, registration(), format="json").json()
    assert "password" not in body and PASSWORD not in str(body)


def test_a_failing_mail_server_does_not_fail_the_registration(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("accounts.emails.send_mail", broken)
    response = client.post(USERS, registration(), format="json")
    assert response.status_code == 201
    assert User.objects.filter(email_address="new.person@example.com", pending=True).exists()
    assert "Could not send" in caplog.text
