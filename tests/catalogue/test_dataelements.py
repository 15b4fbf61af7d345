"""Data elements: CRUD within a class, their type from the same model, model-wide and per-type lists, access."""

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


@pytest.fixture
def engine(model):
    return make_data_class(model, "Engine")


@pytest.fixture
def string(model):
    return make_data_type(model, "string", units="chars")


def elements_url(model, data_class):
    return f"/api/dataModels/{model.pk}/dataClasses/{data_class.pk}/dataElements"


def element_url(model, element):
    return f"{elements_url(model, element.data_class)}/{element.pk}"


def labels(response):
    return [item["label"] for item in response.json()["items"]]


def test_create_element_with_type_id(user_client, model, engine, string):
    response = user_client.post(elements_url(model, engine), {"label": "Size", "dataType": str(string.pk),
                                                              "minMultiplicity": 0, "maxMultiplicity": 1},
                                format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    element = m.DataElement.objects.get(pk=body["id"])
    assert response["Location"].endswith(f"/dataClasses/{engine.pk}/dataElements/{element.pk}")
    assert body["domainType"] == "DataElement"
    assert body["dataClass"] == str(engine.pk)
    assert body["path"] == "dm:Cars$main|dc:Engine|de:Size"
    assert [c["label"] for c in body["breadcrumbs"]] == ["Cars", "Engine"]
    assert body["dataType"] == {"id": str(string.pk), "domainType": "PrimitiveType", "label": "string",
                                "path": "dm:Cars$main|dt:string", "model": str(model.pk),
                                "breadcrumbs": [{"id": str(model.pk), "label": "Cars", "domainType": "DataModel",
                                                 "finalised": False}], "units": "chars"}
    assert (body["minMultiplicity"], body["maxMultiplicity"]) == (0, 1)
    assert "availableActions" in body and "lastUpdated" in body
    assert element.model_id == model.pk and element.data_type_id == string.pk
    assert m.Edit.objects.filter(resource_id=engine.pk, title="CREATE",
                                 description="[DataElement:Size] added to component [DataClass:Engine]").exists()


def test_create_element_with_type_object_and_enumeration_json(user_client, model, engine):
    colours = make_data_type(model, "colours", kind=m.DataTypeKind.ENUMERATION, values=["R", "G"])
    response = user_client.post(elements_url(model, engine), {"label": "Colour", "dataType": {"id": str(colours.pk)}},
                                format="json")
    assert response.status_code == 201
    values = response.json()["dataType"]["enumerationValues"]
    assert [(v["index"], v["key"], v["value"], v["category"]) for v in values] == [
        (0, "R", "Value R", None), (1, "G", "Value G", None)]
    assert set(values[0]) == {"index", "id", "key", "value", "category"}


def test_create_element_with_an_inline_type_finds_or_creates_it(user_client, model, engine, string):
    response = user_client.post(elements_url(model, engine), {
        "label": "Reuse", "dataType": {"domainType": "PrimitiveType", "label": "string"}}, format="json")
    assert response.status_code == 201
    assert response.json()["dataType"]["id"] == str(string.pk)
    response = user_client.post(elements_url(model, engine), {
        "label": "Fresh", "dataType": {"domainType": "PrimitiveType", "label": "integer"}}, format="json")
    assert response.status_code == 201
    created = m.DataType.objects.get(model=model, label="integer")
    assert response.json()["dataType"]["id"] == str(created.pk)


@pytest.mark.parametrize("body, status", [
    ({"dataType": "TYPE"}, 400),
    ({"label": "X"}, 400),
    ({"label": "X", "dataType": None}, 400),
    ({"label": "", "dataType": "TYPE"}, 422),
    ({"label": "a|b", "dataType": "TYPE"}, 422),
    ({"label": "X", "dataType": "not-a-uuid"}, 422),
    ({"label": "X", "dataType": str(uuid.uuid4())}, 422),
    ({"label": "X", "dataType": {"id": None}}, 422),
    ({"label": "X", "dataType": ["list"]}, 422),
    ({"label": "X", "dataType": {"domainType": "Nonsense", "label": "t"}}, 422),
    ({"label": "X", "dataType": "TYPE", "minMultiplicity": "many"}, 422),
])
def test_bad_element_bodies_change_nothing(user_client, model, engine, string, body, status):
    body = {k: (str(string.pk) if v == "TYPE" else v) for k, v in body.items()}
    response = user_client.post(elements_url(model, engine), body, format="json")
    assert response.status_code == status, response.content
    assert not m.DataElement.objects.exists()
    assert list(m.DataType.objects.values_list("label", flat=True)) == ["string"]


def test_type_of_another_model_is_refused(user_client, model, engine, user):
    other = make_data_model("Other", user=user)
    foreign = make_data_type(other, "foreign")
    response = user_client.post(elements_url(model, engine), {"label": "X", "dataType": str(foreign.pk)},
                                format="json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "dataType"
    assert not m.DataElement.objects.exists()


def test_label_unique_within_the_class(user_client, model, engine, string):
    make_data_element(engine, "Size", data_type=string)
    response = user_client.post(elements_url(model, engine), {"label": "Size", "dataType": str(string.pk)},
                                format="json")
    assert response.status_code == 422
    other = make_data_class(model, "Wheel")
    assert user_client.post(elements_url(model, other), {"label": "Size", "dataType": str(string.pk)},
                            format="json").status_code == 201


def test_list_show_update_delete(user_client, model, engine, string):
    first = make_data_element(engine, "B first", data_type=string)
    second = make_data_element(engine, "A second", data_type=string)
    assert labels(user_client.get(elements_url(model, engine))) == ["B first", "A second"]
    body = user_client.get(element_url(model, first)).json()
    assert body["id"] == str(first.pk) and body["dataClass"] == str(engine.pk)
    integer = make_data_type(model, "integer")
    response = user_client.put(element_url(model, first), {"label": "Renamed", "dataType": {"id": str(integer.pk)},
                                                           "description": "new"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["dataType"]["label"] == "integer"
    first.refresh_from_db()
    assert (first.label, first.data_type_id, first.description) == ("Renamed", integer.pk, "new")
    edit = m.Edit.objects.get(resource_id=first.pk, title="UPDATE")
    assert "[dataType] changed from [string] to [integer]" in edit.description
    assert user_client.delete(element_url(model, first)).status_code == 204
    assert list(m.DataElement.objects.values_list("label", flat=True)) == ["A second"]
    second.refresh_from_db()
    assert second.index == 0


def test_bad_update_changes_nothing(user_client, model, engine, string, user):
    taken = make_data_element(engine, "Taken", data_type=string)
    element = make_data_element(engine, "Mine", data_type=string)
    foreign = make_data_type(make_data_model("Other", user=user), "foreign")
    for body in ({"label": "Taken"}, {"label": ""}, {"dataType": str(foreign.pk)}, {"maxMultiplicity": "x"}):
        response = user_client.put(element_url(model, element), {**body, "description": "changed"}, format="json")
        assert response.status_code == 422, body
    element.refresh_from_db()
    assert (element.label, element.data_type_id, element.description) == ("Mine", string.pk, None)
    assert taken.label == "Taken"


def test_moving_an_element_renumbers_its_siblings(user_client, model, engine, string):
    elements = [make_data_element(engine, label, data_type=string) for label in "ABCD"]
    other = make_data_class(model, "Other")
    untouched = make_data_element(other, "Z", data_type=string)
    user_client.put(element_url(model, elements[0]), {"index": 2}, format="json")
    assert labels(user_client.get(elements_url(model, engine))) == ["B", "C", "A", "D"]
    user_client.put(element_url(model, elements[3]), {"index": 0}, format="json")
    assert labels(user_client.get(elements_url(model, engine))) == ["D", "B", "C", "A"]
    assert sorted(m.DataElement.objects.filter(data_class=engine).values_list("index", flat=True)) == [0, 1, 2, 3]
    untouched.refresh_from_db()
    assert untouched.index == 0
    user_client.post(elements_url(model, engine), {"label": "E", "dataType": str(string.pk), "index": 1},
                     format="json")
    assert labels(user_client.get(elements_url(model, engine))) == ["D", "E", "B", "C", "A"]


def test_element_is_only_found_under_its_own_class(user_client, model, engine, string, user):
    element = make_data_element(engine, "Size", data_type=string)
    other = make_data_class(model, "Other")
    assert user_client.get(f"{elements_url(model, other)}/{element.pk}").status_code == 404
    body = user_client.get(f"{elements_url(model, engine)}/{uuid.uuid4()}").json()
    assert (body["status"], body["resource"]) == (404, "DataElement")
    foreign_class = make_data_class(make_data_model("Other", user=user), "Foreign")
    response = user_client.get(f"{elements_url(model, foreign_class)}/{element.pk}")
    assert response.status_code == 400 and response.json()["errorCode"] == "DCI01"


def test_delete_removes_the_element_s_facets(user_client, model, engine, string):
    element = make_data_element(engine, "Size", data_type=string)
    m.Metadata.objects.create(model=model, catalogue_item_domain_type="DataElement", catalogue_item_id=element.pk,
                              namespace="n", key="k", value="v")
    rule = m.Rule.objects.create(model=model, catalogue_item_domain_type="DataElement", catalogue_item_id=element.pk,
                                 name="r")
    m.RuleRepresentation.objects.create(rule=rule, language="sql", representation="x")
    assert user_client.delete(element_url(model, element)).status_code == 204
    assert not m.Metadata.objects.exists() and not m.Rule.objects.exists()
    assert not m.RuleRepresentation.objects.exists()
    assert m.Edit.objects.filter(resource_id=engine.pk, title="DELETE").exists()


def test_model_wide_and_per_type_element_lists(user_client, model, engine, string):
    integer = make_data_type(model, "integer")
    wheel = make_data_class(model, "Wheel")
    make_data_element(engine, "b", data_type=string)
    make_data_element(wheel, "a", data_type=integer)
    make_data_element(wheel, "c", data_type=string)
    body = user_client.get(f"/api/dataModels/{model.pk}/dataElements").json()
    assert body["count"] == 3 and [i["label"] for i in body["items"]] == ["a", "b", "c"]
    body = user_client.get(f"/api/dataModels/{model.pk}/dataTypes/{string.pk}/dataElements").json()
    assert [i["label"] for i in body["items"]] == ["b", "c"]
    assert user_client.get(f"/api/dataModels/{model.pk}/dataTypes/{uuid.uuid4()}/dataElements").status_code == 404


def test_access_rules(model, engine, string, other_user, client, admin_client):
    element = make_data_element(engine, "Size", data_type=string)
    other = logged_in_client(other_user)
    assert other.get(elements_url(model, engine)).status_code == 404
    assert other.get(f"/api/dataModels/{model.pk}/dataElements").status_code == 404
    assert client.get(element_url(model, element)).status_code == 404
    assert client.post(elements_url(model, engine), {"label": "X", "dataType": str(string.pk)},
                       format="json").status_code == 401
    model.readable_by_authenticated_users = True
    model.save()
    assert other.get(element_url(model, element)).status_code == 200
    assert other.put(element_url(model, element), {"label": "X"}, format="json").status_code == 403
    assert other.delete(element_url(model, element)).status_code == 403
    assert other.post(elements_url(model, engine), {"label": "X", "dataType": str(string.pk)},
                      format="json").status_code == 403
    assert admin_client.put(element_url(model, element), {"label": "By admin"}, format="json").status_code == 200
    m.CatalogueModel.objects.filter(pk=model.pk).update(finalised=True)
    assert admin_client.put(element_url(model, element), {"label": "Later"}, format="json").status_code == 403
    element.refresh_from_db()
    assert element.label == "By admin"


def test_deleted_model_refuses_element_writes(user_client, model, engine, string):
    element = make_data_element(engine, "Size", data_type=string)
    m.CatalogueModel.objects.filter(pk=model.pk).update(deleted=True)
    assert user_client.get(element_url(model, element)).status_code == 200
    assert user_client.delete(element_url(model, element)).status_code == 403
    assert user_client.post(elements_url(model, engine), {"label": "X", "dataType": str(string.pk)},
                            format="json").status_code == 403
    assert m.DataElement.objects.count() == 1


@pytest.mark.parametrize("suffix", ["dataClasses/{top}/dataElements?all=true", "dataElements?all=true",
                                    "dataElements", "dataTypes/{string}/dataElements?all=true"])
def test_element_lists_cost_a_fixed_number_of_queries(user, suffix):
    client = logged_in_client(user)

    def count(size):
        model = populate_model(make_data_model(f"Size {size}", user=user), classes=size, elements_per_class=size,
                               enumerations=size, values_per_enum=size)
        top = m.DataClass.objects.get(model=model, label="class 0")
        string = m.DataType.objects.get(model=model, label="string")
        reference = make_data_type(model, "ref", kind=m.DataTypeKind.REFERENCE, reference_class=top)
        make_data_element(top, "referencing", data_type=reference)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/dataModels/{model.pk}/" + suffix.format(top=top.pk, string=string.pk))
        assert response.status_code == 200
        return len(queries)

    assert count(2) == count(25)
