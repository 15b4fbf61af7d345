"""The contract's input rule on the data model bodies (create in a folder, update, the administrators' bulk
delete): a value of the wrong JSON type or a blank label is a 422 naming the field, a missing required field on
create is a 400, unknown fields are ignored, updates are partial, and nothing is stored on any error."""

import pytest

from catalogue import models as m
from tests.catalogue.factories import make_data_model, make_folder

pytestmark = pytest.mark.django_db

WRONG_TYPE = [
    ({"label": 5}, "label"),
    ({"label": ["Cars"]}, "label"),
    ({"description": 5}, "description"),
    ({"author": {"name": "Ann"}}, "author"),
    ({"organisation": True}, "organisation"),
    ({"type": 3}, "type"),
    ({"aliases": "CARS"}, "aliases"),
    ({"aliases": ["ok", 7]}, "aliases"),
    ({"readableByEveryone": "yes"}, "readableByEveryone"),
    ({"readableByAuthenticatedUsers": 1}, "readableByAuthenticatedUsers"),
]
BLANK = [({"label": ""}, "label"), ({"label": "   "}, "label")]


def _state():
    models = sorted((x.pk, x.label, x.description, x.author, x.organisation, x.model_type, x.aliases_string,
                     x.readable_by_everyone, x.readable_by_authenticated_users, x.folder_id, x.deleted)
                    for x in m.CatalogueModel.objects.all())
    return models, m.Edit.objects.count()


def _fields(response):
    return {error.get("field") for error in response.json()["errors"]}


@pytest.fixture
def folder(user):
    return make_folder("Work", user=user)


@pytest.fixture
def model(user, folder):
    return make_data_model("Cars", folder=folder, user=user, description="Old", author="Ann")


@pytest.mark.parametrize(("body", "field"), WRONG_TYPE + BLANK)
def test_create_wrong_type_or_blank_is_422_naming_the_field(user_client, folder, body, field):
    before = _state()
    response = user_client.post(f"/api/folders/{folder.pk}/dataModels", {"label": "Cars", **body}, format="json")
    assert response.status_code == 422, response.content
    assert field in _fields(response)
    assert response.json()["total"] == len(response.json()["errors"])
    assert _state() == before


@pytest.mark.parametrize("body", [{}, {"label": None}, {"description": "no label", "type": "Data Asset"}])
def test_create_without_a_label_is_400_naming_it(user_client, folder, body):
    before = _state()
    response = user_client.post(f"/api/folders/{folder.pk}/dataModels", body, format="json")
    assert response.status_code == 400, response.content
    [error] = response.json()["errors"]
    assert error["field"] == "label"
    assert error["message"].endswith("Property [label] of class [DataModel] cannot be null")
    assert _state() == before


def test_create_missing_label_and_wrong_type_is_400_listing_only_the_label(user_client, folder):
    response = user_client.post(f"/api/folders/{folder.pk}/dataModels", {"author": 5}, format="json")
    assert response.status_code == 400
    assert _fields(response) == {"label"}
    assert not m.CatalogueModel.objects.exists()


