"""The input rule on grant bodies (`/api/{type}/{id}/securableResourceGroupRoles[/{grantId}]`), and who may send them.

Create: a missing or null `groupRole`/`userGroup` is a 400; a reference of the wrong JSON type, blank, not an id or
naming nothing is a 422 naming the field; nothing is stored either way. Update is partial and changes the role only.
"""

import uuid

import pytest
from django.test import Client

from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from tests.catalogue.factories import make_data_model, make_folder
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(db):
    return UserGroup.objects.create(name="Readers")


def role(name):
    return GroupRole.objects.get(name=name)


def grants_url(folder):
    return f"/api/folders/{folder.pk}/securableResourceGroupRoles"


def stored(folder):
    """The grants on the folder other than its creator's own."""
    return set(SecurableResourceGroupRole.objects.filter(securable_resource_id=folder.pk)
               .exclude(user_group__name__endswith=" Group").values_list("user_group__name", "group_role__name"))


#: An id that names nothing (fixed, so parallel workers collect the same tests).
NOBODY = "6b1d5a52-0000-4000-8000-00000000dead"


def fields(response):
    return {error.get("field") for error in response.json()["errors"]}


@pytest.mark.parametrize("group_role", [5, True, [], "", {"id": ""}, {"id": 5}, "not-an-id", {"id": "nope"}, NOBODY])
def test_a_group_role_that_names_no_role_is_422_naming_the_field(owner_client, folder, readers, group_role):
    body = {"groupRole": group_role, "userGroup": {"id": str(readers.pk)}}
    response = owner_client.post(grants_url(folder), body, format="json")
    assert response.status_code == 422, response.content
    assert fields(response) == {"groupRole"}
    assert stored(folder) == set()


@pytest.mark.parametrize("user_group", [7, "", {"id": "nope"}, {"id": NOBODY}])
def test_a_user_group_that_names_no_group_is_422_naming_the_field(owner_client, folder, user_group):
    body = {"groupRole": {"id": str(role("reader").pk)}, "userGroup": user_group}
    response = owner_client.post(grants_url(folder), body, format="json")
    assert response.status_code == 422, response.content
    assert fields(response) == {"userGroup"}
    assert stored(folder) == set()


@pytest.mark.parametrize("missing", ["groupRole", "userGroup"])
def test_a_missing_or_null_reference_on_create_is_400(owner_client, folder, readers, missing):
    body = {"groupRole": {"id": str(role("reader").pk)}, "userGroup": {"id": str(readers.pk)}}
    for broken in ({k: v for k, v in body.items() if k != missing}, {**body, missing: None}):
        response = owner_client.post(grants_url(folder), broken, format="json")
        assert response.status_code == 400, response.content
        assert fields(response) == {missing}
    assert stored(folder) == set()


def test_a_missing_field_wins_over_a_wrong_one(owner_client, folder):
    response = owner_client.post(grants_url(folder), {"groupRole": 5}, format="json")
    assert response.status_code == 400
    assert fields(response) == {"userGroup"}
    assert stored(folder) == set()


def test_references_by_bare_id_and_unknown_keys_are_accepted(owner_client, folder, readers):
    body = {"groupRole": str(role("reader").pk), "userGroup": str(readers.pk), "colour": "blue"}
    response = owner_client.post(grants_url(folder), body, format="json")
    assert response.status_code == 201, response.content
    assert response["Location"] == f"/api/folders/{folder.pk}/securableResourceGroupRoles/{response.json()['id']}"
    assert stored(folder) == {("Readers", "reader")}


@pytest.fixture
def grant(owner_client, folder, readers):
    body = {"groupRole": {"id": str(role("reader").pk)}, "userGroup": {"id": str(readers.pk)}}
    response = owner_client.post(grants_url(folder), body, format="json")
    assert response.status_code == 201
    return response.json()


