"""Who sees which groups, their members and their grants: nobody learns of others' private content here."""

import pytest

from accounts.models import ApplicationRole, GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.accounts.helpers import error, make_role_user
from tests.catalogue.factories import make_data_model, make_folder
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim(db):
    """Owns a private folder and model: her personal group holds the grants on both."""
    user = make_user("victim@example.org")
    folder = make_folder("Diagnoses", user=user)
    make_data_model("Patients", folder=folder, user=user)
    return user


@pytest.fixture
def victim_group(victim):
    """The group holding the victim's creator roles (her personal group)."""
    folder = m.Folder.objects.get(label="Diagnoses")
    return SecurableResourceGroupRole.objects.get(securable_resource_id=folder.pk).user_group


@pytest.fixture
def prober(db):
    """Owns a folder of their own, so may create groups and use the group list."""
    user = make_user("prober@example.org")
    make_folder("Own", user=user)
    return user


@pytest.fixture
def prober_client(prober):
    return logged_in_client(prober)


@pytest.fixture
def administrators(admin_user):
    return UserGroup.administrators()


def test_folder_owner_lists_only_their_own_groups(prober_client, prober, victim_group, administrators):
    mine = prober_client.post("/api/userGroups", {"name": "Mine"}, format="json").json()["id"]
    body = prober_client.get("/api/userGroups?all=true").json()
    names = {item["name"] for item in body["items"]}
    assert names == {"Mine", "prober@example.org Group"}
    assert body["count"] == 2 and mine in {item["id"] for item in body["items"]}


def test_grants_and_members_of_another_users_personal_group_are_hidden(prober_client, victim_group):
    for path in ("", "/catalogueUsers", "/securableResourceGroupRoles"):
        body = error(prober_client.get(f"/api/userGroups/{victim_group.pk}{path}"), 404)
        assert body["resource"] == "UserGroup" and body["id"] == str(victim_group.pk)


def test_members_of_administrators_are_hidden_from_a_folder_owner(prober_client, administrators):
    error(prober_client.get(f"/api/userGroups/{administrators.pk}"), 404)
    error(prober_client.get(f"/api/userGroups/{administrators.pk}/catalogueUsers"), 404)
    error(prober_client.get(f"/api/userGroups/{administrators.pk}/securableResourceGroupRoles"), 404)


def test_a_member_sees_the_group_but_not_its_members_or_grants(victim, victim_group):
    colleague = make_user("colleague@example.org")
    assert logged_in_client(victim).put(f"/api/userGroups/{victim_group.pk}/catalogueUsers/{colleague.pk}") \
        .status_code == 200
    client = logged_in_client(colleague)
    assert client.get(f"/api/userGroups/{victim_group.pk}").json()["availableActions"] == ["show"]
    error(client.get(f"/api/userGroups/{victim_group.pk}/catalogueUsers"), 403)
    error(client.get(f"/api/userGroups/{victim_group.pk}/securableResourceGroupRoles"), 403)


def test_application_admin_sees_grants_only_on_what_they_can_read(victim, victim_group, administrators):
    app_admin = make_role_user("appadmin@example.org", ApplicationRole.APPLICATION_ADMIN)
    client = logged_in_client(app_admin)
    url = f"/api/userGroups/{victim_group.pk}/securableResourceGroupRoles"
    assert client.get(url).json() == {"count": 0, "items": []}
    folder = m.Folder.objects.get(label="Diagnoses")
    m.Folder.objects.filter(pk=folder.pk).update(readable_by_everyone=True)
    body = client.get(url).json()
    assert body["count"] == 2  # the folder, and the model inside it, now public
    assert {item["securableResourceDomainType"] for item in body["items"]} == {"Folder", "DataModel"}
    members = client.get(f"/api/userGroups/{administrators.pk}/catalogueUsers").json()
    assert [item["emailAddress"] for item in members["items"]] == ["admin@example.com"]


def test_owner_and_site_admin_see_every_grant_of_the_personal_group(victim, victim_group, admin_client):
    url = f"/api/userGroups/{victim_group.pk}/securableResourceGroupRoles"
    assert logged_in_client(victim).get(url).json()["count"] == 2
    assert admin_client.get(url).json()["count"] == 2


def test_creator_sees_only_grants_on_resources_they_can_read(prober, prober_client):
    helper = make_user("helper@example.org")
    group_id = prober_client.post("/api/userGroups", {"name": "Reviewers"}, format="json").json()["id"]
    assert prober_client.put(f"/api/userGroups/{group_id}/catalogueUsers/{helper.pk}").status_code == 200
    assert prober_client.delete(f"/api/userGroups/{group_id}/catalogueUsers/{prober.pk}").status_code == 200
    stranger = make_user("stranger@example.org")
    secret = make_folder("Secret", user=stranger)
    SecurableResourceGroupRole.objects.create(
        user_group_id=group_id, group_role=GroupRole.objects.get(name="reader"),
        securable_resource_domain_type="Folder", securable_resource_id=secret.pk)
    own = m.Folder.objects.get(label="Own")
    prober_client.post(f"/api/folders/{own.pk}/groupRoles/{GroupRole.objects.get(name='reader').pk}"
                       f"/userGroups/{group_id}")

    body = prober_client.get(f"/api/userGroups/{group_id}/securableResourceGroupRoles").json()
    assert [item["securableResourceId"] for item in body["items"]] == [str(own.pk)]
    assert body["count"] == 1
    members = prober_client.get(f"/api/userGroups/{group_id}/catalogueUsers").json()
    assert [item["emailAddress"] for item in members["items"]] == ["helper@example.org"]
