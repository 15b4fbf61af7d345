"""Personal groups belong to their owner by key: a name or an email address never makes a group someone's."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import ApplicationRole, GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.accounts.helpers import error, field_errors, make_role_user
from tests.catalogue.factories import make_folder
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.org"


@pytest.fixture
def attacker(db):
    """Owns a folder, so may create user groups."""
    user = make_user("attacker@example.org")
    make_folder("Attacker's", user=user)
    return user


@pytest.fixture
def attacker_client(attacker):
    return logged_in_client(attacker)


def create_folder(client, label):
    response = client.post("/api/folders", {"label": label}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def group_holding(resource_id):
    """The group that received the creator's role on a new resource (the creator's personal group)."""
    return SecurableResourceGroupRole.objects.select_related("user_group").get(
        securable_resource_id=resource_id).user_group


def test_a_group_cannot_be_created_under_a_personal_group_name(attacker_client):
    for name in (f"{VICTIM} Group", "Victim@Example.org group", f"{VICTIM}  Group (2)"):
        body = error(attacker_client.post("/api/userGroups", {"name": name}, format="json"), 422)
        assert field_errors(body) == {"name"}
    assert not UserGroup.objects.filter(name__icontains=VICTIM).exists()


def test_a_group_cannot_be_renamed_to_a_personal_group_name(attacker_client):
    group_id = attacker_client.post("/api/userGroups", {"name": "Harmless"}, format="json").json()["id"]
    error(attacker_client.put(f"/api/userGroups/{group_id}", {"name": f"{VICTIM} Group"}, format="json"), 422)
    assert UserGroup.objects.get(pk=group_id).name == "Harmless"


def test_a_group_claimed_by_name_gets_nothing_of_the_victims_content(attacker, attacker_client):
    """The squatting group may predate the name rule: the victim's content still goes to her own group."""
    squatter = UserGroup.objects.create(name=f"{VICTIM} Group", created_by=attacker.email_address)
    squatter.members.add(attacker)
    victim = make_user(VICTIM)
    victim_client = logged_in_client(victim)
    folder_id = create_folder(victim_client, "Diary")

    assert not SecurableResourceGroupRole.objects.filter(user_group=squatter).exists()
    own = group_holding(folder_id)
    assert own.pk != squatter.pk
    assert list(own.members.all()) == [victim]
    assert own.personal_owner_id == victim.pk

    assert attacker_client.get(f"/api/folders/{folder_id}").status_code == 404
    assert attacker_client.put(f"/api/folders/{folder_id}/readByEveryone").status_code == 404
    assert attacker_client.delete(f"/api/folders/{folder_id}?permanent=true").status_code == 404
    assert attacker_client.delete(f"/api/userGroups/{own.pk}/catalogueUsers/{victim.pk}").status_code == 404
    assert attacker_client.put(f"/api/userGroups/{own.pk}/catalogueUsers/{attacker.pk}").status_code == 404
    folder = m.Folder.objects.get(pk=folder_id)
    assert not folder.deleted and not folder.readable_by_everyone
    assert list(own.members.all()) == [victim]
    assert victim_client.get(f"/api/folders/{folder_id}").status_code == 200


def test_an_email_change_moves_nothing_to_whoever_takes_the_old_address(db):
    alice = make_user("alice@example.org")
    alice_client = logged_in_client(alice)
    folder_id = create_folder(alice_client, "Alice's notes")
    group = group_holding(folder_id)
    response = alice_client.put(f"/api/catalogueUsers/{alice.pk}", {"emailAddress": "alice.new@example.org"},
                                format="json")
    assert response.status_code == 200

    mallory = make_user("alice@example.org")  # registers the address Alice gave up
    mallory_client = logged_in_client(mallory)
    mallory_folder = create_folder(mallory_client, "Mallory's")
    assert group_holding(mallory_folder).pk != group.pk
    assert not group.members.filter(pk=mallory.pk).exists()
    assert mallory_client.get(f"/api/folders/{folder_id}").status_code == 404
    assert mallory_client.get(f"/api/userGroups/{group.pk}").status_code == 404
    listed = {item["id"] for item in mallory_client.get("/api/userGroups?all=true").json()["items"]}
    assert str(group.pk) not in listed

    alice.refresh_from_db()
    assert logged_in_client(alice).get(f"/api/folders/{folder_id}").status_code == 200
    assert group_holding(create_folder(logged_in_client(alice), "More notes")).pk == group.pk
    group.refresh_from_db()
    assert group.personal_owner_id == alice.pk
    assert group.name == "alice.new@example.org Group"  # the display name follows the email


