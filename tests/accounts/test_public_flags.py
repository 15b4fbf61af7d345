"""PUT/DELETE /api/{folders|classifiers|dataModels}/{id}/{readByEveryone|readByAuthenticated}."""

import pytest
from django.test import Client

from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.catalogue.factories import make_data_model, make_folder
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(owner):
    return make_folder("Shared", user=owner)


@pytest.fixture
def model(owner, folder):
    return make_data_model("Shared model", folder=folder, user=owner)


def tree_ids(nodes):
    ids = set()
    for node in nodes:
        ids.add(node["id"])
        ids |= tree_ids(node.get("children", []))
    return ids


def seen(client):
    """Ids the client sees in the folder list, the model list and the folder tree."""
    folders = {f["id"] for f in client.get("/api/folders?max=1000").json()["items"]}
    models = {d["id"] for d in client.get("/api/dataModels?max=1000").json()["items"]}
    return folders, models, tree_ids(client.get("/api/tree/folders").json())


def grant(group_name, member, resource, role):
    group = UserGroup.objects.create(name=group_name)
    group.members.add(member)
    return SecurableResourceGroupRole.objects.create(
        user_group=group, group_role=GroupRole.objects.get(name=role), securable_resource_id=resource.pk,
        securable_resource_domain_type=resource.domain_type)


def test_read_by_everyone_on_a_folder_shows_it_and_its_models_to_anonymous_at_once(owner_client, folder, model):
    anonymous = Client()
    folders, models, tree = seen(anonymous)
    assert str(folder.pk) not in folders | tree and str(model.pk) not in models

    response = owner_client.put(f"/api/folders/{folder.pk}/readByEveryone")
    assert response.status_code == 200
    body = response.json()
    assert body == owner_client.get(f"/api/folders/{folder.pk}").json()
    assert body["readableByEveryone"] is True and body["availableActions"]
    folders, models, tree = seen(anonymous)
    assert str(folder.pk) in folders and str(folder.pk) in tree and str(model.pk) in models
    assert str(model.pk) in tree_ids(anonymous.get(f"/api/tree/folders/{folder.pk}").json())

    response = owner_client.delete(f"/api/folders/{folder.pk}/readByEveryone")
    assert response.status_code == 200 and response.json()["readableByEveryone"] is False
    folders, models, tree = seen(anonymous)
    assert str(folder.pk) not in folders | tree and str(model.pk) not in models
    assert m.Folder.objects.get(pk=folder.pk).readable_by_everyone is False


def test_read_by_authenticated_shows_to_logged_in_users_only(owner_client, other_user, folder, model):
    other = logged_in_client(other_user)
    assert str(model.pk) not in seen(other)[1]
    response = owner_client.put(f"/api/dataModels/{model.pk}/readByAuthenticated")
    assert response.status_code == 200
    assert response.json() == owner_client.get(f"/api/dataModels/{model.pk}").json()
    assert response.json()["readableByAuthenticatedUsers"] is True
    folders, models, tree = seen(other)
    assert str(model.pk) in models
    assert str(folder.pk) in folders and str(folder.pk) in tree  # a readable model shows its folder
    assert str(model.pk) not in seen(Client())[1]

    assert owner_client.delete(f"/api/dataModels/{model.pk}/readByAuthenticated").status_code == 200
    assert str(model.pk) not in seen(other)[1]
    assert str(folder.pk) not in seen(other)[0]


def test_clearing_a_folder_flag_keeps_explicit_grants_below_it(owner, owner_client, user, folder):
    child = make_folder("Child", parent=folder, user=owner)
    inner = make_data_model("Inner", folder=child, user=owner)
    explicit = grant("Readers", user, child, "reader")
    owner_client.put(f"/api/folders/{folder.pk}/readByEveryone")
    before = set(SecurableResourceGroupRole.objects.values_list("pk", flat=True))

    assert owner_client.delete(f"/api/folders/{folder.pk}/readByEveryone").status_code == 200

    assert set(SecurableResourceGroupRole.objects.values_list("pk", flat=True)) == before
    assert SecurableResourceGroupRole.objects.filter(pk=explicit.pk).exists()
    folders, models, tree = seen(logged_in_client(user))
    assert str(child.pk) in folders and str(inner.pk) in models
    assert str(folder.pk) in tree  # the ancestor stays visible so the tree reaches the child
    assert str(child.pk) in tree_ids(logged_in_client(user).get(f"/api/tree/folders/{folder.pk}").json())


def test_classifier_flag(owner, owner_client):
    classifier = m.Classifier.objects.create(label="Topics", created_by=owner.email_address)
    from accounts.access import grant_creator

    grant_creator(user=owner, resource=classifier)
    response = owner_client.put(f"/api/classifiers/{classifier.pk}/readByEveryone")
    assert response.status_code == 200
    assert response.json() == owner_client.get(f"/api/classifiers/{classifier.pk}").json()
    ids = {c["id"] for c in Client().get("/api/classifiers").json()["items"]}
    assert str(classifier.pk) in ids


def test_records_an_edit(owner_client, folder, model):
    owner_client.put(f"/api/dataModels/{model.pk}/readByEveryone")
    edits = m.Edit.objects.filter(resource_id=model.pk, description__contains="readableByEveryone")
    assert edits.count() == 1
    assert edits.get().description == "[readableByEveryone] changed from [false] to [true]"
    owner_client.put(f"/api/dataModels/{model.pk}/readByEveryone")  # no change, no new entry
    assert edits.count() == 1
    owner_client.delete(f"/api/folders/{folder.pk}/readByAuthenticated")
    assert not m.Edit.objects.filter(resource_id=folder.pk, description__contains="readableBy").exists()


@pytest.mark.parametrize("kind", ["folders", "dataModels"])
def test_refusals_change_nothing(owner, user, folder, model, kind):
    resource = folder if kind == "folders" else model
    url = f"/api/{kind}/{resource.pk}/readByEveryone"
    assert Client().put(url).status_code == 401
    stranger = logged_in_client(user)
    response = stranger.put(url)
    assert response.status_code == 404
    grant("Readers", user, resource, "reader")
    assert logged_in_client(user).put(url).status_code == 403
    # An editor on a folder may not change it (container_admin needed); on a model an editor may.
    SecurableResourceGroupRole.objects.filter(user_group__name="Readers").update(
        group_role=GroupRole.objects.get(name="editor"))
    expected = 403 if kind == "folders" else 200
    assert logged_in_client(user).put(url).status_code == expected
    resource.refresh_from_db()
    assert resource.readable_by_everyone is (kind == "dataModels")
    if kind == "folders":
        assert not m.Edit.objects.filter(resource_id=resource.pk, description__contains="readableBy").exists()


def test_bad_ids_and_unknown_words(owner_client, folder):
    assert owner_client.put("/api/folders/not-a-uuid/readByEveryone").status_code == 404
    assert owner_client.put("/api/folders/6b1d5a52-0000-4000-8000-000000000000/readByEveryone").status_code == 404
    assert owner_client.put(f"/api/folders/{folder.pk}/readBySomeone").status_code == 404
    response = owner_client.post(f"/api/folders/{folder.pk}/readByEveryone")
    assert response.status_code == 404
    assert response["Allow"] == "PUT, DELETE, OPTIONS"
    assert owner_client.get(f"/api/tree/folders/{folder.pk}").status_code == 200


def test_site_admin_may_set_any_flag(admin_client, folder):
    assert admin_client.put(f"/api/folders/{folder.pk}/readByAuthenticated").status_code == 200
    folder.refresh_from_db()
    assert folder.readable_by_authenticated_users is True
