"""The model and folder lists cost the same number of queries with one grant or many groups, grants and levels."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import access
from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.catalogue.factories import make_classifier, make_data_model, make_folder
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


def _groups(user, count=40):
    groups = [UserGroup.objects.create(name=f"group {n}") for n in range(count)]
    for group in groups:
        group.members.add(user)
    return groups


def _catalogue(owner, groups, *, name, trees, depth):
    """`trees` folder chains `depth` deep under one root each, a model in every folder, a classifier chain;
    the user's groups hold grants on every other root, on the first level below the other roots, on every
    third model and on the top classifier; the first tree is public. Sizes differ, the shape and the grants
    per object do not."""
    roles = ["container_admin", "editor", "reader", "reviewer", "author"]
    folders, models = [], []
    for t in range(trees):
        parent = root = make_folder(f"{name} tree {t}", user=owner, readable_by_everyone=t == 0)
        if t % 2:
            grant(groups[t % len(groups)], roles[t % len(roles)], root)
        for level in range(depth):
            parent = make_folder(f"a level {level}", parent=parent, user=owner)  # before the roots in a list
            folders.append(parent)
            models.append(make_data_model(f"{name} model {t}.{level}", folder=parent, user=owner))
            if level == 0 and not t % 2:
                grant(groups[t % len(groups)], roles[t % len(roles)], parent)
            if len(models) % 3 == 0:
                grant(groups[len(models) % len(groups)], "reader", models[-1])
    tag = make_classifier(f"{name} tag", user=owner)
    grant(groups[0], "reader", tag)
    classifiers = [make_classifier(f"{name} tag {k}", parent=tag, user=owner) for k in range(trees)]
    return folders, models, classifiers


def _policy_queries(user, folders, models, classifiers):
    roots = list(m.Folder.objects.filter(parent_folder__isnull=True))
    access.forget_access(user)
    with CaptureQueriesContext(connection) as queries:
        assert access.readable_folders(user, m.Folder.objects.all()).count() >= len(folders)
        list(access.readable_models(user, m.CatalogueModel.objects.all()))
        list(access.readable_classifiers(user, m.Classifier.objects.all()))
        list(access.readable_grants(user, SecurableResourceGroupRole.objects.all()))
        access.load_roles(user, [*roots, *folders, *models, *classifiers])
        for obj in [*roots, *folders, *models, *classifiers]:
            assert access.role_on(user, obj) is not None
    # Nothing reads a whole table (the policy used to load every folder and classifier on each request).
    assert all(" WHERE " in query["sql"] for query in queries.captured_queries)
    return len(queries)


def test_the_policy_costs_the_same_queries_for_a_small_and_a_ten_times_bigger_catalogue():
    owner, user = make_user("owner@example.com"), make_user("many@example.com")
    groups = _groups(user)
    small = _policy_queries(user, *_catalogue(owner, groups, name="small", trees=3, depth=3))
    big = _policy_queries(user, *_catalogue(owner, groups, name="big", trees=15, depth=6))
    # application roles; the folder, model, classifier and grant lists (the policy is inside each);
    # roles on folders, models and classifiers; the folders seen without a role (the roots)
    assert small == big == 9


@pytest.mark.parametrize("path", ["/api/dataModels?max=5", "/api/folders?max=5", "/api/classifiers?max=5",
                                  "/api/tree/folders",
                                  "/api/tree/folders?containersOnly=true&modelCreatableOnly=true",
                                  "/api/tree/classifiers"])
def test_lists_and_trees_cost_the_same_queries_for_a_small_and_a_ten_times_bigger_catalogue(path):
    owner, user = make_user("owner@example.com"), make_user("many@example.com")
    client, groups = logged_in_client(user), _groups(user)
    _catalogue(owner, groups, name="small", trees=3, depth=3)
    small, small_body = _response_queries(client, user, path)
    _catalogue(owner, groups, name="big", trees=15, depth=6)
    big, big_body = _response_queries(client, user, path)
    if "count" in small_body:
        assert big_body["count"] > small_body["count"]
    else:
        assert len(str(big_body)) > len(str(small_body))
    assert small == big


def _response_queries(client, user, path):
    access.forget_access(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return len(queries.captured_queries), response.json()