def test_the_owner_stays_in_their_personal_group(db, admin_client):
    owner = make_user("owner@example.org")
    colleague = make_user("colleague@example.org")
    owner_client = logged_in_client(owner)
    group = group_holding(create_folder(owner_client, "Shared"))
    members_url = f"/api/userGroups/{group.pk}/catalogueUsers"
    assert owner_client.put(f"{members_url}/{colleague.pk}").status_code == 200  # the owner may share

    colleague_client = logged_in_client(colleague)
    assert colleague_client.get(f"/api/userGroups/{group.pk}").status_code == 200
    error(colleague_client.delete(f"{members_url}/{owner.pk}"), 403)
    error(admin_client.delete(f"{members_url}/{owner.pk}"), 403, code="PERM08")
    error(owner_client.delete(f"{members_url}/{owner.pk}"), 403, code="PERM08")
    response = admin_client.put(f"/api/catalogueUsers/{owner.pk}", {"groups": []}, format="json")
    assert response.status_code == 200
    assert set(group.members.all()) == {owner, colleague}


def test_a_personal_group_is_neither_renamed_nor_deleted(db, admin_client):
    owner = make_user("owner@example.org")
    owner_client = logged_in_client(owner)
    group = group_holding(create_folder(owner_client, "Mine"))
    for client in (owner_client, admin_client):
        error(client.put(f"/api/userGroups/{group.pk}", {"name": "Something else"}, format="json"), 403,
              code="PERM08")
        error(client.delete(f"/api/userGroups/{group.pk}"), 403, code="PERM08")
    response = owner_client.put(f"/api/userGroups/{group.pk}", {"name": group.name, "description": "Mine"},
                                format="json")
    assert response.status_code == 200 and response.json()["availableActions"] == ["show", "update"]
    group.refresh_from_db()
    assert group.name == "owner@example.org Group" and group.description == "Mine"


def test_group_administrators_do_not_administer_personal_groups(db):
    owner = make_user("owner@example.org")
    group = group_holding(create_folder(logged_in_client(owner), "Private"))
    group_admin = make_role_user("groupadmin@example.org", ApplicationRole.APPLICATION_ADMIN)
    client = logged_in_client(group_admin)
    error(client.put(f"/api/userGroups/{group.pk}/catalogueUsers/{group_admin.pk}"), 403)
    assert list(group.members.all()) == [owner]
    user_admin = make_role_user("useradmin@example.org", ApplicationRole.USER_ADMIN)
    accomplice = make_user("accomplice@example.org")
    response = logged_in_client(user_admin).put(f"/api/catalogueUsers/{accomplice.pk}",
                                                {"groups": [str(group.pk)]}, format="json")
    error(response, 403)
    assert list(group.members.all()) == [owner]


def test_a_group_outranking_the_caller_is_not_theirs_to_fill(db):
    """A group administrator adding themselves to the administrators group would become a site administrator."""
    group_admin = make_role_user("groupadmin@example.org", ApplicationRole.GROUP_ADMIN)
    administrators = UserGroup.administrators()
    response = logged_in_client(group_admin).put(
        f"/api/userGroups/{administrators.pk}/catalogueUsers/{group_admin.pk}")
    error(response, 403)
    assert not administrators.members.filter(pk=group_admin.pk).exists()


# --- binding the groups that existed before ------------------------------------------------------------------

def bind_existing_groups():
    module = importlib.import_module("accounts.migrations.0004_bind_groups_to_users")
    module.bind_groups(apps, None)


def legacy_group(name, created_by, *, members=(), when=None):
    group = UserGroup.objects.create(name=name, created_by=created_by, date_created=when or timezone.now())
    group.members.add(*members)
    return group


def test_existing_personal_groups_are_bound_only_when_unambiguous(db):
    earlier = timezone.now() - timezone.timedelta(days=30)
    owner = make_user("owner@example.org")
    genuine = legacy_group("owner@example.org Group", "owner@example.org", members=[owner])
    attacker = make_user("attacker@example.org")
    victim = make_user(VICTIM)
    squatted = legacy_group(f"{VICTIM} Group", attacker.email_address, members=[attacker, victim])
    left = make_user("left@example.org")
    not_member = legacy_group("left@example.org Group", "left@example.org", members=[owner])
    newcomer = make_user("reused@example.org")  # registered after the group of the address's former holder
    inherited = legacy_group("reused@example.org Group", "reused@example.org", members=[newcomer], when=earlier)
    plain = legacy_group("Curators", "owner@example.org", members=[owner])

    bind_existing_groups()

    for group in (genuine, squatted, not_member, inherited, plain):
        group.refresh_from_db()
    assert genuine.personal_owner_id == owner.pk and genuine.creator_id == owner.pk
    assert squatted.personal_owner_id is None and squatted.creator_id == attacker.pk
    assert not_member.personal_owner_id is None and not_member.creator_id == left.pk
    assert inherited.personal_owner_id is None and inherited.creator_id is None
    assert plain.personal_owner_id is None and plain.creator_id == owner.pk
    assert not UserGroup.objects.filter(personal_owner=victim).exists()


def test_a_personal_group_holds_no_application_role(db, admin_client):
    """Its owner chooses its members, so an application role on it would be theirs to hand out."""
    owner = make_user("owner@example.org")
    group = group_holding(create_folder(logged_in_client(owner), "Mine"))
    role = GroupRole.objects.get(name="application_admin")
    error(admin_client.put(f"/api/admin/applicationGroupRoles/{role.pk}/userGroups/{group.pk}"), 422)
    group.refresh_from_db()
    assert group.application_role == ""
