"""The contract's input rule on the accounts create and update bodies: a missing or null required field is a 400,
a value of the wrong JSON type or a blank required text is a 422, and nothing is stored either way."""

import pytest

from accounts.models import ApiKey, ApiProperty, User, UserGroup
from tests.accounts.helpers import error, field_errors
from tests.catalogue.factories import make_folder
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

GROUPS = "/api/userGroups"


@pytest.fixture
def manager_client(db):
    """A folder administrator, who may create groups."""
    user = make_user("manager@example.com")
    make_folder("Managed", user=user)
    return logged_in_client(user)


@pytest.fixture
def group(manager_client):
    response = manager_client.post(GROUPS, {"name": "Curators", "description": "People"}, format="json")
    assert response.status_code == 201
    return UserGroup.objects.get(pk=response.json()["id"])


# --- user groups ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body,status,field", [
    ({"name": 5}, 422, "name"), ({"name": True}, 422, "name"), ({"name": ["x"]}, 422, "name"),
    ({"name": "ok", "description": 5}, 422, "description"), ({"name": " "}, 422, "name"),
    ({"name": ""}, 422, "name"), ({}, 400, "name"), ({"name": None}, 400, "name"),
    ({"description": 5}, 400, "name"),
])
def test_group_create(manager_client, body, status, field):
    before = UserGroup.objects.count()
    response = error(manager_client.post(GROUPS, body, format="json"), status)
    assert field_errors(response) == {field}
    assert UserGroup.objects.count() == before
    assert not UserGroup.objects.filter(name="5").exists()


@pytest.mark.parametrize("body,status", [
    ({"name": 5}, 422), ({"name": " "}, 422), ({"description": ["x"]}, 422), ({"name": "New", "description": 5}, 422),
    ({"name": None}, 400),
])
def test_group_update(manager_client, group, body, status):
    error(manager_client.put(f"{GROUPS}/{group.pk}", body, format="json"), status)
    group.refresh_from_db()
    assert (group.name, group.description) == ("Curators", "People")


# --- users ----------------------------------------------------------------------------------------------------

def registration(**overrides):
    body = {"emailAddress": "new@example.com", "firstName": "New", "lastName": "User"}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


@pytest.mark.parametrize("overrides,status", [
    ({"firstName": 5}, 422), ({"emailAddress": 5}, 422), ({"lastName": " "}, 422), ({"firstName": ...}, 400),
])
def test_registration(client, overrides, status):
    error(client.post("/api/catalogueUsers", registration(**overrides), format="json"), status)
    assert not User.objects.filter(email_address="new@example.com").exists()


@pytest.mark.parametrize("body,status", [({"firstName": 5}, 422), ({"jobTitle": 5}, 422), ({"disabled": 1}, 422),
                                         ({"firstName": ""}, 422), ({"firstName": None}, 400)])
def test_user_update(user_client, user, body, status):
    error(user_client.put(f"/api/catalogueUsers/{user.pk}", body, format="json"), status)
    user.refresh_from_db()
    assert user.first_name == "Test" and not user.disabled and not user.job_title


# --- API keys and properties ----------------------------------------------------------------------------------

@pytest.mark.parametrize("body,status", [({"name": 5}, 422), ({"name": " "}, 422),
                                         ({"name": "k", "refreshable": 1}, 422), ({}, 400)])
def test_api_key_create(user_client, user, body, status):
    error(user_client.post(f"/api/catalogueUsers/{user.pk}/apiKeys", body, format="json"), status)
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("body,status", [({"key": 5, "value": "v"}, 422), ({"key": " ", "value": "v"}, 422),
                                         ({"key": "k", "value": 5}, 422), ({"value": "v"}, 400)])
def test_property_create(admin_client, body, status):
    error(admin_client.post("/api/admin/properties", body, format="json"), status)
    assert not ApiProperty.objects.filter(value="v").exists() and not ApiProperty.objects.filter(key="k").exists()
