"""Metadata on any catalogue item: CRUD, the rules on its values, who may write, and the namespaces list."""

import uuid

import pytest

from catalogue import models as m
from tests.catalogue.facets_support import item_url, make_world, set_model
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

BODY = {"namespace": "org.example", "key": "size", "value": "large"}


@pytest.fixture
def world(user):
    return make_world(user)


def _post(api, item, body=None):
    return api.post(item_url(item, "metadata"), BODY if body is None else body, format="json")


@pytest.mark.parametrize("name", ["folder", "classifier", "model", "parent", "data_class", "element", "string",
                                  "enum", "value"])
def test_create_on_every_kind_of_item_keeps_the_owning_model(user_client, world, name):
    item = getattr(world, name)
    response = _post(user_client, item)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "namespace", "key", "value", "lastUpdated"}
    assert body["namespace"] == "org.example" and body["key"] == "size" and body["value"] == "large"
    assert body["lastUpdated"].endswith("Z")
    assert response["Location"].endswith(f"{item_url(item, 'metadata')}/{body['id']}")
    stored = m.Metadata.objects.get(pk=body["id"])
    expected_model = None if name in ("folder", "classifier") else world.model.pk
    assert stored.model_id == expected_model
    assert stored.catalogue_item_id == item.pk and stored.catalogue_item_domain_type == item.domain_type
    assert user_client.get(response["Location"]).json() == body


def test_index_lists_the_item_metadata_in_order(user_client, world):
    for key in ["b", "a", "c"]:
        assert _post(user_client, world.data_class, {**BODY, "key": key}).status_code == 201
    _post(user_client, world.element)
    body = user_client.get(item_url(world.data_class, "metadata")).json()
    assert body["count"] == 3
    assert [i["key"] for i in body["items"]] == ["a", "b", "c"]
    desc = user_client.get(item_url(world.data_class, "metadata") + "?sort=key&order=desc&max=2").json()
    assert desc["count"] == 3 and [i["key"] for i in desc["items"]] == ["c", "b"]
    assert user_client.get(item_url(world.data_class, "metadata") + "?sort=bogus").status_code == 400


def test_update_changes_only_what_is_sent_and_records_the_edit(user_client, world):
    created = _post(user_client, world.element).json()
    url = f"{item_url(world.element, 'metadata')}/{created['id']}"
    response = user_client.put(url, {"value": "small"}, format="json")
    assert response.status_code == 200
    assert response.json()["value"] == "small" and response.json()["key"] == "size"
    edits = list(m.Edit.objects.filter(resource_id=world.element.pk).order_by("date_created", "id"))
    assert [e.title for e in edits] == ["CREATE", "UPDATE"]
    assert edits[0].description == "[Metadata:org.example:size] added to component [DataElement:Field]"
    assert edits[1].description == "[Metadata:org.example:size] changed properties [value]"
    assert edits[1].model_id == world.model.pk


def test_delete_removes_it_and_records_the_edit(user_client, world):
    created = _post(user_client, world.model).json()
    url = f"{item_url(world.model, 'metadata')}/{created['id']}"
    response = user_client.delete(url)
    assert response.status_code == 204 and response.content == b""
    assert not m.Metadata.objects.filter(pk=created["id"]).exists()
    assert user_client.get(url).status_code == 404
    last = m.Edit.objects.filter(resource_id=world.model.pk).latest("date_created")
    assert last.title == "DELETE"
    assert last.description == "[Metadata:org.example:size] removed from component [DataModel:Owned]"


