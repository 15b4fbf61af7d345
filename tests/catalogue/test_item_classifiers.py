"""Classifiers attached to catalogue items: attach existing, create-and-attach, list, show, detach."""

import uuid

import pytest

from catalogue import models as m
from tests.catalogue.facets_support import item_url, make_world, set_model
from tests.catalogue.factories import make_classifier
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user):
    return make_world(user)


def test_attach_existing_and_list(user_client, user, world):
    response = user_client.post(item_url(world.data_class, "classifiers"), {"id": str(world.classifier.pk)},
                                format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] == str(world.classifier.pk) and body["domainType"] == "Classifier"
    assert body["availableActions"] == ["comment", "delete", "editDescription", "save", "show", "softDelete",
                                        "update"]
    link = m.ClassifierLink.objects.get()
    assert link.model_id == world.model.pk and link.catalogue_item_id == world.data_class.pk
    listed = user_client.get(item_url(world.data_class, "classifiers")).json()
    assert listed["count"] == 1
    assert listed["items"][0] == {"id": body["id"], "label": "Owned tag", "lastUpdated": body["lastUpdated"],
                                  "domainType": "Classifier"}
    shown = user_client.get(response["Location"])
    assert shown.status_code == 200 and shown.json()["readableByEveryone"] is False
    assert m.Edit.objects.get(resource_id=world.data_class.pk).description == (
        "[Classifier:Owned tag] added to component [DataClass:Child]")


def test_attach_by_nested_id_object(user_client, world):
    response = user_client.post(item_url(world.folder, "classifiers"), {"id": {"id": str(world.classifier.pk)}},
                                format="json")
    assert response.status_code == 201
    assert m.ClassifierLink.objects.get().model_id is None


def test_create_and_attach(user_client, user, world):
    response = user_client.post(item_url(world.model, "classifiers"), {"label": "Brand new", "description": "d"},
                                format="json")
    assert response.status_code == 201, response.content
    created = m.Classifier.objects.get(label="Brand new")
    assert created.created_by == user.email_address and created.description == "d"
    assert m.ClassifierLink.objects.get().classifier == created
    assert m.Edit.objects.filter(resource_id=created.pk, title="CREATE").exists()
    assert user_client.get(item_url(world.model, "classifiers")).json()["count"] == 1


@pytest.mark.parametrize("body,status", [
    ({}, 400),
    ([], 400),
    ({"label": ""}, 422),
    ({"label": "a|b"}, 422),
    ({"label": None}, 400),
    ({"label": 5}, 422),
    ({"label": "Owned tag"}, 422),
    ({"id": "not-a-uuid"}, 422),
    ({"id": 17}, 422),
])
def test_bad_attach_bodies(user_client, world, body, status):
    response = user_client.post(item_url(world.model, "classifiers"), body, format="json")
    assert response.status_code == status, response.content
    assert not m.ClassifierLink.objects.exists()
    assert m.Classifier.objects.count() == 1


def test_attaching_twice_is_422(user_client, world):
    url = item_url(world.model, "classifiers")
    assert user_client.post(url, {"id": str(world.classifier.pk)}, format="json").status_code == 201
    assert user_client.post(url, {"id": str(world.classifier.pk)}, format="json").status_code == 422
    assert m.ClassifierLink.objects.count() == 1


def test_unreadable_or_missing_classifier_is_404(user_client, world, other_user):
    secret = make_classifier("Secret", user=other_user)
    for classifier_id in (secret.pk, uuid.uuid4()):
        response = user_client.post(item_url(world.model, "classifiers"), {"id": str(classifier_id)}, format="json")
        assert response.status_code == 404 and response.json()["resource"] == "Classifier"
    assert not m.ClassifierLink.objects.exists()


def test_unreadable_attached_classifiers_are_not_listed(user_client, admin_client, world, other_user):
    secret = make_classifier("Secret", user=other_user)
    assert admin_client.post(item_url(world.model, "classifiers"), {"id": str(secret.pk)},
                             format="json").status_code == 201
    assert user_client.get(item_url(world.model, "classifiers")).json() == {"count": 0, "items": []}
    assert admin_client.get(item_url(world.model, "classifiers")).json()["count"] == 1
    assert user_client.get(f"{item_url(world.model, 'classifiers')}/{secret.pk}").status_code == 404


def test_detach_and_no_update(user_client, world):
    url = item_url(world.element, "classifiers")
    user_client.post(url, {"id": str(world.classifier.pk)}, format="json")
    detail = f"{url}/{world.classifier.pk}"
    put = user_client.put(detail, {"label": "x"}, format="json")
    assert put.status_code == 404 and "PUT" not in put["Allow"]
    assert user_client.delete(detail).status_code == 204
    assert not m.ClassifierLink.objects.exists()
    assert m.Classifier.objects.filter(pk=world.classifier.pk).exists()
    assert user_client.delete(detail).status_code == 404
    assert m.Edit.objects.filter(resource_id=world.element.pk, title="DELETE").count() == 1


def test_permissions(user_client, world, other_user, client):
    url = item_url(world.model, "classifiers")
    user_client.post(url, {"id": str(world.classifier.pk)}, format="json")
    api = logged_in_client(other_user)
    assert api.get(url).status_code == 404
    set_model(world.model, readable_by_everyone=True)
    public_tag = make_classifier("Public", user=other_user, readable_by_everyone=True)
    assert api.post(url, {"id": str(public_tag.pk)}, format="json").status_code == 403
    assert api.post(url, {"label": "New"}, format="json").status_code == 403
    assert client.post(url, {"label": "New"}, format="json").status_code == 401
    set_model(world.model, finalised=True)
    assert user_client.post(url, {"id": str(public_tag.pk)}, format="json").status_code == 403
    assert user_client.delete(f"{url}/{world.classifier.pk}").status_code == 403
    assert m.ClassifierLink.objects.count() == 1
    assert not m.Classifier.objects.filter(label="New").exists()


def test_classifiers_segment_under_a_classifier_lists_its_children(user_client, world):
    response = user_client.get(f"/api/classifiers/{world.classifier.pk}/classifiers")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}
