"""The model and folder lists cost the same number of queries with one grant or many groups, grants and levels."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import access
from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from tests.catalogue.factories import make_data_model, make_folder
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

LISTS = ["/api/dataModels?max=100", "/api/folders?max=100"]


def grant(group, role, resource):
    SecurableResourceGroupRole.objects.create(user_group=group, group_role=GroupRole.objects.get(name=role),
                                              securable_resource_id=resource.pk,
                                              securable_resource_domain_type=resource.domain_type)


def measure(client, user, path):
    access.forget_access(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return len(queries.captured_queries), response.json()["count"]


@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow_with_groups_grants_or_depth(path):
    owner = make_user("owner@example.com")
    user = make_user("many@example.com")
    client = logged_in_client(user)
    first = UserGroup.objects.create(name="first")
    first.members.add(user)
    top = make_folder("Top", user=owner)
    make_data_model("Top model", folder=top, user=owner)
    grant(first, "reader", top)
    few, few_count = measure(client, user, path)

    roles = ["reader", "reviewer", "author", "editor", "container_admin"]
    groups = [UserGroup.objects.create(name=f"group {n}") for n in range(30)]
    for group in groups:
        group.members.add(user)
    parent = top
    for n, group in enumerate(groups):
        parent = make_folder(f"level {n}", parent=parent, user=owner)  # 30 levels deep
        model = make_data_model(f"model {n}", folder=parent, user=owner)
        grant(group, roles[n % len(roles)], parent if n % 2 else model)
        elsewhere = make_folder(f"elsewhere {n}", user=owner)  # root folders granted directly
        make_data_model(f"elsewhere model {n}", folder=elsewhere, user=owner)
        grant(group, "reader", elsewhere)
    many, many_count = measure(client, user, path)

    assert many_count > few_count + 30
    assert many == few, f"{path}: {few} queries with one grant, {many} with {len(groups) * 2 + 1}"


@pytest.mark.parametrize("path", LISTS)
def test_site_admin_list_queries_do_not_grow_either(path):
    admin = make_user("admin@example.com", admin=True)
    client = logged_in_client(admin)
    top = make_folder("Top", user=admin)
    make_data_model("Top model", folder=top, user=admin)
    few, _ = measure(client, admin, path)
    parent = top
    for n in range(20):
        parent = make_folder(f"level {n}", parent=parent, user=admin)
        make_data_model(f"model {n}", folder=parent, user=admin)
    many, _ = measure(client, admin, path)
    assert many == few