@pytest.mark.parametrize("body,status", [
    ([BODY], 400),
    ("namespace", 400),
    ({"key": "k", "value": "v"}, 400),
    ({"namespace": None, "key": "k", "value": "v"}, 400),
    ({"namespace": "ns", "key": "", "value": "v"}, 422),
    ({"namespace": "ns", "key": "k", "value": "   "}, 422),
    ({"namespace": 5, "key": "k", "value": "v"}, 422),
    ({"namespace": {"a": 1}, "key": "k", "value": "v"}, 422),
    ({"namespace": "n" * 256, "key": "k", "value": "v"}, 422),
])
def test_bad_bodies_are_refused_and_change_nothing(user_client, world, body, status):
    response = _post(user_client, world.data_class, body)
    assert response.status_code == status, response.content
    if status == 422:
        assert response.json()["errors"][0]["field"] in ("namespace", "key", "value")
    assert not m.Metadata.objects.exists()
    assert not m.Edit.objects.exists()


def test_malformed_json_is_a_400(user_client, world):
    response = user_client.post(item_url(world.data_class, "metadata"), data="{not json",
                                content_type="application/json")
    assert response.status_code == 400


def test_namespace_and_key_are_unique_per_item(user_client, world):
    assert _post(user_client, world.data_class).status_code == 201
    duplicate = _post(user_client, world.data_class, {**BODY, "value": "other"})
    assert duplicate.status_code == 422
    assert duplicate.json()["errors"][0]["field"] == "key"
    assert _post(user_client, world.element).status_code == 201
    assert _post(user_client, world.data_class, {**BODY, "key": "other"}).status_code == 201
    other = m.Metadata.objects.get(catalogue_item_id=world.data_class.pk, key="other")
    clash = user_client.put(f"{item_url(world.data_class, 'metadata')}/{other.pk}", {"key": "size"}, format="json")
    assert clash.status_code == 422
    other.refresh_from_db()
    assert other.key == "other"


def test_unknown_type_bad_ids_and_foreign_ids(user_client, world):
    response = user_client.get(f"/api/widgets/{world.model.pk}/metadata")
    assert response.status_code == 400 and response.json()["errorCode"] == "MCI02"
    bad = user_client.get("/api/dataClasses/not-a-uuid/metadata")
    assert bad.status_code == 404
    assert bad.json()["resource"] == "DataClass" and bad.json()["id"] == "null"
    missing = user_client.get(f"/api/dataClasses/{uuid.uuid4()}/metadata")
    assert missing.status_code == 404 and missing.json()["resource"] == "DataClass"
    created = _post(user_client, world.element).json()
    foreign = user_client.get(f"{item_url(world.data_class, 'metadata')}/{created['id']}")
    assert foreign.status_code == 404 and foreign.json()["resource"] == "Metadata"
    assert user_client.get(f"{item_url(world.data_class, 'metadata')}/nope").json()["id"] == "null"
    # the class is not a model: a data model URL with a class id finds nothing
    assert user_client.get(f"/api/dataModels/{world.data_class.pk}/metadata").json()["resource"] == "DataModel"


def test_singular_and_capitalised_segments_work(user_client, world):
    _post(user_client, world.data_class)
    for segment in ("dataClass", "DataClass"):
        response = user_client.get(f"/api/{segment}/{world.data_class.pk}/metadata")
        assert response.status_code == 200 and response.json()["count"] == 1


def test_patch_is_not_a_route(user_client, world):
    created = _post(user_client, world.data_class).json()
    response = user_client.patch(f"{item_url(world.data_class, 'metadata')}/{created['id']}", {"value": "x"},
                                 format="json")
    assert response.status_code == 404
    assert "PUT" in response["Allow"]


# --- who may write -----------------------------------------------------------------------------------------------

def test_anonymous_writes_are_401_even_on_hidden_items(client, world):
    assert _post(client, world.data_class).status_code == 401
    assert _post(client, world.folder).status_code == 401
    assert not m.Metadata.objects.exists()


def test_other_users_cannot_see_private_items(world, other_user):
    api = logged_in_client(other_user)
    assert api.get(item_url(world.data_class, "metadata")).status_code == 404
    assert _post(api, world.data_class).status_code == 404
    assert _post(api, world.folder).status_code == 404


