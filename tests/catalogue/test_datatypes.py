"""Data types of a data model: the four kinds, their validation, update, move, delete and access."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from tests.catalogue.factories import (
    make_data_class,
    make_data_element,
    make_data_model,
    make_data_type,
    populate_model,
)
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(user):
    return make_data_model("Cars", user=user)


def types_url(model):
    return f"/api/dataModels/{model.pk}/dataTypes"


def type_url(model, data_type):
    return f"{types_url(model)}/{data_type.pk}"


def labels(response):
    return [item["label"] for item in response.json()["items"]]


def test_create_primitive_type(user_client, model):
    response = user_client.post(types_url(model), {"domainType": "PrimitiveType", "label": "length", "units": "cm",
                                                   "description": "how long"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    data_type = m.DataType.objects.get(pk=body["id"])
    assert response["Location"].endswith(f"/api/dataModels/{model.pk}/dataTypes/{data_type.pk}")
    assert (body["domainType"], body["label"], body["units"], body["description"]) == (
        "PrimitiveType", "length", "cm", "how long")
    assert body["path"] == "dm:Cars$main|dt:length"
    assert body["model"] == str(model.pk)
    assert "availableActions" in body and body["lastUpdated"].endswith("Z")
    assert data_type.kind == "PrimitiveType" and data_type.units == "cm"
    assert m.Edit.objects.filter(resource_id=data_type.pk, description="[PrimitiveType:length] created").exists()


def test_create_enumeration_type_with_values(user_client, model):
    response = user_client.post(types_url(model), {
        "domainType": "EnumerationType", "label": "colours",
        "enumerationValues": [{"key": "R", "value": "Red", "category": "warm"}, {"key": "B", "value": "Blue"},
                              {"key": 3, "value": "Three"}]}, format="json")
    assert response.status_code == 201, response.content
    values = response.json()["enumerationValues"]
    assert [(v["index"], v["key"], v["value"], v["category"]) for v in values] == [
        (0, "R", "Red", "warm"), (1, "B", "Blue", None), (2, "3", "Three", None)]
    stored = m.EnumerationValue.objects.filter(data_type_id=response.json()["id"]).order_by("index")
    assert [(v.key, v.label, v.model_id) for v in stored] == [("R", "R", model.pk), ("B", "B", model.pk),
                                                              ("3", "3", model.pk)]


def test_create_reference_type_defaults_its_label(user_client, model):
    target = make_data_class(model, "Owner")
    response = user_client.post(types_url(model), {"domainType": "ReferenceType",
                                                   "referenceClass": {"id": str(target.pk)}}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["label"] == "Reference to Owner"
    assert body["referenceClass"]["id"] == str(target.pk)
    assert body["referenceClass"]["domainType"] == "DataClass"
    assert body["referenceClass"]["model"] == str(model.pk)
    assert body["referenceClass"]["breadcrumbs"][0]["id"] == str(model.pk)
    second = user_client.post(types_url(model), {"domainType": "ReferenceType", "referenceClass": str(target.pk)},
                              format="json")
    assert second.json()["label"] == "Reference to Owner 1"
    named = user_client.post(types_url(model), {"domainType": "ReferenceType", "label": "Owner link",
                                                "referenceClass": str(target.pk)}, format="json")
    assert named.json()["label"] == "Owner link"


def test_create_model_data_type(user_client, model, user, other_user):
    terminology = m.CatalogueModel.objects.create(label="Codes", folder=model.folder, authority=model.authority,
                                                  model_domain_type="Terminology", created_by=user.email_address)
    response = user_client.post(types_url(model), {"domainType": "ModelDataType", "modelResourceDomainType":
                                                   "Terminology", "modelResourceId": str(terminology.pk)},
                                format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["label"], body["modelResourceId"], body["modelResourceDomainType"]) == (
        "Reference to Codes", str(terminology.pk), "Terminology")
    hidden = make_data_model("Hidden", user=other_user)
    response = user_client.post(types_url(model), {"domainType": "ModelDataType", "label": "h",
                                                   "modelResourceDomainType": "DataModel",
                                                   "modelResourceId": str(hidden.pk)}, format="json")
    assert response.status_code == 422
    response = user_client.post(types_url(model), {"domainType": "ModelDataType", "label": "w",
                                                   "modelResourceDomainType": "DataModel",
                                                   "modelResourceId": str(terminology.pk)}, format="json")
    assert response.status_code == 422


@pytest.mark.parametrize("body, status", [
    ({"label": "t"}, 400),
    ({"label": "t", "domainType": "Other"}, 422),
    ({"label": "t", "domainType": ["PrimitiveType"]}, 422),
    ({"domainType": "PrimitiveType"}, 400),
    ({"domainType": "PrimitiveType", "label": None}, 400),
    ({"domainType": "PrimitiveType", "label": "a$b"}, 422),
    ({"domainType": "PrimitiveType", "label": "t", "units": "u" * 300}, 422),
    ({"domainType": "PrimitiveType", "label": "t", "index": "x"}, 422),
    ({"domainType": "EnumerationType", "label": "e"}, 400),
    ({"domainType": "EnumerationType", "label": "e", "enumerationValues": []}, 422),
    ({"domainType": "EnumerationType", "label": "e", "enumerationValues": "R"}, 422),
    ({"domainType": "EnumerationType", "label": "e", "enumerationValues": ["R"]}, 422),
    ({"domainType": "EnumerationType", "label": "e", "enumerationValues": [{"value": "Red"}]}, 422),
    ({"domainType": "EnumerationType", "label": "e", "enumerationValues": [{"key": "R"}]}, 422),
    ({"domainType": "EnumerationType", "label": "e", "enumerationValues": [{"key": "R", "value": ""}]}, 422),
    ({"domainType": "EnumerationType", "label": "e", "enumerationValues": [{"key": "R", "value": "1"},
                                                                           {"key": "R", "value": "2"}]}, 422),
    ({"domainType": "EnumerationType", "label": "e", "enumerationValues": [{"key": "k" * 300, "value": "v"}]}, 422),
    ({"domainType": "ReferenceType", "label": "r"}, 400),
    ({"domainType": "ReferenceType", "label": "r", "referenceClass": "nope"}, 422),
    ({"domainType": "ReferenceType", "label": "r", "referenceClass": str(uuid.uuid4())}, 422),
    ({"domainType": "ModelDataType", "label": "m"}, 400),
    ({"domainType": "ModelDataType", "label": "m", "modelResourceDomainType": "Folder",
      "modelResourceId": str(uuid.uuid4())}, 422),
])
def test_bad_type_bodies_change_nothing(user_client, model, body, status):
    response = user_client.post(types_url(model), body, format="json")
    assert response.status_code == status, response.content
    assert response.json()["errors"]
    assert not m.DataType.objects.exists() and not m.EnumerationValue.objects.exists()
    assert not m.Edit.objects.exists()


def test_reference_class_must_be_in_the_same_model(user_client, model, user):
    foreign = make_data_class(make_data_model("Other", user=user), "Foreign")
    response = user_client.post(types_url(model), {"domainType": "ReferenceType", "referenceClass": str(foreign.pk)},
                                format="json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "referenceClass"


def test_label_unique_within_the_model(user_client, model, user):
    make_data_type(model, "string")
    assert user_client.post(types_url(model), {"domainType": "PrimitiveType", "label": "string"},
                            format="json").status_code == 422
    other = make_data_model("Other", user=user)
    assert user_client.post(types_url(other), {"domainType": "PrimitiveType", "label": "string"},
                            format="json").status_code == 201


def test_list_in_index_order_with_values_and_show(user_client, model):
    make_data_type(model, "b")
    enum = make_data_type(model, "a", kind=m.DataTypeKind.ENUMERATION, values=["X", "Y"])
    body = user_client.get(types_url(model)).json()
    assert body["count"] == 2 and [i["label"] for i in body["items"]] == ["b", "a"]
    assert [v["key"] for v in body["items"][1]["enumerationValues"]] == ["X", "Y"]
    shown = user_client.get(type_url(model, enum)).json()
    assert shown["domainType"] == "EnumerationType" and len(shown["enumerationValues"]) == 2
    missing = user_client.get(f"{types_url(model)}/{uuid.uuid4()}").json()
    assert (missing["status"], missing["resource"]) == (404, "DataType")


def test_update_type_fields_and_values(user_client, model):
    enum = make_data_type(model, "colours", kind=m.DataTypeKind.ENUMERATION, values=["R", "G"])
    red = m.EnumerationValue.objects.get(data_type=enum, key="R")
    response = user_client.put(type_url(model, enum), {
        "label": "colors", "domainType": "EnumerationType",
        "enumerationValues": [{"id": str(red.pk), "key": "RED", "value": "Red!"}, {"key": "B", "value": "Blue"}]},
        format="json")
    assert response.status_code == 200, response.content
    assert response.json()["label"] == "colors"
    assert [(v["key"], v["value"]) for v in response.json()["enumerationValues"]] == [
        ("RED", "Red!"), ("G", "Value G"), ("B", "Blue")]
    edit = m.Edit.objects.get(resource_id=enum.pk, title="UPDATE")
    assert "[label] changed from [colours] to [colors]" in edit.description


def test_update_primitive_units_and_reference_class(user_client, model):
    length = make_data_type(model, "length", units="cm")
    assert user_client.put(type_url(model, length), {"units": "mm"}, format="json").json()["units"] == "mm"
    first, second = make_data_class(model, "First"), make_data_class(model, "Second")
    ref = make_data_type(model, "ref", kind=m.DataTypeKind.REFERENCE, reference_class=first)
    response = user_client.put(type_url(model, ref), {"referenceClass": {"id": str(second.pk)}}, format="json")
    assert response.json()["referenceClass"]["id"] == str(second.pk)


@pytest.mark.parametrize("body", [{"label": "taken"}, {"label": ""}, {"domainType": "EnumerationType"},
                                  {"units": "u" * 300}, {"index": "x"}])
def test_bad_type_update_changes_nothing(user_client, model, body):
    make_data_type(model, "taken")
    mine = make_data_type(model, "mine", units="cm")
    response = user_client.put(type_url(model, mine), {**body, "description": "changed"}, format="json")
    assert response.status_code == 422
    mine.refresh_from_db()
    assert (mine.label, mine.units, mine.description, mine.kind) == ("mine", "cm", None, "PrimitiveType")


def test_moving_a_type_renumbers_the_others(user_client, model):
    types = [make_data_type(model, label) for label in "abcd"]
    user_client.put(type_url(model, types[2]), {"index": 0}, format="json")
    assert labels(user_client.get(types_url(model))) == ["c", "a", "b", "d"]
    user_client.put(type_url(model, types[2]), {"index": 3}, format="json")
    assert labels(user_client.get(types_url(model))) == ["a", "b", "d", "c"]
    user_client.post(types_url(model), {"domainType": "PrimitiveType", "label": "e", "index": 1}, format="json")
    assert labels(user_client.get(types_url(model))) == ["a", "e", "b", "d", "c"]


def test_delete_type_and_its_values(user_client, model):
    keep = make_data_type(model, "keep")
    enum = make_data_type(model, "colours", kind=m.DataTypeKind.ENUMERATION, values=["R", "G"], index=0)
    m.DataType.objects.filter(pk=keep.pk).update(index=1)
    value = m.EnumerationValue.objects.get(key="R")
    m.Metadata.objects.create(model=model, catalogue_item_domain_type="EnumerationValue", catalogue_item_id=value.pk,
                              namespace="n", key="k", value="v")
    assert user_client.delete(type_url(model, enum)).status_code == 204
    assert list(m.DataType.objects.values_list("label", flat=True)) == ["keep"]
    assert not m.EnumerationValue.objects.exists() and not m.Metadata.objects.exists()
    keep.refresh_from_db()
    assert keep.index == 0
    assert m.Edit.objects.filter(resource_id=model.pk, title="DELETE").exists()


def test_type_used_by_elements_cannot_be_deleted(user_client, model):
    string = make_data_type(model, "string")
    make_data_element(make_data_class(model, "C"), "e", data_type=string)
    response = user_client.delete(type_url(model, string))
    assert response.status_code == 422
    assert "still used by 1 DataElement" in response.json()["message"]
    assert m.DataType.objects.filter(pk=string.pk).exists()


def test_type_access_rules(model, other_user, client, admin_client):
    string = make_data_type(model, "string")
    other = logged_in_client(other_user)
    assert other.get(types_url(model)).status_code == 404
    assert client.get(type_url(model, string)).status_code == 404
    assert client.post(types_url(model), {"domainType": "PrimitiveType", "label": "x"},
                       format="json").status_code == 401
    assert other.post(types_url(model), {"domainType": "PrimitiveType", "label": "x"},
                      format="json").status_code == 404
    model.readable_by_everyone = True
    model.save()
    assert client.get(type_url(model, string)).status_code == 200
    assert client.delete(type_url(model, string)).status_code == 401
    assert other.delete(type_url(model, string)).status_code == 403
    assert other.put(type_url(model, string), {"label": "y"}, format="json").status_code == 403
    assert admin_client.put(type_url(model, string), {"label": "admin"}, format="json").status_code == 200
    for state in ({"finalised": True}, {"finalised": False, "deleted": True}):
        m.CatalogueModel.objects.filter(pk=model.pk).update(**state)
        assert admin_client.put(type_url(model, string), {"label": "z"}, format="json").status_code == 403
        assert admin_client.post(types_url(model), {"domainType": "PrimitiveType", "label": "x"},
                                 format="json").status_code == 403
    assert list(m.DataType.objects.values_list("label", flat=True)) == ["admin"]


@pytest.mark.parametrize("query", ["?all=true", ""])
def test_type_list_costs_a_fixed_number_of_queries(user, query):
    client = logged_in_client(user)

    def count(size):
        model = populate_model(make_data_model(f"Size {size}", user=user), classes=2, elements_per_class=1,
                               enumerations=size, values_per_enum=size)
        target = m.DataClass.objects.get(model=model, label="nested")
        for n in range(size):
            make_data_type(model, f"ref {n}", kind=m.DataTypeKind.REFERENCE, reference_class=target)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(types_url(model) + query)
        assert response.status_code == 200
        return len(queries)

    assert count(2) == count(30)
