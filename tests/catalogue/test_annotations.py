"""Annotations (comments) and their replies: shapes, nesting, rules and who may comment."""

import uuid

import pytest

from catalogue import models as m
from tests.catalogue.facets_support import item_url, make_world, set_model
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user):
    return make_world(user)


def _comment(api, item, body=None):
    return api.post(item_url(item, "annotations"), body or {"label": "Question", "description": "Is this right?"},
                    format="json")


def test_create_comment_shape_and_location(user_client, user, world):
    response = _comment(user_client, world.data_class)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["label"] == "Question" and body["description"] == "Is this right?"
    assert body["createdBy"] == user.email_address
    assert body["createdByUser"] == {"name": user.display_name, "id": str(user.pk)}
    assert body["lastUpdated"].endswith("Z")
    assert "childAnnotations" not in body
    assert response["Location"].endswith(f"{item_url(world.data_class, 'annotations')}/{body['id']}")
    stored = m.Annotation.objects.get(pk=body["id"])
    assert stored.model_id == world.model.pk and stored.catalogue_item_id == world.data_class.pk
    edit = m.Edit.objects.get(resource_id=world.data_class.pk)
    assert edit.description == "[Annotation:Question] added to component [DataClass:Child]"


def test_description_is_optional_for_comments(user_client, world):
    response = _comment(user_client, world.folder, {"label": "Just a title"})
    assert response.status_code == 201
    assert "description" not in response.json()
    assert m.Annotation.objects.get().model_id is None


