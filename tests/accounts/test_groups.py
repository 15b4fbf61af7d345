"""User groups and application roles over the API."""

import uuid

import pytest

from accounts.models import GroupRole, UserGroup
from tests.catalogue.factories import make_folder
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    """A user who administers a folder, so may create groups (container_group_admin)."""
    user = make_user("manager@example.com")
    make_folder("Managed", user=user)
    return user


@pytest.fixture
def manager_client(manager):
    return logged_in_client(manager)


def test_anonymous_cannot_list_or_create_groups(client):
    assert client.get("/api/userGroups").status_code == 401
    assert client.post("/api/userGroups", {"name": "x"}, format="json").status_code == 401


def test_plain_user_may_not_list_or_create_groups(user_client):
    assert user_client.get("/api/userGroups").status_code == 403
    response = user_client.post("/api/userGroups", {"name": "x"}, format="json")
    assert response.status_code == 403
    assert not UserGroup.objects.filter(name="x").exists()


def test_container_admin_creates_a_group_and_becomes_its_member(manager_client, manager):
    response = manager_client.post("/api/userGroups", {"name": "Curators", "description": "People"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Curators" and body["createdBy"] == manager.email_address
    assert response["Location"] == f"/api/userGroups/{body['id']}"
    group = UserGroup.objects.get(pk=body["id"])
    assert list(group.members.all()) == [manager]
    members = manager_client.get(f"/api/userGroups/{group.pk}/catalogueUsers").json()
    assert members["count"] == 1 and members["items"][0]["emailAddress"] == manager.email_address


@pytest.mark.parametrize("body,status", [({}, 400), ({"name": ""}, 422), ({"name": "   "}, 422), ([1], 400)])
def test_bad_group_bodies(manager_client, body, status):
    before = UserGroup.objects.count()
    response = manager_client.post("/api/userGroups", body, format="json")
    assert response.status_code == status
    assert UserGroup.objects.count() == before


def test_duplicate_group_name_is_422(manager_client):
    manager_client.post("/api/userGroups", {"name": "Dup"}, format="json")
    response = manager_client.post("/api/userGroups", {"name": "dup"}, format="json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"


def test_members_can_be_added_and_removed_but_not_the_last(manager_client, manager, other_user):
    group_id = manager_client.post("/api/userGroups", {"name": "G"}, format="json").json()["id"]
    assert manager_client.put(f"/api/userGroups/{group_id}/catalogueUsers/{other_user.pk}").status_code == 200
    assert UserGroup.objects.get(pk=group_id).members.count() == 2
    assert manager_client.delete(f"/api/userGroups/{group_id}/catalogueUsers/{other_user.pk}").status_code == 200
    response = manager_client.delete(f"/api/userGroups/{group_id}/catalogueUsers/{manager.pk}")
    assert response.status_code == 422
    assert UserGroup.objects.get(pk=group_id).members.count() == 1


def test_unknown_and_bad_ids_are_404(manager_client):
    assert manager_client.get(f"/api/userGroups/{uuid.uuid4()}").status_code == 404
    response = manager_client.get("/api/userGroups/not-a-uuid")
    assert response.status_code == 404 and response.json()["resource"] == "UserGroup"


def test_outsider_cannot_see_a_group_they_are_not_in(manager_client, user_client):
    group_id = manager_client.post("/api/userGroups", {"name": "Hidden"}, format="json").json()["id"]
    assert user_client.get(f"/api/userGroups/{group_id}").status_code == 404
    assert user_client.delete(f"/api/userGroups/{group_id}").status_code == 404
    assert UserGroup.objects.filter(pk=group_id).exists()


def test_member_who_did_not_create_the_group_cannot_change_it(manager_client, other_user):
    group_id = manager_client.post("/api/userGroups", {"name": "Mine"}, format="json").json()["id"]
    manager_client.put(f"/api/userGroups/{group_id}/catalogueUsers/{other_user.pk}")
    other = logged_in_client(other_user)
    assert other.get(f"/api/userGroups/{group_id}").status_code == 200
    assert other.put(f"/api/userGroups/{group_id}", {"name": "Theirs"}, format="json").status_code == 403
    assert UserGroup.objects.get(pk=group_id).name == "Mine"


def test_built_in_administrators_group_cannot_be_deleted(admin_client):
    group = UserGroup.administrators()
    response = admin_client.delete(f"/api/userGroups/{group.pk}")
    assert response.status_code == 403
    assert UserGroup.objects.filter(pk=group.pk).exists()


def test_update_and_delete_group(manager_client):
    group_id = manager_client.post("/api/userGroups", {"name": "Old"}, format="json").json()["id"]
    response = manager_client.put(f"/api/userGroups/{group_id}", {"name": "New"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "New"
    assert manager_client.delete(f"/api/userGroups/{group_id}").status_code == 204
    assert not UserGroup.objects.filter(pk=group_id).exists()


def test_group_roles_are_listed_for_administrators_only(admin_client, user_client):
    body = admin_client.get("/api/admin/groupRoles?all=true").json()
    names = {item["name"] for item in body["items"]}
    assert {"site_admin", "container_admin", "editor", "author", "reviewer", "reader"} <= names
    assert user_client.get("/api/admin/groupRoles").status_code == 403
    application = admin_client.get("/api/admin/applicationGroupRoles").json()
    assert all(item["applicationLevelRole"] for item in application["items"])
    assert user_client.get("/api/admin/applicationGroupRoles").status_code == 403


def test_application_role_given_to_a_group_makes_its_members_administrators(admin_client, user):
    group = UserGroup.objects.create(name="Ops")
    group.members.add(user)
    role = GroupRole.objects.get(name="application_admin")
    url = f"/api/admin/applicationGroupRoles/{role.pk}/userGroups/{group.pk}"
    assert admin_client.put(url).status_code == 200
    client = logged_in_client(user)
    assert client.get("/api/session/isApplicationAdministration").json()["applicationAdministrationSession"]
    assert admin_client.delete(url).status_code == 200
    assert UserGroup.objects.get(pk=group.pk).application_role == ""


def test_resource_role_is_not_an_application_role(admin_client):
    group = UserGroup.objects.create(name="Ops")
    role = GroupRole.objects.get(name="editor")
    assert admin_client.put(f"/api/admin/applicationGroupRoles/{role.pk}/userGroups/{group.pk}").status_code == 404
