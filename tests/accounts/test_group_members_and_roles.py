"""Group members, a group's grants, group roles and application roles: who gets which status, and the shapes."""

import uuid

import pytest

from accounts.models import ApplicationRole, GroupRole, UserGroup
from tests.accounts.helpers import error, make_role_user
from tests.catalogue.factories import make_folder
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def creator(db):
    user = make_user("creator@example.org")
    make_folder("Own", user=user)
    return user


@pytest.fixture
def group(creator):
    response = logged_in_client(creator).post("/api/userGroups", {"name": "Team"}, format="json")
    return UserGroup.objects.get(pk=response.json()["id"])


@pytest.fixture
def member(group):
    user = make_user("member@example.org")
    group.members.add(user)
    return user


@pytest.fixture
def newcomer(db):
    return make_user("newcomer@example.org", needs_to_reset_password=True)


def members_of(group):
    return set(UserGroup.objects.get(pk=group.pk).members.values_list("email_address", flat=True))


# --- members ------------------------------------------------------------------------------------------------------

def test_members_list_in_the_basic_user_form(creator, group, newcomer):
    client = logged_in_client(creator)
    client.put(f"/api/userGroups/{group.pk}/catalogueUsers/{newcomer.pk}")
    body = client.get(f"/api/userGroups/{group.pk}/catalogueUsers?sort=emailAddress&order=desc").json()
    assert body["count"] == 2
    assert [item["emailAddress"] for item in body["items"]] == ["newcomer@example.org", "creator@example.org"]
    assert body["items"][0] == {"id": str(newcomer.pk), "emailAddress": "newcomer@example.org", "firstName": "Test",
                                "lastName": "Newcomer", "pending": False, "disabled": False, "createdBy": "",
                                "needsToResetPassword": True}
    assert "needsToResetPassword" not in body["items"][1]


def test_adding_a_member_answers_the_group(creator, group, newcomer):
    response = logged_in_client(creator).put(f"/api/userGroups/{group.pk}/catalogueUsers/{newcomer.pk}")
    assert response.status_code == 200
    assert response.json() == {"id": str(group.pk), "name": "Team", "createdBy": "creator@example.org",
                               "availableActions": ["delete", "show", "update"]}
    assert "newcomer@example.org" in members_of(group)


@pytest.mark.parametrize("method", ["put", "delete"])
def test_anonymous_changes_no_membership(client, group, member, method):
    before = members_of(group)
    error(getattr(client, method)(f"/api/userGroups/{group.pk}/catalogueUsers/{member.pk}"), 401)
    assert members_of(group) == before


@pytest.mark.parametrize("method", ["put", "delete"])
def test_a_group_the_caller_cannot_see_is_404(user_client, group, member, method):
    before = members_of(group)
    body = error(getattr(user_client, method)(f"/api/userGroups/{group.pk}/catalogueUsers/{member.pk}"), 404)
    assert body["resource"] == "UserGroup"
    assert members_of(group) == before


@pytest.mark.parametrize("method", ["put", "delete"])
def test_a_member_who_does_not_administer_the_group_is_403(group, member, newcomer, method):
    target = newcomer if method == "put" else member
    before = members_of(group)
    error(getattr(logged_in_client(member), method)(f"/api/userGroups/{group.pk}/catalogueUsers/{target.pk}"), 403)
    assert members_of(group) == before


@pytest.mark.parametrize("user_id", ["6f1c1b5e-0000-4000-8000-000000000000", "not-a-uuid"])
def test_an_unknown_user_is_404_before_the_403(group, member, user_id):
    body = error(logged_in_client(member).put(f"/api/userGroups/{group.pk}/catalogueUsers/{user_id}"), 404)
    assert body["resource"] == "CatalogueUser"


def test_members_of_an_unknown_group_is_404(creator):
    body = error(logged_in_client(creator).get(f"/api/userGroups/{uuid.uuid4()}/catalogueUsers"), 404)
    assert body["resource"] == "UserGroup"


