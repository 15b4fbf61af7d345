"""`GET /api/dataModels/{id}/hierarchy`: the model's show JSON with its types and nested classes."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from config.api.middleware import MaintenanceModeMiddleware
from tests.catalogue.factories import (
    make_classifier,
    make_data_class,
    make_data_element,
    make_data_model,
    make_data_type,
    populate_model,
)

pytestmark = pytest.mark.django_db


def url(model_id):
    return f"/api/dataModels/{model_id}/hierarchy"


@pytest.fixture
def model(user):
    model = make_data_model("Hospital", user=user, description="Patients")
    text = make_data_type(model, "text", units="chars")
    grade = make_data_type(model, "grade", kind=m.DataTypeKind.ENUMERATION, values=("A", "B"))
    patient = make_data_class(model, "Patient")
    address = make_data_class(model, "Address", parent=patient)
    make_data_class(model, "Visit")
    make_data_element(patient, "name", data_type=text)
    make_data_element(address, "postcode", data_type=text)
    make_data_element(patient, "grade", data_type=grade)
    reference = make_data_type(model, "visit ref", kind=m.DataTypeKind.REFERENCE,
                               reference_class=m.DataClass.objects.get(label="Visit"))
    assert reference.pk
    return model


def test_hierarchy_shape(user_client, model):
    response = user_client.get(url(model.pk))
    assert response.status_code == 200, response.content
    body = response.json()
    show = user_client.get(f"/api/dataModels/{model.pk}").json()
    for key, value in show.items():
        assert body[key] == value, key
    assert [t["label"] for t in body["dataTypes"]] == ["text", "grade", "visit ref"]
    text, grade, ref = body["dataTypes"]
    assert text["domainType"] == "PrimitiveType" and text["units"] == "chars"
    assert text["path"] == "dm:Hospital$main|dt:text"
    assert "availableActions" in text and "lastUpdated" in text
    assert [v["key"] for v in grade["enumerationValues"]] == ["A", "B"]
    assert ref["referenceClass"]["label"] == "Visit"

    assert [c["label"] for c in body["childDataClasses"]] == ["Patient", "Visit"]
    patient, visit = body["childDataClasses"]
    assert patient["domainType"] == "DataClass" and "parentDataClass" not in patient
    assert patient["availableActions"] and patient["lastUpdated"]
    assert [e["label"] for e in patient["dataElements"]] == ["name", "grade"]
    assert patient["dataElements"][0]["dataType"]["label"] == "text"
    assert patient["dataElements"][0]["path"] == "dm:Hospital$main|dc:Patient|de:name"
    assert patient["dataElements"][0]["breadcrumbs"][-1]["label"] == "Patient"
    [address] = patient["dataClasses"]
    assert address["label"] == "Address"
    assert address["parentDataClass"] == patient["id"]
    assert address["path"] == "dm:Hospital$main|dc:Patient|dc:Address"
    assert [e["label"] for e in address["dataElements"]] == ["postcode"]
    assert address["dataClasses"] == []
    assert visit["dataClasses"] == [] and visit["dataElements"] == []


def test_hierarchy_elements_match_their_show(user_client, model):
    body = user_client.get(url(model.pk)).json()
    element = body["childDataClasses"][0]["dataElements"][0]
    patient_id = body["childDataClasses"][0]["id"]
    show = user_client.get(f"/api/dataModels/{model.pk}/dataClasses/{patient_id}/dataElements/{element['id']}")
    assert show.status_code == 200
    assert show.json() == element


def test_hierarchy_shows_classifiers_and_extensions(user, user_client, model):
    classifier = make_classifier("Tag", user=user)
    patient = m.DataClass.objects.get(label="Patient")
    visit = m.DataClass.objects.get(label="Visit")
    m.ClassifierLink.objects.create(classifier=classifier, catalogue_item_id=patient.pk,
                                    catalogue_item_domain_type="DataClass", model=model)
    m.DataClassExtension.objects.create(data_class=visit, extended_data_class=patient, model=model)
    body = user_client.get(url(model.pk)).json()
    patient_json, visit_json = body["childDataClasses"]
    assert [c["label"] for c in patient_json["classifiers"]] == ["Tag"]
    assert [c["label"] for c in visit_json["extendsDataClasses"]] == ["Patient"]


def test_empty_model(user, user_client):
    model = make_data_model("Empty", user=user)
    body = user_client.get(url(model.pk)).json()
    assert body["dataTypes"] == [] and body["childDataClasses"] == []
    assert body["label"] == "Empty"


def test_hidden_missing_and_bad_ids_are_404(other_user, model):
    from tests.conftest import logged_in_client

    other = logged_in_client(other_user)
    response = other.get(url(model.pk))
    assert response.status_code == 404
    assert response.json()["resource"] == "DataModel" and response.json()["id"] == str(model.pk)
    assert other.get(url(uuid.uuid4())).status_code == 404
    bad = other.get(url("not-a-uuid"))
    assert bad.status_code == 404 and bad.json()["id"] == "null"


def test_anonymous_reads_public_models_only(client, model):
    assert client.get(url(model.pk)).status_code == 404
    model.readable_by_everyone = True
    model.save()
    response = client.get(url(model.pk))
    assert response.status_code == 200
    assert [c["label"] for c in response.json()["childDataClasses"]] == ["Patient", "Visit"]


def test_admin_reads_any_model(admin_client, model):
    assert admin_client.get(url(model.pk)).status_code == 200


def test_terminology_is_not_a_data_model(user, user_client):
    model = make_data_model("Terms", user=user)
    m.CatalogueModel.objects.filter(pk=model.pk).update(model_domain_type=m.ModelDomainType.TERMINOLOGY)
    assert user_client.get(url(model.pk)).status_code == 404


def test_writes_are_not_routes(user_client, model):
    """A method the route does not take is a 404 naming the methods it does take (contract §2)."""
    for response in (user_client.post(url(model.pk), {}, format="json"), user_client.delete(url(model.pk))):
        assert response.status_code == 404
        assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.fixture
def _steady_query_counts(monkeypatch):
    monkeypatch.setattr("accounts.middleware.LAST_SEEN_RESOLUTION_SECONDS", 10**9)
    monkeypatch.setattr(MaintenanceModeMiddleware, "TTL_SECONDS", 10**9)
    MaintenanceModeMiddleware.forget()
    MaintenanceModeMiddleware.maintenance_on()


def _count(client, model_id):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(model_id))
    assert response.status_code == 200
    return len(captured), response.json()


def test_query_count_does_not_grow_with_the_model(user, user_client, _steady_query_counts):
    small = populate_model(make_data_model("Small", user=user), classes=2, elements_per_class=5)
    large = populate_model(make_data_model("Large", user=user), classes=40, elements_per_class=25,
                           enumerations=10, values_per_enum=10)
    tag = make_classifier("Tag", user=user)
    for model in (small, large):
        m.ClassifierLink.objects.bulk_create([
            m.ClassifierLink(classifier=tag, catalogue_item_id=c.pk, catalogue_item_domain_type="DataClass",
                             model=model) for c in m.DataClass.objects.filter(model=model)])
    _count(user_client, small.pk)  # warm the session
    small_queries, small_body = _count(user_client, small.pk)
    large_queries, large_body = _count(user_client, large.pk)
    assert sum(len(c["dataElements"]) for c in small_body["childDataClasses"]) == 10
    elements = sum(len(c["dataElements"]) + sum(len(d["dataElements"]) for d in c["dataClasses"])
                   for c in large_body["childDataClasses"])
    assert elements == 41 * 25
    assert small_queries == large_queries, (small_queries, large_queries)
    assert small_queries <= 20, small_queries
