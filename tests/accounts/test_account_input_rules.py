"""The input rule on every account body, field by field: a wrong JSON type or a blank text is a 422 naming the
field, a missing required field on a create is a 400 naming it, and nothing is stored or changed either way.
Also the one administrator rule: every administration route refuses a non-administrator with the same 403."""

import pytest

from accounts.models import ApiKey, ApiProperty, User
from tests.accounts.helpers import NOT_ADMIN, error, field_errors
from tests.conftest import PASSWORD, logged_in_client, make_user

pytestmark = pytest.mark.django_db

ADMIN_REGISTER = "/api/admin/catalogueUsers/adminRegister"
PROPERTIES = "/api/admin/properties"


def without(body, *names):
    return {key: value for key, value in body.items() if key not in names}


def refused(response, status, field):
    """The error answer, which names exactly `field`."""
    body = error(response, status)
    assert field_errors(body) == {field}, body
    return body


# --- creates --------------------------------------------------------------------------------------------------

REGISTRATION = {"emailAddress": "new@example.com", "firstName": "New", "lastName": "User", "password": PASSWORD}


@pytest.mark.parametrize("body,status,field", [
    ({**REGISTRATION, "firstName": 5}, 422, "firstName"),
    ({**REGISTRATION, "emailAddress": ["new@example.com"]}, 422, "emailAddress"),
    ({**REGISTRATION, "password": 12345678}, 422, "password"),
    ({**REGISTRATION, "organisation": {"name": "x"}}, 422, "organisation"),
    ({**REGISTRATION, "lastName": "  "}, 422, "lastName"),
    ({**REGISTRATION, "firstName": ""}, 422, "firstName"),
    (without(REGISTRATION, "lastName"), 400, "lastName"),
    (without(REGISTRATION, "emailAddress"), 400, "emailAddress"),
])
def test_self_registration(client, body, status, field):
    refused(client.post("/api/catalogueUsers", body, format="json"), status, field)
    assert not User.objects.filter(email_address="new@example.com").exists()


def test_self_registration_ignores_what_a_visitor_may_not_set(client):
    response = client.post("/api/catalogueUsers", {**REGISTRATION, "disabled": True, "pending": False,
                                                   "groups": ["not an id"]}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["pending"] is True and response.json()["disabled"] is False
    assert User.objects.get(email_address="new@example.com").user_groups.count() == 0


ADMIN_REGISTRATION = {"emailAddress": "made@example.com", "firstName": "Made", "lastName": "ByAdmin"}


@pytest.mark.parametrize("body,status,field", [
    ({**ADMIN_REGISTRATION, "firstName": 5}, 422, "firstName"),
    ({**ADMIN_REGISTRATION, "jobTitle": True}, 422, "jobTitle"),
    ({**ADMIN_REGISTRATION, "groups": "everyone"}, 422, "groups"),
    ({**ADMIN_REGISTRATION, "groups": [5]}, 422, "groups"),
    ({**ADMIN_REGISTRATION, "lastName": " "}, 422, "lastName"),
    ({**ADMIN_REGISTRATION, "emailAddress": ""}, 422, "emailAddress"),
    (without(ADMIN_REGISTRATION, "firstName"), 400, "firstName"),
    ({**ADMIN_REGISTRATION, "emailAddress": None}, 400, "emailAddress"),
])
def test_admin_registration(admin_client, body, status, field):
    refused(admin_client.post(ADMIN_REGISTER, body, format="json"), status, field)
    assert not User.objects.filter(email_address="made@example.com").exists()


@pytest.mark.parametrize("body,status,field", [
    ({"name": 5}, 422, "name"), ({"name": "k", "expiresInDays": "30"}, 422, "expiresInDays"),
    ({"name": "k", "refreshable": "yes"}, 422, "refreshable"), ({"name": ""}, 422, "name"),
    ({"name": "   "}, 422, "name"), ({"expiresInDays": 3}, 400, "name"), ({"name": None}, 400, "name"),
])
def test_api_key_create(user_client, user, body, status, field):
    refused(user_client.post(f"/api/catalogueUsers/{user.pk}/apiKeys", body, format="json"), status, field)
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("body,status,field", [
    ({"key": "a.b", "value": True}, 422, "value"), ({"key": "a.b", "value": "v", "category": 1}, 422, "category"),
    ({"key": "a.b", "value": "v", "publiclyVisible": "true"}, 422, "publiclyVisible"),
    ({"key": "", "value": "v"}, 422, "key"), ({"key": "a.b"}, 400, "value"), ({"value": "v"}, 400, "key"),
])
def test_property_create(admin_client, body, status, field):
    refused(admin_client.post(PROPERTIES, body, format="json"), status, field)
    assert not ApiProperty.objects.exists()


# --- updates --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body,status,field", [
    ({"lastName": 5}, 422, "lastName"), ({"emailAddress": 5}, 422, "emailAddress"),
    ({"organisation": 5}, 422, "organisation"), ({"groups": {"id": 5}}, 422, "groups"),
    ({"lastName": ""}, 422, "lastName"), ({"emailAddress": " "}, 422, "emailAddress"),
    ({"firstName": None}, 400, "firstName"),
])
def test_user_update_changes_nothing(admin_client, user, body, status, field):
    before = User.objects.filter(pk=user.pk).values().get()
    refused(admin_client.put(f"/api/catalogueUsers/{user.pk}", body, format="json"), status, field)
    assert User.objects.filter(pk=user.pk).values().get() == before