# --- a group's grants ---------------------------------------------------------------------------------------------

def test_group_grants_in_mauros_shape(creator):
    client = logged_in_client(creator)
    personal = UserGroup.objects.get(personal_owner=creator)
    folder = make_folder("Shared", user=creator)
    body = client.get(f"/api/userGroups/{personal.pk}/securableResourceGroupRoles?all=true").json()
    assert body["count"] == 2
    shared = next(item for item in body["items"] if item["securableResourceId"] == str(folder.pk))
    role = GroupRole.objects.get(name="container_admin")
    assert shared == {"id": shared["id"], "availableActions": ["delete", "show", "update"],
                      "createdBy": "creator@example.org", "securableResourceDomainType": "Folder",
                      "securableResourceId": str(folder.pk),
                      "userGroup": {"id": str(personal.pk), "name": personal.name},
                      "groupRole": {"id": str(role.pk), "name": "container_admin",
                                    "displayName": "Container Administrator"}}


def test_group_grants_have_no_sort_field(creator, group):
    error(logged_in_client(creator).get(f"/api/userGroups/{group.pk}/securableResourceGroupRoles?sort=id"), 400)


# --- group roles ------------------------------------------------------------------------------------------------

@pytest.fixture
def group_admin_client(db):
    return logged_in_client(make_role_user("groupadmin@example.org", ApplicationRole.GROUP_ADMIN))


def test_group_roles_for_group_administrators(group_admin_client):
    body = group_admin_client.get("/api/admin/groupRoles?max=2&sort=name&order=desc").json()
    assert body["count"] == 10 and [item["name"] for item in body["items"]] == ["user_admin", "site_admin"]
    editor = GroupRole.objects.get(name="editor")
    shown = group_admin_client.get(f"/api/admin/groupRoles/{editor.pk}").json()
    assert shown == {"id": str(editor.pk), "name": "editor", "displayName": "Editor", "availableActions": ["show"],
                     "createdBy": "bootstrap", "applicationLevelRole": False, "parent": str(editor.parent_id)}
    site_admin = group_admin_client.get(f"/api/admin/groupRoles/{GroupRole.objects.get(name='site_admin').pk}")
    assert "parent" not in site_admin.json()


def test_group_roles_refuse_others_before_any_lookup(client, user_client, group_admin_client):
    editor = GroupRole.objects.get(name="editor")
    error(client.get("/api/admin/groupRoles"), 401)
    error(client.get(f"/api/admin/groupRoles/{editor.pk}"), 401)
    error(user_client.get(f"/api/admin/groupRoles/{editor.pk}"), 403, code="PERM01")
    error(user_client.get(f"/api/admin/groupRoles/{uuid.uuid4()}"), 403)
    body = error(group_admin_client.get(f"/api/admin/groupRoles/{uuid.uuid4()}"), 404)
    assert body["resource"] == "GroupRole"


@pytest.mark.parametrize("url", ["/api/admin/applicationGroupRoles", "/api/admin/availableApplicationAccess"])
def test_application_roles_for_application_administrators(url, client, group_admin_client, admin_client):
    error(client.get(url), 401)
    error(group_admin_client.get(url), 403, message="User must be an application administrator", code="PERM07")
    body = admin_client.get(url).json()
    assert [item["name"] for item in body["items"]] == [
        "application_admin", "container_group_admin", "group_admin", "site_admin", "user_admin"]


# --- groups holding an application role ---------------------------------------------------------------------------

@pytest.fixture
def user_admin_role(db):
    return GroupRole.objects.get(name="user_admin")


def role_of(group):
    return UserGroup.objects.get(pk=group.pk).application_role


