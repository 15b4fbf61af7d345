"""An export, and a copy of a class, hold only what the caller may read: a private classifier attached to items of a
public model (and a semantic link to an item of a private model) never reaches someone who cannot read it."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from tests.catalogue.factories import (
    make_classifier,
    make_data_class,
    make_data_element,
    make_data_model,
    make_data_type,
)
from tests.catalogue.test_import_api import EXPORTER
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

SECRET_LABEL, SECRET_DESCRIPTION = "Merger target", "Acquisition of Example Ltd, do not disclose"


def export_url(model_id):
    return f"/api/dataModels/{model_id}/export/{EXPORTER}"


def _tag(classifier, item, model):
    m.ClassifierLink.objects.create(classifier=classifier, catalogue_item_id=item.pk,
                                    catalogue_item_domain_type=item.domain_type, model=model)


@pytest.fixture
def secret(other_user):
    """A classifier only its owner may read."""
    return make_classifier(SECRET_LABEL, user=other_user, description=SECRET_DESCRIPTION)


@pytest.fixture
def public_tag(other_user):
    return make_classifier("Published", user=other_user, readable_by_everyone=True)


@pytest.fixture
def public_model(other_user, secret, public_tag):
    """A public model whose model, class, element and type carry the private classifier (and a public one)."""
    model = make_data_model("Open data", user=other_user, readable_by_everyone=True)
    string = make_data_type(model, "string")
    person = make_data_class(model, "Person")
    name = make_data_element(person, "name", data_type=string)
    for item in (model, person, name, string):
        _tag(secret, item, model)
    _tag(public_tag, person, model)
    return model


def _assert_secret_absent(content, secret):
    text = content.decode() if isinstance(content, bytes) else json.dumps(content)
    assert SECRET_LABEL not in text
    assert SECRET_DESCRIPTION not in text
    assert str(secret.pk) not in text


class TestExport:
    def test_anonymous_export_leaves_the_private_classifier_out(self, client, public_model, secret):
        response = client.get(export_url(public_model.pk))
        assert response.status_code == 200
        _assert_secret_absent(response.content, secret)
        document = json.loads(response.content)["dataModel"]
        assert "classifiers" not in document
        person = document["childDataClasses"][0]
        assert [c["label"] for c in person["classifiers"]] == ["Published"]
        assert "classifiers" not in person["dataElements"][0]
        assert "classifiers" not in document["dataTypes"][0]

    def test_the_several_models_route_too(self, client, user_client, public_model, secret):
        for caller in (client, user_client):
            response = caller.post(f"/api/dataModels/export/{EXPORTER}", {"dataModelIds": [str(public_model.pk)]},
                                   format="json")
            assert response.status_code == 200
            _assert_secret_absent(response.content, secret)

    def test_a_logged_in_user_without_a_grant_does_not_get_it_either(self, user_client, public_model, secret):
        response = user_client.get(export_url(public_model.pk))
        assert response.status_code == 200
        _assert_secret_absent(response.content, secret)

    def test_the_api_and_the_export_agree(self, client, public_model):
        person = m.DataClass.objects.get(model=public_model, label="Person")
        shown = client.get(f"/api/dataModels/{public_model.pk}/dataClasses/{person.pk}").json()
        exported = json.loads(client.get(export_url(public_model.pk)).content)["dataModel"]["childDataClasses"][0]
        assert [c["id"] for c in shown["classifiers"]] == [c["id"] for c in exported["classifiers"]]

    def test_those_who_may_read_the_classifier_get_it(self, other_user, public_model, secret):
        response = logged_in_client(other_user).get(export_url(public_model.pk))
        document = json.loads(response.content)["dataModel"]
        assert [c["label"] for c in document["classifiers"]] == [SECRET_LABEL]
        person = document["childDataClasses"][0]
        assert sorted(c["label"] for c in person["classifiers"]) == sorted(["Published", SECRET_LABEL])
        assert person["dataElements"][0]["classifiers"][0]["description"] == SECRET_DESCRIPTION

    def test_when_no_classifier_is_readable_at_all(self, client, other_user, secret):
        model = make_data_model("Only secret", user=other_user, readable_by_everyone=True)
        _tag(secret, make_data_class(model, "Tagged"), model)
        response = client.get(export_url(model.pk))
        assert response.status_code == 200
        _assert_secret_absent(response.content, secret)
        assert "classifiers" not in json.loads(response.content)["dataModel"]["childDataClasses"][0]

    def test_a_reference_to_a_class_of_an_unreadable_model_is_left_out(self, client, other_user, public_model):
        hidden_model = make_data_model("Private", user=other_user)
        hidden_class = make_data_class(hidden_model, "Confidential thing")
        make_data_type(public_model, "Reference to it", kind=m.DataTypeKind.REFERENCE, reference_class=hidden_class)
        response = client.get(export_url(public_model.pk))
        assert response.status_code == 200
        assert b"Confidential thing" not in response.content
        assert str(hidden_class.pk).encode() not in response.content
        reference = next(t for t in json.loads(response.content)["dataModel"]["dataTypes"]
                         if t["label"] == "Reference to it")
        assert "referenceClass" not in reference
        owner = json.loads(logged_in_client(other_user).get(export_url(public_model.pk)).content)
        reference = next(t for t in owner["dataModel"]["dataTypes"] if t["label"] == "Reference to it")
        assert reference["referenceClass"] == {"id": str(hidden_class.pk), "label": "Confidential thing",
                                               "dataClassPath": "Confidential thing"}

    def test_the_query_count_does_not_grow_with_hidden_or_shown_classifiers(self, client, other_user, secret,
                                                                          public_tag):
        counts = []
        for label, size in (("Few", 1), ("Many", 25)):
            model = make_data_model(label, user=other_user, readable_by_everyone=True)
            string = make_data_type(model, "string")
            for n in range(size):
                data_class = make_data_class(model, f"class {n}")
                element = make_data_element(data_class, "e", data_type=string)
                for item in (data_class, element):
                    _tag(secret, item, model)
                    _tag(public_tag, item, model)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(export_url(model.pk))
            assert response.status_code == 200
            _assert_secret_absent(response.content, secret)
            counts.append(len(queries))
        assert counts[0] == counts[1]


class TestCopy:
    @pytest.fixture
    def target(self, user):
        return make_data_model("Mine", user=user)

    def _copy(self, user_client, target, source_class):
        return user_client.post(f"/api/dataModels/{target.pk}/dataClasses/{source_class.model_id}/{source_class.pk}")

    def test_a_copied_class_does_not_carry_the_private_classifier(self, user_client, target, public_model, secret):
        person = m.DataClass.objects.get(model=public_model, label="Person")
        response = self._copy(user_client, target, person)
        assert response.status_code == 201
        _assert_secret_absent(response.content, secret)
        assert [c["label"] for c in response.json()["classifiers"]] == ["Published"]
        assert not m.ClassifierLink.objects.filter(model=target, classifier=secret).exists()
        assert m.ClassifierLink.objects.filter(model=target).count() == 1
        export = user_client.get(export_url(target.pk))
        _assert_secret_absent(export.content, secret)

    def test_its_owner_still_sees_the_classifier_on_the_original(self, user_client, other_user, target,
                                                                 public_model, secret):
        person = m.DataClass.objects.get(model=public_model, label="Person")
        assert self._copy(user_client, target, person).status_code == 201
        owner = logged_in_client(other_user).get(f"/api/dataModels/{public_model.pk}/dataClasses/{person.pk}")
        assert SECRET_LABEL in [c["label"] for c in owner.json()["classifiers"]]

    def test_element_and_type_copies_do_not_carry_it_either(self, user_client, target, public_model, secret):
        holder = make_data_class(target, "Holder")
        person = m.DataClass.objects.get(model=public_model, label="Person")
        name = m.DataElement.objects.get(model=public_model, label="name")
        string = m.DataType.objects.get(model=public_model, label="string")
        response = user_client.post(f"/api/dataModels/{target.pk}/dataTypes/{public_model.pk}/{string.pk}")
        assert response.status_code == 201
        _assert_secret_absent(response.content, secret)
        response = user_client.post(f"/api/dataModels/{target.pk}/dataClasses/{holder.pk}/dataElements/"
                                    f"{public_model.pk}/{person.pk}/{name.pk}")
        assert response.status_code == 201
        _assert_secret_absent(response.content, secret)
        assert m.DataElement.objects.get(model=target).data_type.label == "string"
        assert not m.ClassifierLink.objects.filter(model=target).exists()

    def test_semantic_links_to_items_the_copier_cannot_read_stay_behind(self, user_client, other_user, target,
                                                                        public_model):
        hidden_model = make_data_model("Private", user=other_user)
        hidden_class = make_data_class(hidden_model, "Confidential")
        person = m.DataClass.objects.get(model=public_model, label="Person")
        visible = m.DataElement.objects.get(model=public_model, label="name")
        for link_target in (hidden_class, visible):
            m.SemanticLink.objects.create(model=public_model, catalogue_item_id=person.pk,
                                          catalogue_item_domain_type="DataClass", link_type="Refines",
                                          target_domain_type=link_target.domain_type, target_id=link_target.pk)
        response = self._copy(user_client, target, person)
        assert response.status_code == 201
        copied = m.SemanticLink.objects.filter(model=target, catalogue_item_id=response.json()["id"])
        assert set(copied.values_list("target_id", flat=True)) == {visible.pk, person.pk}
        assert not m.SemanticLink.objects.filter(model=target, target_id=hidden_class.pk).exists()