def test_readers_of_a_public_model_may_read_but_not_write(user_client, world, other_user, client):
    created = _post(user_client, world.data_class).json()
    set_model(world.model, readable_by_everyone=True)
    api = logged_in_client(other_user)
    assert api.get(item_url(world.data_class, "metadata")).json()["count"] == 1
    assert client.get(item_url(world.data_class, "metadata")).json()["count"] == 1
    url = f"{item_url(world.data_class, 'metadata')}/{created['id']}"
    assert _post(api, world.data_class, {**BODY, "key": "new"}).status_code == 403
    assert api.put(url, {"value": "changed"}, format="json").status_code == 403
    assert api.delete(url).status_code == 403
    assert client.put(url, {"value": "changed"}, format="json").status_code == 401
    assert m.Metadata.objects.get(pk=created["id"]).value == "large"
    assert m.Metadata.objects.count() == 1


def test_refusal_comes_before_body_validation(world, other_user):
    set_model(world.model, readable_by_everyone=True)
    api = logged_in_client(other_user)
    assert _post(api, world.data_class, ["not", "an", "object"]).status_code == 403


def test_public_folder_readers_cannot_write_its_metadata(world, other_user):
    m.Folder.objects.filter(pk=world.folder.pk).update(readable_by_everyone=True)
    api = logged_in_client(other_user)
    assert api.get(item_url(world.folder, "metadata")).status_code == 200
    assert _post(api, world.folder).status_code == 403


def test_admin_may_write_anywhere(admin_client, world):
    assert _post(admin_client, world.data_class).status_code == 201
    assert _post(admin_client, world.folder).status_code == 201


@pytest.mark.parametrize("state,code", [({"finalised": True}, "PERM02"), ({"deleted": True}, "PERM03")])
def test_finalised_and_deleted_models_refuse_metadata_writes(user_client, world, state, code):
    created = _post(user_client, world.element).json()
    set_model(world.model, **state)
    url = f"{item_url(world.element, 'metadata')}/{created['id']}"
    for response in (_post(user_client, world.element, {**BODY, "key": "k2"}),
                     _post(user_client, world.model, {**BODY, "key": "k2"}),
                     user_client.put(url, {"value": "changed"}, format="json"),
                     user_client.delete(url)):
        assert response.status_code == 403
        assert response.json()["errorCode"] == code
    assert user_client.get(url).status_code == 200
    assert list(m.Metadata.objects.values_list("key", "value")) == [("size", "large")]


# --- namespaces --------------------------------------------------------------------------------------------------

def test_namespaces_list_readable_namespaces_with_their_keys(user_client, world, other_user, client):
    _post(user_client, world.data_class)
    _post(user_client, world.data_class, {**BODY, "key": "colour"})
    _post(user_client, world.folder, {**BODY, "namespace": "uk.ac.ox.softeng.maurodatamapper.profile", "key": "x"})
    hidden = make_world(other_user, "Hidden")
    m.Metadata.objects.create(catalogue_item_domain_type="DataClass", catalogue_item_id=hidden.data_class.pk,
                              model=hidden.model, namespace="secret.ns", key="k", value="v")
    body = user_client.get("/api/metadata/namespaces").json()
    assert body == [
        {"namespace": "org.example", "editable": True, "defaultNamespace": False, "keys": ["colour", "size"]},
        {"namespace": "uk.ac.ox.softeng.maurodatamapper.profile", "editable": True, "defaultNamespace": True,
         "keys": ["x"]},
    ]
    assert client.get("/api/metadata/namespaces").json() == []
    assert [n["namespace"] for n in logged_in_client(other_user).get("/api/metadata/namespaces").json()] == [
        "secret.ns"]
    prefixed = user_client.get("/api/metadata/namespaces/ORG.ex").json()
    assert [n["namespace"] for n in prefixed] == ["org.example"]
    assert user_client.get("/api/metadata/namespaces/metadata").json() == []


def test_namespaces_of_public_content_are_visible_to_anyone(user_client, world, client):
    _post(user_client, world.element)
    set_model(world.model, readable_by_everyone=True)
    assert [n["namespace"] for n in client.get("/api/metadata/namespaces").json()] == ["org.example"]