@pytest.mark.parametrize("method", ["put", "delete"])
def test_only_application_administrators_change_a_groups_role(client, group_admin_client, group, user_admin_role,
                                                              method):
    group.application_role = ApplicationRole.USER_ADMIN if method == "delete" else ""
    group.save()
    url = f"/api/admin/applicationGroupRoles/{user_admin_role.pk}/userGroups/{group.pk}"
    error(getattr(client, method)(url), 401)
    error(getattr(group_admin_client, method)(url), 403, code="PERM07")
    assert role_of(group) == group.application_role


def test_groups_holding_a_role(admin_client, group, user_admin_role):
    url = f"/api/admin/applicationGroupRoles/{user_admin_role.pk}/userGroups"
    assert admin_client.get(url).json() == {"count": 0, "items": []}
    response = admin_client.put(f"{url}/{group.pk}")
    assert response.status_code == 200 and response.json()["applicationGroupRole"] == "user_admin"
    assert [item["name"] for item in admin_client.get(url).json()["items"]] == ["Team"]
    response = admin_client.delete(f"{url}/{group.pk}")
    assert response.status_code == 200 and "applicationGroupRole" not in response.json()
    assert role_of(group) == ""


def test_unknown_role_or_group_is_404(admin_client, group, user_admin_role):
    body = error(admin_client.put(f"/api/admin/applicationGroupRoles/{uuid.uuid4()}/userGroups/{group.pk}"), 404)
    assert body["resource"] == "GroupRole"
    url = f"/api/admin/applicationGroupRoles/{user_admin_role.pk}/userGroups/{uuid.uuid4()}"
    assert error(admin_client.delete(url), 404)["resource"] == "UserGroup"
    assert role_of(group) == ""


# --- the schema -------------------------------------------------------------------------------------------------

SCHEMA_ANSWERS = [
    ("/api/userGroups/{group_id}/catalogueUsers", "get", "listUserGroupMembers", "PaginatedGroupMemberList"),
    ("/api/userGroups/{group_id}/catalogueUsers/{user_id}", "put", "addUserGroupMember", "UserGroup"),
    ("/api/userGroups/{group_id}/catalogueUsers/{user_id}", "delete", "removeUserGroupMember", "UserGroup"),
    ("/api/userGroups/{group_id}/securableResourceGroupRoles", "get", "listUserGroupResourceRoles",
     "PaginatedSecurableResourceGroupRoleList"),
    ("/api/admin/groupRoles", "get", "listGroupRoles", "PaginatedGroupRoleList"),
    ("/api/admin/groupRoles/{role_id}", "get", "showGroupRole", "GroupRole"),
    ("/api/admin/applicationGroupRoles", "get", "listApplicationGroupRoles", "PaginatedGroupRoleList"),
    ("/api/admin/availableApplicationAccess", "get", "listAvailableApplicationAccess", "PaginatedGroupRoleList"),
    ("/api/admin/applicationGroupRoles/{role_id}/userGroups", "get", "listApplicationRoleGroups",
     "PaginatedUserGroupList"),
    ("/api/admin/applicationGroupRoles/{role_id}/userGroups/{group_id}", "put", "setApplicationRole", "UserGroup"),
    ("/api/admin/applicationGroupRoles/{role_id}/userGroups/{group_id}", "delete", "removeApplicationRole",
     "UserGroup"),
]


def test_the_schema_types_every_answer(client):
    schema = client.get("/api/openapi").json()
    for path, method, operation_id, component in SCHEMA_ANSWERS:
        operation = schema["paths"][path][method]
        assert operation["operationId"] == operation_id
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{component}"}, (path, method, ok)
    components = schema["components"]["schemas"]
    assert set(components["GroupMember"]["required"]) == {
        "id", "emailAddress", "firstName", "lastName", "pending", "disabled", "createdBy"}
    assert "parent" not in components["GroupRole"]["required"]
    assert set(components["SecurableResourceGroupRole"]["required"]) == {
        "id", "availableActions", "createdBy", "securableResourceDomainType", "securableResourceId", "userGroup",
        "groupRole"}
