"""The edit history of an item: read-only, oldest first, readable items only."""

import pytest

from catalogue import models as m
from catalogue.services.edits import record_edit
from tests.catalogue.facets_support import item_url, make_world, set_model
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user):
    return make_world(user)


def test_history_shape_and_order(user_client, user, world):
    user_client.post(item_url(world.element, "metadata"), {"namespace": "n", "key": "k", "value": "v"},
                     format="json")
    record_edit(item=world.element, user=None, title=m.EditTitle.UPDATE, description="by the system")
    response = user_client.get(item_url(world.element, "edits"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first, second = body["items"]
    assert first == {"dateCreated": first["dateCreated"], "createdBy": user.email_address,
                     "createdByUser": {"name": user.display_name, "id": str(user.pk)}, "title": "CREATE",
                     "description": "[Metadata:n:k] added to component [DataElement:Field]"}
    assert first["dateCreated"].endswith("Z")
    assert second["createdByUser"] == {"name": None, "id": None} and second["createdBy"] == ""
    assert user_client.get(item_url(world.element, "edits") + "?sort=dateCreated&order=desc").json()[
        "items"][0]["title"] == "UPDATE"


def test_every_kind_of_item_has_a_history(user_client, world):
    for item in (world.folder, world.classifier, world.model, world.enum, world.value):
        assert user_client.get(item_url(item, "edits")).json() == {"count": 0, "items": []}


def test_history_is_read_only(user_client, world):
    url = item_url(world.model, "edits")
    for method in ("post", "put", "delete", "patch"):
        response = getattr(user_client, method)(url, {}, format="json")
        assert response.status_code == 404
        allowed = {method.strip() for method in response["Allow"].split(",")}
        assert "GET" in allowed and not allowed & {"POST", "PUT", "DELETE", "PATCH"}


def test_history_needs_read_access(world, other_user, client):
    record_edit(item=world.model, user=None, title=m.EditTitle.UPDATE, description="x")
    assert logged_in_client(other_user).get(item_url(world.model, "edits")).status_code == 404
    assert client.get(item_url(world.model, "edits")).status_code == 404
    set_model(world.model, readable_by_everyone=True)
    assert client.get(item_url(world.model, "edits")).json()["count"] == 1


def test_bad_paging_is_400(user_client, world):
    assert user_client.get(item_url(world.model, "edits") + "?max=-1").status_code == 400
    assert user_client.get(item_url(world.model, "edits") + "?sort=nope").status_code == 400