def test_user_update_is_partial(user_client, user):
    response = user_client.put(f"/api/catalogueUsers/{user.pk}", {"jobTitle": "Curator"}, format="json")
    assert response.status_code == 200, response.content
    user.refresh_from_db()
    assert (user.first_name, user.job_title, user.email_address) == ("Test", "Curator", "reader@example.com")


@pytest.fixture
def prop(db):
    return ApiProperty.objects.create(key="site.name", value="Catalogue", category="site", created_by="x",
                                      last_updated_by="x")


@pytest.mark.parametrize("body,status,field", [
    ({"key": 5}, 422, "key"), ({"value": 5}, 422, "value"), ({"publiclyVisible": 1}, 422, "publiclyVisible"),
    ({"key": " "}, 422, "key"), ({"value": None}, 400, "value"),
])
def test_property_update_changes_nothing(admin_client, prop, body, status, field):
    refused(admin_client.put(f"{PROPERTIES}/{prop.pk}", body, format="json"), status, field)
    prop.refresh_from_db()
    assert (prop.key, prop.value, prop.category, prop.publicly_visible) == ("site.name", "Catalogue", "site", False)


def test_property_update_is_partial(admin_client, prop):
    response = admin_client.put(f"{PROPERTIES}/{prop.pk}", {"value": "Other"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["key"] == "site.name" and response.json()["category"] == "site"


# --- other bodies: passwords, search --------------------------------------------------------------------------

@pytest.mark.parametrize("body,status,field", [
    ({"oldPassword": PASSWORD, "newPassword": 5}, 422, "newPassword"),
    ({"oldPassword": True, "newPassword": "An0ther-passw0rd"}, 422, "oldPassword"),
    ({"oldPassword": PASSWORD, "newPassword": "   "}, 422, "newPassword"),
    ({"newPassword": "An0ther-passw0rd"}, 400, "oldPassword"),
])
def test_change_password_keeps_the_old_one(user_client, user, body, status, field):
    refused(user_client.put(f"/api/catalogueUsers/{user.pk}/changePassword", body, format="json"), status, field)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("body,status,field", [
    ({"resetToken": 5, "newPassword": "An0ther-passw0rd"}, 422, "resetToken"),
    ({"resetToken": "t", "newPassword": ["x"]}, 422, "newPassword"),
    ({"newPassword": "An0ther-passw0rd"}, 400, "resetToken"),
])
def test_reset_password_keeps_the_old_one(client, user, body, status, field):
    refused(client.put(f"/api/catalogueUsers/{user.pk}/resetPassword", body, format="json"), status, field)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("body,field", [({"searchTerm": 5}, "searchTerm"), ({"max": "5"}, "max"),
                                        ({"offset": 1.5}, "offset")])
def test_search_body(user_client, body, field):
    refused(user_client.post("/api/catalogueUsers/search", body, format="json"), 422, field)


# --- permissions ----------------------------------------------------------------------------------------------

USER_ADMIN_ROUTES = [("get", "/api/admin/catalogueUsers/pending"), ("get", "/api/admin/catalogueUsers/pendingCount"),
                     ("get", "/api/admin/catalogueUsers/userExists/a@example.com"),
                     ("post", ADMIN_REGISTER), ("get", "/api/admin/catalogueUsers/exportUsers"),
                     ("get", "/api/catalogueUsers")]
APPLICATION_ADMIN_ROUTES = [("get", "/api/admin/status"), ("get", "/api/admin/modules"),
                            ("get", "/api/admin/activeSessions"), ("get", PROPERTIES), ("post", PROPERTIES)]


@pytest.mark.parametrize("method,path", USER_ADMIN_ROUTES + APPLICATION_ADMIN_ROUTES)
def test_one_administrator_rule_one_error_code(client, user_client, method, path):
    error(getattr(client, method)(path, {"key": "a.b", "value": "v"} if method == "post" else None, format="json"),
          401)
    body = error(getattr(user_client, method)(path, ADMIN_REGISTRATION if method == "post" else None,
                                              format="json"), 403, message=NOT_ADMIN, code="PERM07")
    assert body["additional"] == NOT_ADMIN
    assert not User.objects.filter(email_address="made@example.com").exists() and not ApiProperty.objects.exists()


@pytest.mark.parametrize("action", ["adminPasswordReset", "approveRegistration", "rejectRegistration"])
def test_admin_actions_on_one_user(client, user_client, user_admin_client, admin_user, other_user, action):
    path = f"/api/admin/catalogueUsers/{other_user.pk}/{action}"
    error(client.put(path), 401)
    error(user_client.put(path), 403, message=NOT_ADMIN, code="PERM07")
    error(user_admin_client.put("/api/admin/catalogueUsers/5d0c7f3e-0000-4000-8000-000000000000/" + action), 404)
    error(user_admin_client.put(f"/api/admin/catalogueUsers/{admin_user.pk}/{action}"), 403)  # outranks them
    admin_user.refresh_from_db()
    assert not admin_user.disabled and not admin_user.needs_to_reset_password


def test_user_admin_routes_accept_a_user_administrator(user_admin_client):
    for method, path in USER_ADMIN_ROUTES:
        if method == "get":
            assert user_admin_client.get(path).status_code == 200, path


def test_reset_link_answers_an_empty_text(client, user):
    response = client.get(f"/api/catalogueUsers/resetPasswordLink/{user.email_address}")
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Type"].startswith("text/plain")
    unknown = client.get("/api/catalogueUsers/resetPasswordLink/nobody@example.com")
    assert (unknown.status_code, unknown.content, unknown["Content-Type"]) == (200, b"", response["Content-Type"])


def test_reset_link_while_logged_in_is_405(user_client, user):
    error(user_client.get(f"/api/catalogueUsers/resetPasswordLink/{user.email_address}"), 405)


def test_api_key_routes_need_the_owner_for_making_keys(user_admin_client, user, other_user):
    """A user administrator may list and revoke the keys of a user they manage, but not make or revive them."""
    owner_client = logged_in_client(user)
    key = owner_client.post(f"/api/catalogueUsers/{user.pk}/apiKeys", {"name": "k"}, format="json").json()
    base = f"/api/catalogueUsers/{user.pk}/apiKeys"
    assert user_admin_client.get(base).json()["count"] == 1
    error(user_admin_client.post(base, {"name": "theirs"}, format="json"), 403)
    error(user_admin_client.put(f"{base}/{key['id']}/enable"), 403)
    error(user_admin_client.put(f"{base}/{key['id']}/refresh/10"), 403)
    assert ApiKey.objects.filter(user=user).count() == 1
    error(logged_in_client(other_user).get(base), 404)
    assert user_admin_client.put(f"{base}/{key['id']}/disable").json()["disabled"] is True


def test_only_the_user_changes_their_password(admin_client, user):
    error(admin_client.put(f"/api/catalogueUsers/{user.pk}/changePassword",
                           {"oldPassword": PASSWORD, "newPassword": "An0ther-passw0rd"}, format="json"), 403)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_anonymous_on_a_user_is_401_before_the_body(client, user):
    error(client.put(f"/api/catalogueUsers/{user.pk}", data="{oops", content_type="application/json"), 401)
    make_user("someone@example.com")
    error(client.put(f"/api/catalogueUsers/{user.pk}/changePassword", {}, format="json"), 401)
