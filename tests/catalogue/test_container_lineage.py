"""The lineage of folders and classifiers (each container with all its ancestors) follows every way of writing
them, and what a granted user reads follows a move at once."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.catalogue.factories import make_classifier, make_data_model, make_folder
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db


def lineage(container):
    """{ancestor label: depth} of a folder or classifier, itself included."""
    rows = container.lineage_model.objects.filter(descendant_id=container.pk).select_related("ancestor")
    return {row.ancestor.label: row.depth for row in rows}


def grant(user, role, resource):
    group = UserGroup.objects.create(name=f"{user.email_address} {resource.label}")
    group.members.add(user)
    SecurableResourceGroupRole.objects.create(user_group=group, group_role=GroupRole.objects.get(name=role),
                                              securable_resource_id=resource.pk,
                                              securable_resource_domain_type=resource.domain_type)


def test_a_new_folder_lists_itself_and_every_ancestor():
    top = make_folder("Top")
    deep = make_folder("Deep", parent=make_folder("Sub", parent=top))
    assert lineage(deep) == {"Deep": 0, "Sub": 1, "Top": 2}
    assert lineage(top) == {"Top": 0}


def test_folders_made_in_bulk_get_their_lineage_whatever_their_order():
    top = make_folder("Top")
    child = m.Folder(label="Child", parent_folder=top)
    grandchild = m.Folder(label="Grandchild", parent_folder=child)
    m.Folder.objects.bulk_create([grandchild, m.Folder(label="Root 2"), child])
    assert lineage(m.Folder.objects.get(label="Grandchild")) == {"Grandchild": 0, "Child": 1, "Top": 2}
    assert lineage(m.Folder.objects.get(label="Root 2")) == {"Root 2": 0}


def test_a_move_relinks_the_whole_subtree_and_access_follows_it(user, user_client):
    old, new = make_folder("Old", user=user), make_folder("New", user=user)
    moving = make_folder("Moving", parent=old, user=user)
    inner = make_folder("Inner", parent=moving)
    model = make_data_model("Deep model", folder=inner)
    reader = make_user("granted@example.com")
    grant(reader, "reader", new)
    client = logged_in_client(reader)
    assert client.get(f"/api/dataModels/{model.pk}").status_code == 404

    assert user_client.put(f"/api/folders/{moving.pk}/folder/{new.pk}").status_code == 200

    assert lineage(inner) == {"Inner": 0, "Moving": 1, "New": 2}
    assert client.get(f"/api/dataModels/{model.pk}").status_code == 200
    assert {f["label"] for f in client.get("/api/folders").json()["items"]} == {"New", "Moving", "Inner"}
    assert [f["label"] for f in client.get(f"/api/folders/{moving.pk}/folders").json()["items"]] == ["Inner"]


def test_a_parent_changed_and_saved_outside_the_services_is_relinked_too():
    """The Django admin saves the form's instance; a folder loaded without its parent column is checked."""
    a, b = make_folder("A"), make_folder("B")
    moving = make_folder("Moving", parent=a)
    child = make_folder("Child", parent=moving)
    loaded = m.Folder.objects.only("id", "label").get(pk=moving.pk)
    loaded.parent_folder = b
    loaded.save()
    assert lineage(child) == {"Child": 0, "Moving": 1, "B": 2}
    loaded.label = "Renamed"
    loaded.save(update_fields=["label"])
    assert lineage(child) == {"Child": 0, "Renamed": 1, "B": 2}
    loaded.parent_folder = None
    loaded.save()
    assert lineage(child) == {"Child": 0, "Renamed": 1}


def test_a_classifier_moved_under_another_carries_its_sub_classifiers():
    a, b = make_classifier("A"), make_classifier("B")
    moving = make_classifier("Moving", parent=a)
    child = make_classifier("Child", parent=moving)
    assert lineage(child) == {"Child": 0, "Moving": 1, "A": 2}
    moving.parent_classifier = b
    moving.save()
    assert lineage(child) == {"Child": 0, "Moving": 1, "B": 2}


def test_deleting_folders_and_classifiers_leaves_no_lineage_behind(user, user_client):
    top = make_folder("Top", user=user)
    make_folder("Sub", parent=make_folder("Mid", parent=top, user=user), user=user)
    kept = make_folder("Kept", user=user)
    assert user_client.delete(f"/api/folders/{top.pk}?permanent=true").status_code == 204
    assert set(m.FolderLineage.objects.values_list("descendant_id", "ancestor_id")) == {(kept.pk, kept.pk)}

    classifier = make_classifier("Tag", user=user)
    make_classifier("Sub tag", parent=classifier, user=user)
    assert user_client.delete(f"/api/classifiers/{classifier.pk}").status_code == 204
    assert not m.ClassifierLineage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_lineage_of_existing_containers():
    executor = MigrationExecutor(connection)
    before, after = [("catalogue", "0003_content_protects_its_model")], [("catalogue", "0004_container_lineage")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    folder, classifier = apps.get_model("catalogue", "Folder"), apps.get_model("catalogue", "Classifier")
    top = folder.objects.create(label="Top")
    sub = folder.objects.create(label="Sub", parent_folder=top)
    deep = folder.objects.create(label="Deep", parent_folder=sub)
    tag = classifier.objects.create(label="Tag")
    sub_tag = classifier.objects.create(label="Sub tag", parent_classifier=tag)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # leave the schema as every other test expects it
    folders = set(m.FolderLineage.objects.values_list("descendant_id", "ancestor_id", "depth"))
    assert folders == {(top.pk, top.pk, 0), (sub.pk, sub.pk, 0), (sub.pk, top.pk, 1), (deep.pk, deep.pk, 0),
                       (deep.pk, sub.pk, 1), (deep.pk, top.pk, 2)}
    classifiers = set(m.ClassifierLineage.objects.values_list("descendant_id", "ancestor_id", "depth"))
    assert classifiers == {(tag.pk, tag.pk, 0), (sub_tag.pk, sub_tag.pk, 0), (sub_tag.pk, tag.pk, 1)}
