"""Data models as whole objects: create in a folder, list, show, update, move, delete, restore, bulk delete."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue import models as m
from tests.catalogue.factories import make_classifier, make_data_model, make_folder, populate_model
from tests.conftest import MAURO_EXPORTS

pytestmark = pytest.mark.django_db

FIXTURES = MAURO_EXPORTS
INDEX_KEYS = {"id", "domainType", "label", "path", "type", "branchName", "documentationVersion"}
SHOW_KEYS = INDEX_KEYS | {"availableActions", "lastUpdated", "finalised", "readableByEveryone",
                          "readableByAuthenticatedUsers", "authority"}
EDITOR_ACTIONS = ["comment", "delete", "editDescription", "finalise", "save", "show", "softDelete", "update"]


@pytest.fixture
def folder(user):
    return make_folder("Work", user=user)


def create(client, folder, **body):
    return client.post(f"/api/folders/{folder.pk}/dataModels", body, format="json")


def edits_of(obj):
    return list(m.Edit.objects.filter(resource_id=obj.pk).values_list("title", "description"))


class TestCreate:
    def test_create_with_every_field(self, user_client, user, folder):
        response = create(user_client, folder, label="Patients", description="Who comes", author="Ann",
                          organisation="Clinic", type="Data Asset", aliases=["PAT"])
        assert response.status_code == 201
        body = response.json()
        assert set(body) == SHOW_KEYS | {"description", "author", "organisation", "aliases"}
        assert body["domainType"] == "DataModel" and body["type"] == "Data Asset"
        assert body["path"] == "dm:Patients$main" and body["branchName"] == "main"
        assert body["documentationVersion"] == "1.0.0" and body["finalised"] is False
        assert body["aliases"] == ["PAT"]
        assert body["availableActions"] == EDITOR_ACTIONS
        authority = m.Authority.default()
        assert body["authority"] == {"id": str(authority.pk), "url": authority.url, "label": authority.label,
                                     "defaultAuthority": True}
        assert response["Location"].endswith(f"/api/dataModels/{body['id']}")
        model = m.DataModel.objects.get(pk=body["id"])
        assert model.folder_id == folder.pk and model.created_by == user.email_address
        assert edits_of(model) == [("CREATE", "[DataModel:Patients] created")]

    def test_type_defaults_to_data_standard(self, user_client, folder):
        assert create(user_client, folder, label="Plain").json()["type"] == "Data Standard"
        assert create(user_client, folder, label="Null", type=None).json()["type"] == "Data Standard"

    @pytest.mark.parametrize("model_type", ["Data Lake", "", "data standard", 3])
    def test_bad_type_is_422(self, user_client, folder, model_type):
        response = create(user_client, folder, label="Typed", type=model_type)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "type"
        assert not m.CatalogueModel.objects.exists()

    @pytest.mark.parametrize("body", [{}, {"label": None}, {"description": "no label"}])
    def test_missing_label_is_400(self, user_client, folder, body):
        response = user_client.post(f"/api/folders/{folder.pk}/dataModels", body, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "label"
        assert not m.CatalogueModel.objects.exists()

    @pytest.mark.parametrize("label", ["", "  ", "a|b", "a@b", "a$b", "x" * 300])
    def test_bad_label_is_422(self, user_client, folder, label):
        assert create(user_client, folder, label=label).status_code == 422
        assert not m.CatalogueModel.objects.exists()

    def test_bad_aliases_are_422(self, user_client, folder):
        assert create(user_client, folder, label="A", aliases="one").status_code == 422
        assert create(user_client, folder, label="A", aliases=["x|y"]).status_code == 422
        assert not m.CatalogueModel.objects.exists()

    def test_duplicate_label_in_any_folder_is_422(self, user_client, user, folder):
        make_data_model("Twice", folder=make_folder("Elsewhere", user=user))
        response = create(user_client, folder, label="Twice")
        assert response.status_code == 422
        message = response.json()["errors"][0]["message"]
        assert message == "Property [label] of class [DataModel] with value [Twice] is not available"
        assert m.CatalogueModel.objects.filter(label="Twice").count() == 1

    def test_same_label_allowed_beside_other_branches_and_finalised_versions(self, user_client, folder):
        make_data_model("Versioned", folder=folder, branch_name="feature")
        make_data_model("Versioned", folder=folder, finalised=True, model_version="1.0.0")
        assert create(user_client, folder, label="Versioned").status_code == 201

    def test_anonymous_is_401(self, client, other_user):
        public = make_folder("Public", user=other_user, readable_by_everyone=True)
        assert create(client, public, label="X").status_code == 401

    def test_reader_of_folder_is_403(self, user_client, other_user):
        public = make_folder("Public", user=other_user, readable_by_everyone=True)
        assert create(user_client, public, label="X").status_code == 403
        assert not m.CatalogueModel.objects.exists()

    def test_hidden_folder_is_404(self, user_client, other_user):
        hidden = make_folder("Hidden", user=other_user)
        response = create(user_client, hidden, label="X")
        assert response.status_code == 404 and response.json()["resource"] == "Folder"

    def test_deleted_folder_is_403(self, user_client, user):
        gone = make_folder("Gone", user=user, deleted=True)
        assert create(user_client, gone, label="X").status_code == 403

    def test_post_on_data_models_is_404_with_allow(self, user_client):
        response = user_client.post("/api/dataModels", {"label": "Nope"}, format="json")
        assert response.status_code == 404
        assert "GET" in response["Allow"] and "POST" not in response["Allow"]
        assert not m.CatalogueModel.objects.exists()


class TestRead:
    def test_index_lists_readable_models(self, client, user_client, user, other_user):
        make_data_model("Mine", folder=make_folder("F1", user=user), user=user)
        make_data_model("Hidden", folder=make_folder("F2", user=other_user), user=other_user)
        make_data_model("Public", folder=make_folder("F3", user=other_user), readable_by_everyone=True)
        make_data_model("Via folder", folder=make_folder("F4", user=other_user, readable_by_everyone=True))
        assert [x["label"] for x in user_client.get("/api/dataModels").json()["items"]] == [
            "Mine", "Public", "Via folder"]
        assert [x["label"] for x in client.get("/api/dataModels").json()["items"]] == ["Public", "Via folder"]

    def test_index_shape(self, user_client, user, folder):
        make_data_model("Plain", folder=folder, user=user)
        rich = make_data_model("Rich", folder=folder, user=user, author="A", organisation="O", description="D",
                               deleted=True, finalised=True, model_version="2.0.0", model_version_tag="v2")
        classifier = make_classifier("Tag", user=user)
        m.ClassifierLink.objects.create(classifier=classifier, catalogue_item_domain_type="DataModel",
                                        catalogue_item_id=rich.pk, model=rich)
        items = {x["label"]: x for x in user_client.get("/api/dataModels").json()["items"]}
        assert set(items["Plain"]) == INDEX_KEYS
        assert set(items["Rich"]) == INDEX_KEYS | {"modelVersion", "modelVersionTag", "classifiers", "deleted",
                                                   "author", "organisation", "description"}
        assert items["Rich"]["deleted"] is True and items["Rich"]["path"] == "dm:Rich$2.0.0"
        assert items["Rich"]["classifiers"] == [{"id": str(classifier.pk), "label": "Tag", "domainType": "Classifier",
                                                 "lastUpdated": items["Rich"]["classifiers"][0]["lastUpdated"],
                                                 "path": "cl:Tag"}]

    def test_hidden_classifiers_are_not_shown(self, user_client, user, other_user, folder):
        model = make_data_model("Tagged", folder=folder, user=user)
        secret = make_classifier("Secret", user=other_user)
        m.ClassifierLink.objects.create(classifier=secret, catalogue_item_domain_type="DataModel",
                                        catalogue_item_id=model.pk, model=model)
        assert "classifiers" not in user_client.get(f"/api/dataModels/{model.pk}").json()

    def test_folder_data_models(self, user_client, user, folder):
        make_data_model("In", folder=folder, user=user)
        make_data_model("Out", user=user)
        body = user_client.get(f"/api/folders/{folder.pk}/dataModels").json()
        assert body["count"] == 1 and body["items"][0]["label"] == "In"

    def test_folder_data_models_of_hidden_folder_is_404(self, user_client, other_user):
        hidden = make_folder("Hidden", user=other_user)
        assert user_client.get(f"/api/folders/{hidden.pk}/dataModels").status_code == 404

    def test_sorting_and_paging(self, user_client, user, folder):
        for label in ["b", "a", "d", "c"]:
            make_data_model(label, folder=folder, user=user)
        body = user_client.get("/api/dataModels?sort=label&order=desc&max=2").json()
        assert body["count"] == 4 and [x["label"] for x in body["items"]] == ["d", "c"]
        body = user_client.get(f"/api/folders/{folder.pk}/dataModels?offset=3").json()
        assert [x["label"] for x in body["items"]] == ["d"]
        assert user_client.get("/api/dataModels?sort=secret").status_code == 400

    def test_show_shape_and_reader_actions(self, user_client, other_user):
        public = make_data_model("Public", user=other_user, readable_by_everyone=True, finalised=True,
                                 model_version="1.0.0", date_finalised=timezone.now())
        body = user_client.get(f"/api/dataModels/{public.pk}").json()
        assert set(body) == SHOW_KEYS | {"modelVersion", "dateFinalised"}
        assert body["availableActions"] == ["createNewVersions", "finalisedReadActions", "newForkModel", "show"]
        assert body["dateFinalised"].endswith("Z") and body["finalised"] is True

    def test_show_matches_the_fields_of_a_real_export(self, user_client, user, folder):
        exported = json.loads((FIXTURES / "simpleDataModel.json").read_text())["dataModel"]
        model = make_data_model(exported["label"], folder=folder, user=user)
        body = user_client.get(f"/api/dataModels/{model.pk}").json()
        for key in ("id", "label", "lastUpdated", "type", "documentationVersion", "finalised"):
            assert key in body
            assert type(body[key]) is type(exported[key]) or exported[key].startswith("${json-unit")
        assert set(exported["authority"]) <= set(body["authority"])
        assert body["type"] == exported["type"] and body["documentationVersion"] == exported["documentationVersion"]

    def test_hidden_missing_and_bad_ids_are_404(self, user_client, other_user):
        hidden = make_data_model("Hidden", user=other_user)
        for model_id in (hidden.pk, uuid.uuid4()):
            response = user_client.get(f"/api/dataModels/{model_id}")
            assert response.status_code == 404
            assert response.json()["resource"] == "DataModel" and response.json()["id"] == str(model_id)
        assert user_client.get("/api/dataModels/xyz").json()["id"] == "null"

    def test_deleted_model_stays_readable(self, user_client, user):
        gone = make_data_model("Gone", user=user, deleted=True)
        assert user_client.get(f"/api/dataModels/{gone.pk}").json()["deleted"] is True

    def test_types_is_a_bare_array_for_logged_in_users(self, client, user_client):
        assert user_client.get("/api/dataModels/types").json() == ["Data Asset", "Data Standard"]
        response = client.get("/api/dataModels/types")
        assert response.status_code == 401


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_model_lists_cost_the_same_for_3_and_30_models(user_client, user):
    tag = make_classifier("Tag", user=user)

    def build(folder, n):
        for i in range(n):
            model = make_data_model(f"{folder.label} {i}", folder=folder, user=user, author="A")
            m.ClassifierLink.objects.create(classifier=tag, catalogue_item_domain_type="DataModel",
                                            catalogue_item_id=model.pk, model=model)

    small, large = make_folder("Small", user=user), make_folder("Large", user=user)
    build(small, 3)
    index_small = _queries(user_client, "/api/dataModels?all=true")
    folder_small = _queries(user_client, f"/api/folders/{small.pk}/dataModels?all=true")
    build(large, 30)
    assert _queries(user_client, "/api/dataModels?all=true") == index_small
    assert _queries(user_client, f"/api/folders/{large.pk}/dataModels?all=true") == folder_small


class TestUpdate:
    def test_update_fields(self, user_client, user):
        model = make_data_model("Before", user=user)
        response = user_client.put(f"/api/dataModels/{model.pk}", {
            "label": "After", "description": "new", "author": "Bea", "organisation": "Org", "type": "Data Asset",
            "aliases": ["AF"], "finalised": True, "documentationVersion": "9.9.9"}, format="json")
        assert response.status_code == 200
        body = response.json()
        assert (body["label"], body["description"], body["author"], body["organisation"], body["type"]) == (
            "After", "new", "Bea", "Org", "Data Asset")
        assert body["finalised"] is False and body["documentationVersion"] == "1.0.0"
        model.refresh_from_db()
        assert model.label == "After" and model.aliases == ["AF"]
        update = [d for t, d in edits_of(model) if t == "UPDATE"][0]
        assert "[label] changed from [Before] to [After]" in update
        assert "[model_type] changed from [Data Standard] to [Data Asset]" in update

    def test_blank_optional_fields_are_cleared(self, user_client, user):
        model = make_data_model("M", user=user, author="A", description="D")
        body = user_client.put(f"/api/dataModels/{model.pk}", {"author": "", "description": None},
                               format="json").json()
        assert "author" not in body and "description" not in body

    def test_finalised_model_is_403(self, user_client, user):
        model = make_data_model("Final", user=user, finalised=True, model_version="1.0.0")
        response = user_client.put(f"/api/dataModels/{model.pk}", {"label": "Changed"}, format="json")
        assert response.status_code == 403
        assert response.json()["message"] == "Cannot update a finalised Model"
        model.refresh_from_db()
        assert model.label == "Final"

    def test_deleted_model_is_403(self, user_client, user):
        model = make_data_model("Gone", user=user, deleted=True)
        response = user_client.put(f"/api/dataModels/{model.pk}", {"description": "x"}, format="json")
        assert response.status_code == 403
        assert response.json()["message"] == "Cannot update a deleted Model"

    def test_reader_is_403_even_for_description(self, user_client, other_user):
        public = make_data_model("Public", user=other_user, readable_by_everyone=True)
        for body in ({"label": "Mine"}, {"description": "mine"}):
            response = user_client.put(f"/api/dataModels/{public.pk}", body, format="json")
            assert response.status_code == 403
            assert response.json()["message"] == "User does not have the necessary permissions"
        public.refresh_from_db()
        assert public.label == "Public" and public.description is None

    def test_anonymous_is_401_and_hidden_is_404(self, client, user_client, other_user):
        public = make_data_model("Public", user=other_user, readable_by_everyone=True)
        hidden = make_data_model("Hidden", user=other_user)
        assert client.put(f"/api/dataModels/{public.pk}", {"label": "x"}, format="json").status_code == 401
        assert user_client.put(f"/api/dataModels/{hidden.pk}", {"label": "x"}, format="json").status_code == 404

    @pytest.mark.parametrize("body", [{"label": ""}, {"label": None}, {"label": "a|b"}, {"type": "Other"},
                                      {"type": None}, {"author": 5}, {"readableByEveryone": "maybe"}])
    def test_bad_values_are_422_and_change_nothing(self, user_client, user, body):
        model = make_data_model("Stable", user=user)
        assert user_client.put(f"/api/dataModels/{model.pk}", body, format="json").status_code == 422
        model.refresh_from_db()
        assert model.label == "Stable" and model.model_type == "Data Standard" and not model.readable_by_everyone

    def test_non_object_body_is_400(self, user_client, user):
        model = make_data_model("Stable", user=user)
        response = user_client.put(f"/api/dataModels/{model.pk}", data="[]", content_type="application/json")
        assert response.status_code == 400

    def test_relabel_onto_existing_label_is_422(self, user_client, user):
        make_data_model("Taken", user=user)
        model = make_data_model("Free", user=user)
        response = user_client.put(f"/api/dataModels/{model.pk}", {"label": "Taken"}, format="json")
        assert response.status_code == 422
        assert response.json()["errors"][0]["message"] == (
            "Property [label] of class [DataModel] with value [Taken] is not available")


class TestDelete:
    def test_soft_delete(self, user_client, user):
        model = make_data_model("Soft", user=user)
        response = user_client.delete(f"/api/dataModels/{model.pk}")
        assert response.status_code == 200
        assert response.json()["deleted"] is True
        model.refresh_from_db()
        assert model.deleted
        assert ("DELETE", "[DataModel:Soft] deleted") in edits_of(model)

    def test_soft_delete_of_finalised_model_is_allowed(self, user_client, user):
        model = make_data_model("Final", user=user, finalised=True, model_version="1.0.0")
        assert user_client.delete(f"/api/dataModels/{model.pk}").status_code == 200

    def test_permanent_delete_removes_content_set_based(self, user_client, user, folder):
        model = populate_model(make_data_model("Big", folder=folder, user=user))
        keep = populate_model(make_data_model("Keep", folder=folder, user=user))
        response = user_client.delete(f"/api/dataModels/{model.pk}?permanent=true")
        assert response.status_code == 204
        assert not m.CatalogueModel.objects.filter(pk=model.pk).exists()
        assert not m.DataElement.objects.filter(model_id=model.pk).exists()
        assert m.DataElement.objects.filter(model_id=keep.pk).exists()
        assert ("DELETE", "[DataModel:Big] permanently removed from component [Folder:Work]") in edits_of(folder)

    def test_reader_cannot_delete(self, user_client, other_user):
        public = make_data_model("Public", user=other_user, readable_by_everyone=True)
        assert user_client.delete(f"/api/dataModels/{public.pk}").status_code == 403
        assert user_client.delete(f"/api/dataModels/{public.pk}?permanent=true").status_code == 403
        public.refresh_from_db()
        assert not public.deleted

    def test_hidden_is_404_and_anonymous_401(self, client, user_client, other_user):
        hidden = make_data_model("Hidden", user=other_user)
        public = make_data_model("Public", user=other_user, readable_by_everyone=True)
        assert user_client.delete(f"/api/dataModels/{hidden.pk}").status_code == 404
        assert client.delete(f"/api/dataModels/{public.pk}").status_code == 401


class TestUndoSoftDelete:
    def test_admin_restores(self, admin_client, other_user):
        model = make_data_model("Gone", user=other_user, deleted=True)
        response = admin_client.put(f"/api/admin/dataModels/{model.pk}/undoSoftDelete")
        assert response.status_code == 200 and "deleted" not in response.json()
        model.refresh_from_db()
        assert not model.deleted
        assert ("UPDATE", "[DataModel:Gone] restored") in edits_of(model)

    def test_non_admins_are_refused(self, client, user_client, user):
        model = make_data_model("Gone", user=user, deleted=True)
        assert client.put(f"/api/admin/dataModels/{model.pk}/undoSoftDelete").status_code == 401
        response = user_client.put(f"/api/admin/dataModels/{model.pk}/undoSoftDelete")
        assert response.status_code == 403
        assert response.json()["message"] == "User must be an application administrator"
        model.refresh_from_db()
        assert model.deleted

    def test_unknown_model_is_404(self, admin_client):
        assert admin_client.put(f"/api/admin/dataModels/{uuid.uuid4()}/undoSoftDelete").status_code == 404


class TestBulkDelete:
    def test_soft_delete_many(self, admin_client, user):
        a, b = make_data_model("A", user=user), make_data_model("B", user=user)
        response = admin_client.delete("/api/dataModels", {"ids": [str(b.pk), str(a.pk)]}, format="json")
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2 and [x["label"] for x in body["items"]] == ["A", "B"]
        assert all(x["deleted"] for x in body["items"])
        assert m.CatalogueModel.objects.filter(deleted=True).count() == 2

    def test_permanent_delete_many(self, admin_client, user):
        a = populate_model(make_data_model("A", user=user))
        b = make_data_model("B", user=user)
        response = admin_client.delete("/api/dataModels", {"ids": [str(a.pk), str(b.pk)], "permanent": True},
                                       format="json")
        assert response.status_code == 204
        assert not m.CatalogueModel.objects.exists() and not m.DataClass.objects.exists()

    @pytest.mark.parametrize("body,status", [({}, 400), ({"ids": None}, 400), ({"ids": []}, 422),
                                             ({"ids": "abc"}, 422), ({"ids": ["not-a-uuid"]}, 422),
                                             ({"ids": [], "permanent": "often"}, 422)])
    def test_bad_bodies(self, admin_client, user, body, status):
        make_data_model("Stays", user=user)
        assert admin_client.delete("/api/dataModels", body, format="json").status_code == status
        assert m.CatalogueModel.objects.filter(deleted=False).count() == 1

    def test_unknown_id_is_404_and_nothing_changes(self, admin_client, user):
        a = make_data_model("A", user=user)
        response = admin_client.delete("/api/dataModels", {"ids": [str(a.pk), str(uuid.uuid4())]}, format="json")
        assert response.status_code == 404
        a.refresh_from_db()
        assert not a.deleted

    def test_only_administrators(self, client, user_client, user):
        a = make_data_model("A", user=user)
        assert client.delete("/api/dataModels", {"ids": [str(a.pk)]}, format="json").status_code == 401
        assert user_client.delete("/api/dataModels", {"ids": [str(a.pk)]}, format="json").status_code == 403
        a.refresh_from_db()
        assert not a.deleted


class TestMove:
    @pytest.mark.parametrize("route", ["folders/{folder}/dataModels/{model}", "dataModels/{model}/folder/{folder}"])
    def test_move_by_either_route(self, user_client, user, route):
        model = make_data_model("Mover", user=user)
        destination = make_folder("Destination", user=user)
        response = user_client.put("/api/" + route.format(folder=destination.pk, model=model.pk))
        assert response.status_code == 200
        model.refresh_from_db()
        assert model.folder_id == destination.pk
        assert ("UPDATE", "[folder] changed from [fo:Mover folder] to [fo:Destination]") in edits_of(model)

    def test_finalised_model_may_move(self, user_client, user):
        model = make_data_model("Final", user=user, finalised=True, model_version="1.0.0")
        destination = make_folder("Destination", user=user)
        assert user_client.put(f"/api/dataModels/{model.pk}/folder/{destination.pk}").status_code == 200

    def test_deleted_model_cannot_move(self, user_client, user):
        model = make_data_model("Gone", user=user, deleted=True)
        destination = make_folder("Destination", user=user)
        response = user_client.put(f"/api/dataModels/{model.pk}/folder/{destination.pk}")
        assert response.status_code == 403
        model.refresh_from_db()
        assert model.folder_id != destination.pk

    def test_permissions(self, client, user_client, user, other_user):
        mine = make_data_model("Mine", user=user)
        public_model = make_data_model("Public", user=other_user, readable_by_everyone=True)
        hidden_folder = make_folder("Hidden", user=other_user)
        public_folder = make_folder("PublicF", user=other_user, readable_by_everyone=True)
        my_folder = make_folder("MyF", user=user)
        assert user_client.put(f"/api/dataModels/{mine.pk}/folder/{hidden_folder.pk}").status_code == 404
        assert user_client.put(f"/api/dataModels/{mine.pk}/folder/{public_folder.pk}").status_code == 403
        assert user_client.put(f"/api/dataModels/{public_model.pk}/folder/{my_folder.pk}").status_code == 403
        assert client.put(f"/api/dataModels/{public_model.pk}/folder/{public_folder.pk}").status_code == 401
        mine.refresh_from_db()
        assert mine.folder.label == "Mine folder"

    def test_get_on_move_route_is_404_with_allow(self, user_client, user, folder):
        model = make_data_model("M", folder=folder, user=user)
        response = user_client.get(f"/api/folders/{folder.pk}/dataModels/{model.pk}")
        assert response.status_code == 404 and "PUT" in response["Allow"]


def test_admin_sees_and_edits_everything(admin_client, other_user):
    hidden = make_data_model("Hidden", user=other_user)
    assert admin_client.get("/api/dataModels").json()["count"] == 1
    response = admin_client.put(f"/api/dataModels/{hidden.pk}", {"description": "by admin"}, format="json")
    assert response.status_code == 200 and response.json()["description"] == "by admin"


class TestPrecedenceAndOddInput:
    def test_anonymous_write_on_hidden_things_is_401_not_404(self, client, other_user):
        hidden_folder = make_folder("Hidden", user=other_user)
        hidden_model = make_data_model("Hidden model", user=other_user)
        assert create(client, hidden_folder, label="X").status_code == 401
        assert client.put(f"/api/dataModels/{hidden_model.pk}", {}, format="json").status_code == 401
        assert client.delete(f"/api/dataModels/{uuid.uuid4()}").status_code == 401
        assert client.get(f"/api/dataModels/{hidden_model.pk}").status_code == 404

    def test_unsupported_method_beats_401(self, client):
        response = client.post("/api/dataModels", {"label": "X"}, format="json")
        assert response.status_code == 404 and "GET" in response["Allow"]

    @pytest.mark.parametrize("body", [{"label": "nul\x00label"}, {"label": "ok", "description": "nul\x00"},
                                      {"label": "ok", "author": "a" * 256}, {"label": "ok", "organisation": "o" * 300},
                                      {"label": "ok", "aliases": ["fine", "nul\x00"]}, {"label": "ok", "aliases": [1]}])
    def test_odd_strings_are_422(self, user_client, folder, body):
        response = user_client.post(f"/api/folders/{folder.pk}/dataModels", body, format="json")
        assert response.status_code == 422
        assert not m.CatalogueModel.objects.exists()

    def test_form_encoded_body_is_understood(self, user_client, folder):
        response = user_client.post(f"/api/folders/{folder.pk}/dataModels", {"label": "Form", "type": "Data Asset"})
        assert response.status_code == 201 and response.json()["type"] == "Data Asset"

    def test_huge_paging_values_are_harmless(self, user_client, user):
        make_data_model("Only", user=user)
        body = user_client.get("/api/dataModels?max=100000&offset=99999999999999999999").json()
        assert body == {"count": 1, "items": []}
        assert len(user_client.get("/api/dataModels?max=100000").json()["items"]) == 1


class TestDocumentedShapes:
    """The OpenAPI document describes what the data model routes answer: required keys are always there."""

    @staticmethod
    def _schema(client, path, method, status="200"):
        document = client.get("/api/openapi").json()
        schema = document["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
        while "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].split("/")[-1]]
        return document, schema

    def test_show_documents_every_key_and_requires_those_always_shown(self, user_client, user, folder):
        plain = make_data_model("Plain", folder=folder, user=user)
        rich = make_data_model("Rich", folder=folder, user=user, author="A", organisation="O", description="D",
                               deleted=True, finalised=True, model_version="2.0.0", model_version_tag="v2",
                               date_finalised=timezone.now(), aliases_string="R")
        _, schema = self._schema(user_client, "/api/dataModels/{model_id}", "get")
        assert set(schema["required"]) == SHOW_KEYS
        for model in (plain, rich):
            body = user_client.get(f"/api/dataModels/{model.pk}").json()
            assert set(schema["required"]) <= set(body) <= set(schema["properties"])

    def test_lists_document_the_index_shape(self, user_client, user, folder):
        make_data_model("Plain", folder=folder, user=user)
        document, page = self._schema(user_client, "/api/dataModels", "get")
        assert set(page["required"]) == {"count", "items"}
        item = document["components"]["schemas"][page["properties"]["items"]["items"]["$ref"].split("/")[-1]]
        assert set(item["required"]) == INDEX_KEYS
        assert set(user_client.get("/api/dataModels").json()["items"][0]) == INDEX_KEYS
