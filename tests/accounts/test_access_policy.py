"""The access policy: grants, cascading folder roles, public flags and visibility of ancestor folders."""

import pytest

from accounts import access
from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.catalogue.factories import make_data_model, make_folder
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def grant(group, role, resource):
    SecurableResourceGroupRole.objects.create(user_group=group, group_role=GroupRole.objects.get(name=role),
                                              securable_resource_domain_type=resource.domain_type,
                                              securable_resource_id=resource.pk)


@pytest.fixture
def tree(db):
    top = make_folder("Top")
    sub = make_folder("Sub", parent=top)
    deep = make_folder("Deep", parent=sub)
    other = make_folder("Other")
    return {"top": top, "sub": sub, "deep": deep, "other": other,
            "model": make_data_model("In deep", folder=deep), "elsewhere": make_data_model("Elsewhere", folder=other)}


def fresh(user):
    access.forget_access(user)
    return user


def test_folder_grant_cascades_to_sub_folders_and_models(tree):
    user = make_user("reader@example.com")
    group = UserGroup.objects.create(name="readers")
    group.members.add(user)
    grant(group, "reader", tree["sub"])
    folders = set(access.readable_folders(fresh(user), m.Folder.objects.all()))
    # The granted folder and below, plus its ancestor so the tree can reach it.
    assert folders == {tree["top"], tree["sub"], tree["deep"]}
    assert access.role_on(user, tree["top"]) == "reader"
    assert set(access.readable_models(user, m.CatalogueModel.objects.all())) == {tree["model"]}
    assert access.role_on(user, tree["model"]) == "reader"
    assert access.role_on(user, tree["elsewhere"]) is None


def test_strongest_role_wins(tree):
    user = make_user("editor@example.com")
    readers, editors = UserGroup.objects.create(name="r"), UserGroup.objects.create(name="e")
    readers.members.add(user)
    editors.members.add(user)
    grant(readers, "reader", tree["top"])
    grant(editors, "editor", tree["model"])
    assert access.role_on(fresh(user), tree["model"]) == "editor"
    assert access.role_on(user, tree["deep"]) == "reader"


def test_public_model_makes_its_ancestor_folders_visible_to_anonymous(tree):
    from django.contrib.auth.models import AnonymousUser

    tree["model"].readable_by_everyone = True
    tree["model"].save()
    anonymous = AnonymousUser()
    assert set(access.readable_models(anonymous, m.CatalogueModel.objects.all())) == {tree["model"]}
    assert set(access.readable_folders(anonymous, m.Folder.objects.all())) == {tree["top"], tree["sub"], tree["deep"]}
    assert access.role_on(anonymous, tree["elsewhere"]) is None


def test_readable_by_authenticated_needs_a_login(tree):
    from django.contrib.auth.models import AnonymousUser

    tree["other"].readable_by_authenticated_users = True
    tree["other"].save()
    user = make_user("someone@example.com")
    assert tree["elsewhere"] in access.readable_models(user, m.CatalogueModel.objects.all())
    assert not access.readable_models(AnonymousUser(), m.CatalogueModel.objects.all()).exists()


def test_revoked_grant_counts_from_the_next_request(tree):
    user = make_user("temp@example.com")
    group = UserGroup.objects.create(name="temp")
    group.members.add(user)
    grant(group, "editor", tree["model"])
    assert access.role_on(fresh(user), tree["model"]) == "editor"
    SecurableResourceGroupRole.objects.all().delete()
    assert access.role_on(fresh(user), tree["model"]) is None


def test_site_admin_reads_everything(tree):
    admin = make_user("boss@example.com", admin=True)
    assert access.readable_models(admin, m.CatalogueModel.objects.all()).count() == 2
    assert access.role_on(admin, tree["elsewhere"]) == "container_admin"


def test_creator_gets_container_admin_on_folders_and_editor_on_models(tree):
    user = make_user("maker@example.com")
    access.grant_creator(user=user, resource=tree["other"])
    access.grant_creator(user=user, resource=tree["model"])
    assert access.role_on(fresh(user), tree["other"]) == "container_admin"
    assert access.role_on(user, tree["elsewhere"]) == "container_admin"  # inherited from the folder
    assert access.role_on(user, tree["model"]) == "editor"
    assert UserGroup.objects.get(name="maker@example.com Group").members.filter(pk=user.pk).exists()


def _policy_queries(user, model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fresh(user)
    with CaptureQueriesContext(connection) as queries:
        list(access.readable_models(user, m.CatalogueModel.objects.all()))
        list(access.readable_folders(user, m.Folder.objects.all()))
        access.role_on(user, model)
    return len(queries)


def test_policy_query_count_does_not_grow_with_grants_or_depth(tree):
    user = make_user("many@example.com")
    first = UserGroup.objects.create(name="g")
    first.members.add(user)
    grant(first, "reader", tree["top"])
    small = _policy_queries(user, tree["model"])
    groups = [UserGroup.objects.create(name=f"g{n}") for n in range(20)]
    for group in groups:
        group.members.add(user)
    parent = tree["top"]
    for n in range(15):
        parent = make_folder(f"level {n}", parent=parent)
        grant(groups[n], "reader", parent)
        make_data_model(f"model {n}", folder=parent)
    assert _policy_queries(user, tree["model"]) == small
    # application roles, the model list, the folder list (the policy is inside both), the model's role
    assert small == 4