def test_create_ignores_unknown_fields_and_keeps_mauro_defaults(user_client, folder):
    response = user_client.post(f"/api/folders/{folder.pk}/dataModels",
                                {"label": "Cars", "colour": "red", "finalised": True, "id": "not mine"},
                                format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["type"] == "Data Standard" and body["finalised"] is False and body["id"] != "not mine"
    assert body["readableByEveryone"] is False and "aliases" not in body
    assert m.CatalogueModel.objects.get(pk=body["id"]).label == "Cars"


@pytest.mark.parametrize(("body", "field"), WRONG_TYPE + BLANK + [({"label": None}, "label"), ({"type": None}, "type")])
def test_update_wrong_type_blank_or_null_is_422_and_changes_nothing(user_client, model, body, field):
    before = _state()
    response = user_client.put(f"/api/dataModels/{model.pk}", body, format="json")
    assert response.status_code == 422, response.content
    assert field in _fields(response)
    assert _state() == before


def test_update_is_partial_and_ignores_unknown_fields(user_client, model):
    response = user_client.put(f"/api/dataModels/{model.pk}", {"organisation": "Clinic", "colour": "red"},
                               format="json")
    assert response.status_code == 200, response.content
    model.refresh_from_db()
    assert (model.label, model.description, model.author, model.organisation) == ("Cars", "Old", "Ann", "Clinic")


def test_update_with_null_aliases_clears_them(user_client, user):
    model = make_data_model("Aliased", user=user, aliases_string="A|B")
    response = user_client.put(f"/api/dataModels/{model.pk}", {"aliases": None}, format="json")
    assert response.status_code == 200 and "aliases" not in response.json()
    model.refresh_from_db()
    assert model.aliases == []


class TestRightsBeforeTheBody:
    """404 (cannot read) → 403 (cannot write) → 400/422 (the body): a bad body never reveals more."""

    def test_create(self, client, user_client, other_user):
        hidden, public = make_folder("Hidden", user=other_user), make_folder("Public", user=other_user,
                                                                              readable_by_everyone=True)
        assert client.post(f"/api/folders/{public.pk}/dataModels", {"label": 5}, format="json").status_code == 401
        assert user_client.post(f"/api/folders/{hidden.pk}/dataModels", {"label": 5},
                                format="json").status_code == 404
        assert user_client.post(f"/api/folders/{public.pk}/dataModels", {}, format="json").status_code == 403
        assert not m.CatalogueModel.objects.exists()

    def test_update(self, client, user_client, other_user):
        hidden = make_data_model("Hidden", user=other_user)
        public = make_data_model("Public", user=other_user, readable_by_everyone=True)
        before = _state()
        assert client.put(f"/api/dataModels/{public.pk}", {"label": 5}, format="json").status_code == 401
        assert user_client.put(f"/api/dataModels/{hidden.pk}", {"label": 5}, format="json").status_code == 404
        assert user_client.put(f"/api/dataModels/{public.pk}", {"label": 5}, format="json").status_code == 403
        assert user_client.put(f"/api/dataModels/{public.pk}", {"description": 5}, format="json").status_code == 403
        assert _state() == before

    def test_bulk_delete(self, client, user_client, user):
        model = make_data_model("Stays", user=user)
        assert client.delete("/api/dataModels", {"ids": "x"}, format="json").status_code == 401
        assert user_client.delete("/api/dataModels", {"ids": "x"}, format="json").status_code == 403
        model.refresh_from_db()
        assert not model.deleted


@pytest.mark.parametrize(("body", "status", "field"), [
    ({}, 400, "ids"),
    ({"ids": None}, 400, "ids"),
    ({"ids": []}, 422, "ids"),
    ({"ids": {"id": "x"}}, 422, "ids"),
    ({"ids": [5]}, 422, "ids"),
    ({"ids": "IDS", "permanent": True}, 422, "ids"),
    ({"ids": ["VALID"], "permanent": "yes"}, 422, "permanent"),
])
def test_bulk_delete_bad_bodies_name_the_field_and_change_nothing(admin_client, user, body, status, field):
    model = make_data_model("Stays", user=user)
    if body.get("ids") == ["VALID"]:
        body = {**body, "ids": [str(model.pk)]}
    before = _state()
    response = admin_client.delete("/api/dataModels", body, format="json")
    assert response.status_code == status, response.content
    assert _fields(response) == {field}
    assert _state() == before


def test_bulk_delete_message_names_the_bad_id(admin_client):
    response = admin_client.delete("/api/dataModels", {"ids": ["nope"]}, format="json")
    assert response.json()["errors"] == [{"message": "Property [ids] of class [DeleteAllParams] with value [nope] "
                                                     "is not a valid id", "field": "ids"}]
