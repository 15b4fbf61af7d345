"""Classifiers: CRUD with globally unique labels, children, hard delete, and the items they classify."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from tests.catalogue.factories import make_classifier, make_data_model, make_folder, populate_model

pytestmark = pytest.mark.django_db

INDEX_KEYS = {"id", "label", "lastUpdated", "domainType", "path"}
SHOW_KEYS = INDEX_KEYS | {"readableByEveryone", "readableByAuthenticatedUsers", "availableActions"}


def attach(classifier, item, *, model=None):
    domain_type = item.domain_type
    return m.ClassifierLink.objects.create(classifier=classifier, catalogue_item_domain_type=domain_type,
                                           catalogue_item_id=item.pk, model=model)


class TestCreate:
    def test_create(self, user_client, user):
        response = user_client.post("/api/classifiers", {"label": "Health", "description": "NHS"}, format="json")
        assert response.status_code == 201
        body = response.json()
        assert set(body) == SHOW_KEYS | {"description"}
        assert body["domainType"] == "Classifier" and body["path"] == "cl:Health"
        assert "delete" in body["availableActions"]
        assert response["Location"].endswith(f"/api/classifiers/{body['id']}")
        classifier = m.Classifier.objects.get(pk=body["id"])
        assert m.Edit.objects.filter(resource_id=classifier.pk, title="CREATE").exists()

    def test_anonymous_is_401(self, client):
        assert client.post("/api/classifiers", {"label": "X"}, format="json").status_code == 401
        assert not m.Classifier.objects.exists()

    @pytest.mark.parametrize("body", [{}, {"label": None}])
    def test_missing_label_is_400(self, user_client, body):
        assert user_client.post("/api/classifiers", body, format="json").status_code == 400

    @pytest.mark.parametrize("label", ["", " ", "a|b", "a$b", "a@b"])
    def test_bad_label_is_422(self, user_client, label):
        assert user_client.post("/api/classifiers", {"label": label}, format="json").status_code == 422
        assert not m.Classifier.objects.exists()

    def test_labels_are_globally_unique(self, user_client, user, other_user):
        parent = make_classifier("Parent", user=user)
        make_classifier("Taken", user=other_user, parent=make_classifier("Hidden parent", user=other_user))
        response = user_client.post("/api/classifiers", {"label": "Taken"}, format="json")
        assert response.status_code == 422
        assert response.json()["errors"][0]["message"] == (
            "Property [label] of class [Classifier] with value [Taken] is not available")
        assert user_client.post(f"/api/classifiers/{parent.pk}/classifiers", {"label": "Taken"},
                                format="json").status_code == 422
        assert m.Classifier.objects.filter(label="Taken").count() == 1

    def test_child_classifier(self, user_client, user):
        parent = make_classifier("Parent", user=user)
        response = user_client.post(f"/api/classifiers/{parent.pk}/classifiers", {"label": "Kid"}, format="json")
        assert response.status_code == 201
        assert response.json()["path"] == "cl:Parent|cl:Kid"
        assert m.Classifier.objects.get(label="Kid").parent_classifier_id == parent.pk

    def test_child_of_readable_classifier_is_403_and_of_hidden_404(self, user_client, other_user):
        public = make_classifier("Public", user=other_user, readable_by_everyone=True)
        hidden = make_classifier("Hidden", user=other_user)
        assert user_client.post(f"/api/classifiers/{public.pk}/classifiers", {"label": "K"},
                                format="json").status_code == 403
        assert user_client.post(f"/api/classifiers/{hidden.pk}/classifiers", {"label": "K"},
                                format="json").status_code == 404
        assert not m.Classifier.objects.filter(label="K").exists()


class TestRead:
    def test_index_is_readable_and_flat(self, client, user_client, user, other_user):
        top = make_classifier("Top", user=user)
        make_classifier("Kid", user=user, parent=top)
        make_classifier("Secret", user=other_user)
        make_classifier("Open", user=other_user, readable_by_everyone=True)
        body = user_client.get("/api/classifiers").json()
        assert [c["label"] for c in body["items"]] == ["Kid", "Open", "Top"]
        assert set(body["items"][0]) == INDEX_KEYS and body["items"][0]["path"] == "cl:Top|cl:Kid"
        assert [c["label"] for c in client.get("/api/classifiers").json()["items"]] == ["Open"]

    def test_index_sorting_paging_and_query_count(self, user_client, user):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                user_client.get("/api/classifiers?all=true")
            return len(captured)

        for i in range(3):
            make_classifier(f"c{i}", user=user)
        small = queries()
        for i in range(3, 30):
            make_classifier(f"c{i:02d}", user=user)
        assert queries() == small
        body = user_client.get("/api/classifiers?sort=label&order=desc&max=2").json()
        assert body["count"] == 30 and [c["label"] for c in body["items"]] == ["c29", "c28"]

    def test_show_and_children(self, user_client, user):
        top = make_classifier("Top", user=user, description="about")
        kid = make_classifier("Kid", user=user, parent=top)
        make_classifier("Grandkid", user=user, parent=kid)
        assert set(user_client.get(f"/api/classifiers/{top.pk}").json()) == SHOW_KEYS | {"description"}
        children = user_client.get(f"/api/classifiers/{top.pk}/classifiers").json()
        assert [c["label"] for c in children["items"]] == ["Kid"]
        assert user_client.get(f"/api/classifiers/{top.pk}/classifiers/{kid.pk}").json()["label"] == "Kid"
        other = make_classifier("Other", user=user)
        assert user_client.get(f"/api/classifiers/{other.pk}/classifiers/{kid.pk}").status_code == 404

    def test_hidden_is_404(self, user_client, other_user):
        hidden = make_classifier("Hidden", user=other_user)
        response = user_client.get(f"/api/classifiers/{hidden.pk}")
        assert response.status_code == 404 and response.json()["resource"] == "Classifier"
        assert user_client.get(f"/api/classifiers/{hidden.pk}/classifiers").status_code == 404
        assert user_client.get(f"/api/classifiers/{hidden.pk}/catalogueItems").status_code == 404


class TestUpdateDelete:
    def test_update(self, user_client, user):
        classifier = make_classifier("Old", user=user)
        response = user_client.put(f"/api/classifiers/{classifier.pk}", {"label": "New", "readableByEveryone": True},
                                   format="json")
        assert response.status_code == 200
        assert response.json()["label"] == "New" and response.json()["readableByEveryone"] is True
        assert m.Edit.objects.filter(resource_id=classifier.pk, title="UPDATE",
                                     description__contains="[label] changed from [Old] to [New]").exists()

    def test_update_refusals_change_nothing(self, client, user_client, user, other_user):
        make_classifier("Taken", user=user)
        mine = make_classifier("Mine", user=user)
        public = make_classifier("Public", user=other_user, readable_by_everyone=True)
        assert user_client.put(f"/api/classifiers/{mine.pk}", {"label": "Taken"}, format="json").status_code == 422
        assert user_client.put(f"/api/classifiers/{mine.pk}", {"label": "a|b"}, format="json").status_code == 422
        assert user_client.put(f"/api/classifiers/{public.pk}", {"label": "X"}, format="json").status_code == 403
        assert client.put(f"/api/classifiers/{public.pk}", {"label": "X"}, format="json").status_code == 401
        assert set(m.Classifier.objects.values_list("label", flat=True)) == {"Taken", "Mine", "Public"}

    def test_delete_is_hard_and_takes_children_and_attachments(self, user_client, user):
        top = make_classifier("Top", user=user)
        kid = make_classifier("Kid", user=user, parent=top)
        model = make_data_model("Tagged", user=user)
        attach(kid, model, model=model)
        attach(top, model, model=model)
        response = user_client.delete(f"/api/classifiers/{top.pk}")
        assert response.status_code == 204 and response.content == b""
        assert not m.Classifier.objects.exists()
        assert not m.ClassifierLink.objects.exists()
        assert m.CatalogueModel.objects.filter(pk=model.pk).exists()
        assert list(m.Edit.objects.filter(resource_id=top.pk).values_list("title", "description")) == [
            ("DELETE", "[Classifier:Top] deleted")]

    def test_delete_of_child_is_recorded_on_parent(self, user_client, user):
        top = make_classifier("Top", user=user)
        kid = make_classifier("Kid", user=user, parent=top)
        assert user_client.delete(f"/api/classifiers/{top.pk}/classifiers/{kid.pk}").status_code == 204
        assert m.Edit.objects.filter(resource_id=top.pk, title="DELETE").exists()
        assert m.Classifier.objects.filter(pk=top.pk).exists()

    def test_delete_refusals(self, client, user_client, other_user):
        public = make_classifier("Public", user=other_user, readable_by_everyone=True)
        hidden = make_classifier("Hidden", user=other_user)
        assert user_client.delete(f"/api/classifiers/{public.pk}").status_code == 403
        assert user_client.delete(f"/api/classifiers/{hidden.pk}").status_code == 404
        assert client.delete(f"/api/classifiers/{public.pk}").status_code == 401
        assert user_client.delete(f"/api/classifiers/{uuid.uuid4()}").status_code == 404
        assert m.Classifier.objects.count() == 2


class TestCatalogueItems:
    def test_lists_readable_items_of_every_kind(self, user_client, user, other_user):
        tag = make_classifier("Tag", user=user)
        folder = make_folder("Shelf", user=user)
        model = populate_model(make_data_model("Model", folder=folder, user=user))
        hidden_model = make_data_model("Hidden", user=other_user)
        data_class = m.DataClass.objects.get(model=model, label="nested")
        element = m.DataElement.objects.filter(data_class=data_class).order_by("index").first()
        value = m.EnumerationValue.objects.filter(model=model).order_by("index").first()
        for item in (folder, model, hidden_model, data_class, element, value):
            attach(tag, item, model=getattr(item, "model", None) if not isinstance(item, m.CatalogueModel) else item)
        m.ClassifierLink.objects.create(classifier=tag, catalogue_item_domain_type="Mystery",
                                        catalogue_item_id=uuid.uuid4())
        body = user_client.get(f"/api/classifiers/{tag.pk}/catalogueItems").json()
        assert body["count"] == 5
        by_type = {item["domainType"]: item for item in body["items"]}
        assert by_type["Folder"] == {"id": str(folder.pk), "domainType": "Folder", "label": "Shelf",
                                     "path": "fo:Shelf"}
        assert by_type["DataModel"]["path"] == "dm:Model$main"
        assert by_type["DataClass"]["model"] == str(model.pk)
        assert by_type["DataClass"]["breadcrumbs"] == [
            {"id": str(model.pk), "label": "Model", "domainType": "DataModel", "finalised": False},
            {"id": str(data_class.parent_data_class_id), "label": "class 0", "domainType": "DataClass"}]
        assert by_type["DataElement"]["path"] == f"dm:Model$main|dc:class 0|dc:nested|de:{element.label}"
        assert by_type["EnumerationValue"]["breadcrumbs"][-1]["domainType"] == "EnumerationType"
        assert "Hidden" not in [item["label"] for item in body["items"]]

    def test_paging(self, user_client, user):
        tag = make_classifier("Tag", user=user)
        for i in range(4):
            attach(tag, make_folder(f"F{i}", user=user))
        body = user_client.get(f"/api/classifiers/{tag.pk}/catalogueItems?max=2&offset=1").json()
        assert body["count"] == 4 and [x["label"] for x in body["items"]] == ["F1", "F2"]

    def test_query_count_does_not_grow(self, user_client, user):
        tag = make_classifier("Tag", user=user)

        def queries():
            with CaptureQueriesContext(connection) as captured:
                assert user_client.get(f"/api/classifiers/{tag.pk}/catalogueItems?all=true").status_code == 200
            return len(captured)

        def add(n, prefix):
            for i in range(n):
                model = make_data_model(f"{prefix}{i}", user=user)
                attach(tag, model, model=model)
                attach(tag, model.folder)

        add(3, "s")
        small = queries()
        add(30, "l")
        assert queries() == small
