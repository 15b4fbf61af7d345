"""Granting and revoking resource roles; permissions; effect on what users see, from the next request on."""

import uuid

import pytest

from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.catalogue.factories import make_data_model, make_folder
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(db, user):
    group = UserGroup.objects.create(name="Readers")
    group.members.add(user)
    return group


def role(name):
    return GroupRole.objects.get(name=name)


def grant_url(folder):
    return f"/api/folders/{folder.pk}/securableResourceGroupRoles"


def test_grant_and_revoke_take_effect_on_the_next_request(owner_client, folder, readers, user_client):
    assert user_client.get(f"/api/folders/{folder.pk}/permissions").status_code == 404
    body = {"groupRole": {"id": str(role("reader").pk)}, "userGroup": {"id": str(readers.pk)}}
    response = owner_client.post(grant_url(folder), body, format="json")
    assert response.status_code == 201
    grant = response.json()
    assert grant["groupRole"]["name"] == "reader" and grant["userGroup"]["name"] == "Readers"
    assert grant["securableResourceDomainType"] == "Folder" and grant["securableResourceId"] == str(folder.pk)
    assert user_client.get(f"/api/folders/{folder.pk}/permissions").status_code == 200
    assert owner_client.delete(f"{grant_url(folder)}/{grant['id']}").status_code == 204
    assert user_client.get(f"/api/folders/{folder.pk}/permissions").status_code == 404


def test_grant_by_role_and_group_route(owner_client, folder, readers):
    url = f"/api/folders/{folder.pk}/groupRoles/{role('editor').pk}/userGroups/{readers.pk}"
    assert owner_client.post(url).status_code == 201
    holders = owner_client.get(f"/api/folders/{folder.pk}/groupRoles/{role('editor').pk}/userGroups").json()
    assert [g["name"] for g in holders["items"]] == ["Readers"]
    assert owner_client.delete(url).status_code == 204
    assert not SecurableResourceGroupRole.objects.filter(user_group=readers).exists()


def test_second_role_for_the_same_group_is_422(owner_client, folder, readers):
    body = {"groupRole": {"id": str(role("reader").pk)}, "userGroup": {"id": str(readers.pk)}}
    owner_client.post(grant_url(folder), body, format="json")
    body["groupRole"]["id"] = str(role("editor").pk)
    assert owner_client.post(grant_url(folder), body, format="json").status_code == 422
    assert SecurableResourceGroupRole.objects.filter(user_group=readers).count() == 1


def test_application_role_cannot_be_granted_on_a_resource(owner_client, folder, readers):
    body = {"groupRole": {"id": str(role("site_admin").pk)}, "userGroup": {"id": str(readers.pk)}}
    assert owner_client.post(grant_url(folder), body, format="json").status_code == 422


@pytest.mark.parametrize("body,status", [
    ({}, 400),
    ({"groupRole": {"id": "nope"}, "userGroup": {"id": "nope"}}, 422),
    ({"groupRole": {"id": str(uuid.uuid4())}, "userGroup": {"id": str(uuid.uuid4())}}, 422),
    ("[]", 400),
])
def test_bad_grant_bodies(owner_client, folder, body, status):
    if body == "[]":
        response = owner_client.post(grant_url(folder), data="[]", content_type="application/json")
    else:
        response = owner_client.post(grant_url(folder), body, format="json")
    assert response.status_code == status
    assert not SecurableResourceGroupRole.objects.filter(securable_resource_id=folder.pk).exclude(
        user_group__name__endswith=" Group").exists()


def test_reader_may_not_grant(owner_client, folder, readers, user_client):
    owner_client.post(f"/api/folders/{folder.pk}/groupRoles/{role('reader').pk}/userGroups/{readers.pk}")
    url = f"/api/folders/{folder.pk}/groupRoles/{role('editor').pk}/userGroups/{readers.pk}"
    assert user_client.post(url).status_code == 403


def test_anonymous_grant_is_401_and_hidden_resource_is_404(client, user_client, folder, readers):
    url = f"/api/folders/{folder.pk}/groupRoles/{role('editor').pk}/userGroups/{readers.pk}"
    assert client.post(url).status_code == 401
    assert user_client.post(url).status_code == 404
    assert user_client.get(f"/api/folders/{uuid.uuid4()}/securableResourceGroupRoles").status_code == 404


def test_unknown_and_non_securable_types(owner_client):
    assert owner_client.get(f"/api/bananas/{uuid.uuid4()}/permissions").status_code == 400
    assert owner_client.get(f"/api/dataClasses/{uuid.uuid4()}/permissions").status_code == 404


def test_model_grants_need_editor_and_offer_the_editor_chain(owner, owner_client, folder):
    model = make_data_model("Owned model", folder=folder, user=owner)
    roles = owner_client.get(f"/api/dataModels/{model.pk}/groupRoles").json()
    assert [r["name"] for r in roles["items"]] == ["editor", "author", "reviewer", "reader"]
    container = owner_client.get(f"/api/folders/{folder.pk}/groupRoles").json()
    assert container["items"][0]["name"] == "container_admin"


def test_permissions_lists_reader_and_writer_groups(owner_client, folder, readers):
    editors = UserGroup.objects.create(name="Editors")
    owner_client.post(f"/api/folders/{folder.pk}/groupRoles/{role('reader').pk}/userGroups/{readers.pk}")
    owner_client.post(f"/api/folders/{folder.pk}/groupRoles/{role('container_admin').pk}/userGroups/{editors.pk}")
    body = owner_client.get(f"/api/folders/{folder.pk}/permissions").json()
    assert body["readableByEveryone"] is False and body["readableByAuthenticated"] is False
    assert {g["name"] for g in body["readableByGroups"]} >= {"Readers", "Editors"}
    assert "Editors" in {g["name"] for g in body["writeableByGroups"]}
    assert "Readers" not in {g["name"] for g in body["writeableByGroups"]}
    assert body["readableByUsers"] == [] and body["writeableByUsers"] == []


def test_user_group_lists_its_grants(owner_client, folder, readers, admin_client):
    owner_client.post(f"/api/folders/{folder.pk}/groupRoles/{role('reader').pk}/userGroups/{readers.pk}")
    body = admin_client.get(f"/api/userGroups/{readers.pk}/securableResourceGroupRoles").json()
    assert body["count"] == 1 and body["items"][0]["securableResourceId"] == str(folder.pk)


def test_folder_grant_reaches_models_below(owner, owner_client, folder, readers, user):
    sub = make_folder("Sub", parent=folder, user=owner)
    model = make_data_model("Deep", folder=sub, user=owner)
    owner_client.post(f"/api/folders/{folder.pk}/groupRoles/{role('reader').pk}/userGroups/{readers.pk}")
    from accounts import access

    reader = logged_in_client(user)
    assert reader.get(f"/api/dataModels/{model.pk}/permissions").status_code == 200
    access.forget_access(user)
    assert access.role_on(user, m.CatalogueModel.objects.get(pk=model.pk)) == "reader"