def test_replies_nest_under_their_comment(user_client, world):
    root = _comment(user_client, world.model).json()
    replies_url = f"{item_url(world.model, 'annotations')}/{root['id']}/annotations"
    first = user_client.post(replies_url, {"description": "Yes"}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["label"] == "Question [1]"
    second = user_client.post(replies_url, {"description": "No", "label": "Counterpoint"}, format="json").json()
    deeper = user_client.post(f"{item_url(world.model, 'annotations')}/{first.json()['id']}/annotations",
                              {"description": "Why?"}, format="json")
    assert deeper.status_code == 201

    shown = user_client.get(f"{item_url(world.model, 'annotations')}/{root['id']}").json()
    children = shown["childAnnotations"]
    assert [c["description"] for c in children] == ["Yes", "No"]
    assert "label" not in children[0]
    assert children[0]["childAnnotations"][0]["description"] == "Why?"

    listed = user_client.get(item_url(world.model, "annotations")).json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == root["id"]
    assert len(listed["items"][0]["childAnnotations"]) == 2

    replies = user_client.get(replies_url).json()
    assert replies["count"] == 2
    assert [r["label"] for r in replies["items"]] == ["Question [1]", "Counterpoint"]
    reply = user_client.get(f"{replies_url}/{second['id']}")
    assert reply.status_code == 200 and reply.json()["description"] == "No"
    # a reply is not found under another comment
    other_root = _comment(user_client, world.model, {"label": "Other"}).json()
    wrong = user_client.get(f"{item_url(world.model, 'annotations')}/{other_root['id']}/annotations/{second['id']}")
    assert wrong.status_code == 404


def test_comments_are_listed_newest_first(user_client, world):
    for label in ["one", "two", "three"]:
        _comment(user_client, world.element, {"label": label})
    listed = user_client.get(item_url(world.element, "annotations")).json()
    assert [a["label"] for a in listed["items"]] == ["three", "two", "one"]
    oldest = user_client.get(item_url(world.element, "annotations") + "?sort=dateCreated&order=asc").json()
    assert [a["label"] for a in oldest["items"]] == ["one", "two", "three"]


@pytest.mark.parametrize("body,status", [
    ({}, 400),
    ({"label": None}, 400),
    ({"label": ""}, 422),
    ({"label": "  "}, 422),
    ({"label": 3}, 422),
    ({"label": "x" * 256}, 422),
    ([{"label": "x"}], 400),
])
def test_bad_comments_are_refused(user_client, world, body, status):
    response = user_client.post(item_url(world.data_class, "annotations"), body, format="json")
    assert response.status_code == status
    assert not m.Annotation.objects.exists()


@pytest.mark.parametrize("body,status", [({}, 400), ({"label": "x"}, 400), ({"description": ""}, 422),
                                         ({"description": " "}, 422)])
def test_replies_need_a_description(user_client, world, body, status):
    root = _comment(user_client, world.data_class).json()
    response = user_client.post(f"{item_url(world.data_class, 'annotations')}/{root['id']}/annotations", body,
                                format="json")
    assert response.status_code == status
    assert m.Annotation.objects.count() == 1


def test_reply_to_a_missing_or_foreign_comment_is_404(user_client, world):
    foreign = _comment(user_client, world.element).json()
    for annotation_id in (foreign["id"], str(uuid.uuid4()), "junk"):
        response = user_client.post(f"{item_url(world.data_class, 'annotations')}/{annotation_id}/annotations",
                                    {"description": "x"}, format="json")
        assert response.status_code == 404
        assert response.json()["resource"] == "Annotation"


def test_delete_removes_the_comment_and_its_replies(user_client, world):
    root = _comment(user_client, world.data_class).json()
    replies_url = f"{item_url(world.data_class, 'annotations')}/{root['id']}/annotations"
    reply = user_client.post(replies_url, {"description": "A"}, format="json").json()
    user_client.post(f"{item_url(world.data_class, 'annotations')}/{reply['id']}/annotations", {"description": "B"},
                     format="json")
    keep = _comment(user_client, world.data_class, {"label": "Keep"}).json()
    assert user_client.delete(f"{item_url(world.data_class, 'annotations')}/{root['id']}").status_code == 204
    assert list(m.Annotation.objects.values_list("pk", flat=True)) == [uuid.UUID(keep["id"])]
    assert m.Edit.objects.filter(resource_id=world.data_class.pk, title="DELETE").count() == 1


def test_delete_a_single_reply(user_client, world):
    root = _comment(user_client, world.data_class).json()
    replies_url = f"{item_url(world.data_class, 'annotations')}/{root['id']}/annotations"
    reply = user_client.post(replies_url, {"description": "A"}, format="json").json()
    assert user_client.delete(f"{replies_url}/{reply['id']}").status_code == 204
    assert user_client.get(replies_url).json()["count"] == 0
    assert m.Annotation.objects.count() == 1


def test_annotations_cannot_be_updated(user_client, world):
    root = _comment(user_client, world.data_class).json()
    response = user_client.put(f"{item_url(world.data_class, 'annotations')}/{root['id']}", {"label": "x"},
                               format="json")
    assert response.status_code == 404
    assert "PUT" not in response["Allow"]
    assert m.Annotation.objects.get().label == "Question"


def test_finalised_models_still_take_comments_but_deleted_ones_do_not(user_client, world):
    set_model(world.model, finalised=True)
    assert _comment(user_client, world.element).status_code == 201
    root = _comment(user_client, world.model).json()
    assert user_client.post(f"{item_url(world.model, 'annotations')}/{root['id']}/annotations",
                            {"description": "reply"}, format="json").status_code == 201
    set_model(world.model, deleted=True)
    response = _comment(user_client, world.element)
    assert response.status_code == 403 and response.json()["errorCode"] == "PERM03"
    assert m.Annotation.objects.count() == 3


def test_readers_may_read_but_not_comment_under_interim_roles(user_client, world, other_user, client):
    root = _comment(user_client, world.data_class).json()
    set_model(world.model, readable_by_everyone=True)
    api = logged_in_client(other_user)
    assert api.get(item_url(world.data_class, "annotations")).json()["count"] == 1
    assert _comment(api, world.data_class).status_code == 403
    assert api.delete(f"{item_url(world.data_class, 'annotations')}/{root['id']}").status_code == 403
    assert _comment(client, world.data_class).status_code == 401
    assert m.Annotation.objects.count() == 1


def test_hidden_items_are_404_for_others(world, other_user):
    api = logged_in_client(other_user)
    assert api.get(item_url(world.model, "annotations")).status_code == 404
    assert _comment(api, world.model).status_code == 404


def test_admin_may_comment_and_delete_others_comments(user_client, admin_client, admin_user, world):
    root = _comment(user_client, world.data_class).json()
    response = _comment(admin_client, world.data_class, {"label": "Admin note"})
    assert response.status_code == 201
    assert response.json()["createdByUser"]["name"] == "Admin User"
    assert admin_client.delete(f"{item_url(world.data_class, 'annotations')}/{root['id']}").status_code == 204