def test_update_changes_the_role_only(owner_client, folder, grant):
    others = UserGroup.objects.create(name="Others")
    body = {"groupRole": {"id": str(role("editor").pk)}, "userGroup": {"id": str(others.pk)}}
    response = owner_client.put(f"{grants_url(folder)}/{grant['id']}", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["groupRole"]["name"] == "editor" and response.json()["userGroup"]["name"] == "Readers"
    assert stored(folder) == {("Readers", "editor")}


def test_update_is_partial(owner_client, folder, grant):
    response = owner_client.put(f"{grants_url(folder)}/{grant['id']}", {"colour": "blue"}, format="json")
    assert response.status_code == 200
    assert response.json() == grant
    assert stored(folder) == {("Readers", "reader")}


@pytest.mark.parametrize("group_role,status", [(5, 422), ("", 422), ({"id": "nope"}, 422),
                                               ({"id": NOBODY}, 422), (None, 400)])
def test_a_bad_role_on_update_changes_nothing(owner_client, folder, grant, group_role, status):
    response = owner_client.put(f"{grants_url(folder)}/{grant['id']}", {"groupRole": group_role}, format="json")
    assert response.status_code == status, response.content
    assert fields(response) == {"groupRole"}
    assert stored(folder) == {("Readers", "reader")}


def test_an_application_role_on_update_is_422(owner_client, folder, grant):
    body = {"groupRole": {"id": str(role("site_admin").pk)}}
    assert owner_client.put(f"{grants_url(folder)}/{grant['id']}", body, format="json").status_code == 422
    assert stored(folder) == {("Readers", "reader")}


def test_who_may_update_a_grant(owner, owner_client, folder, grant, user):
    url = f"{grants_url(folder)}/{grant['id']}"
    body = {"groupRole": {"id": str(role("editor").pk)}}
    assert Client().put(url, body, content_type="application/json").status_code == 401
    stranger = logged_in_client(user)
    assert stranger.put(url, body, format="json").status_code == 404
    UserGroup.objects.get(name="Readers").members.add(user)
    assert stranger.put(url, body, format="json").status_code == 403
    assert stranger.delete(url).status_code == 403
    assert stored(folder) == {("Readers", "reader")}


def test_a_grant_is_found_only_under_its_own_resource(owner, owner_client, folder, grant):
    other = make_folder("Other", user=owner)
    assert owner_client.get(f"{grants_url(other)}/{grant['id']}").status_code == 404
    assert owner_client.delete(f"{grants_url(other)}/{grant['id']}").status_code == 404
    assert owner_client.get(f"{grants_url(folder)}/not-an-id").status_code == 404
    assert stored(folder) == {("Readers", "reader")}


def test_the_manager_right_comes_before_the_grant_lookup(owner, folder, user):
    """A reader of the resource learns nothing about grant ids: 403 whether or not the grant exists."""
    group = UserGroup.objects.create(name="Viewers")
    group.members.add(user)
    SecurableResourceGroupRole.objects.create(user_group=group, group_role=role("reader"),
                                              securable_resource_id=folder.pk, securable_resource_domain_type="Folder")
    reader = logged_in_client(user)
    assert reader.get(f"{grants_url(folder)}/{uuid.uuid4()}").status_code == 403
    assert reader.get(f"/api/folders/{folder.pk}/groupRoles/{uuid.uuid4()}").status_code == 403


@pytest.mark.parametrize("url_end", ["securableResourceGroupRoles", "groupRoles", "permissions"])
def test_a_resource_type_that_names_nothing_comes_first(url_end):
    anonymous = Client()
    assert anonymous.get(f"/api/bananas/{uuid.uuid4()}/{url_end}").status_code == 400
    response = anonymous.get(f"/api/dataClasses/{uuid.uuid4()}/{url_end}")
    assert response.status_code == 404 and response.json()["errorCode"] == "NF04"


def test_grantable_roles_are_a_list_strongest_first(owner, owner_client, folder):
    model = make_data_model("Owned model", folder=folder, user=owner)
    body = owner_client.get(f"/api/dataModels/{model.pk}/groupRoles").json()
    assert body["count"] == 4
    assert [(r["name"], r["availableActions"]) for r in body["items"]] == [
        ("editor", ["show"]), ("author", ["show"]), ("reviewer", ["show"]), ("reader", ["show"])]
    assert set(body["items"][0]) >= {"id", "name", "displayName", "createdBy", "applicationLevelRole"}


def test_permissions_of_a_public_resource_are_readable_by_anyone(owner_client, folder, readers):
    owner_client.post(f"/api/folders/{folder.pk}/groupRoles/{role('reader').pk}/userGroups/{readers.pk}")
    assert Client().get(f"/api/folders/{folder.pk}/permissions").status_code == 404
    owner_client.put(f"/api/folders/{folder.pk}/readByEveryone")
    body = Client().get(f"/api/folders/{folder.pk}/permissions").json()
    assert body["readableByEveryone"] is True
    assert {"id": str(readers.pk), "name": "Readers"} in body["readableByGroups"]
