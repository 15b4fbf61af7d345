"""Copying data classes, data elements and data types from another readable model."""

import uuid

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
    populate_model,
)
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(user):
    return make_data_model("Target", user=user)


@pytest.fixture
def source(user):
    """A source model: Vehicle > Engine (elements typed string, fuel enum, a reference to Engine and to Owner)."""
    model = make_data_model("Source", user=user)
    string = make_data_type(model, "string", units="chars")
    fuel = make_data_type(model, "fuel", kind=m.DataTypeKind.ENUMERATION, values=["P", "D"])
    owner = make_data_class(model, "People")
    person = make_data_class(model, "Owner", parent=owner)
    vehicle = make_data_class(model, "Vehicle", description="A thing", min_multiplicity=0, max_multiplicity=-1)
    engine = make_data_class(model, "Engine", parent=vehicle)
    to_engine = make_data_type(model, "Reference to Engine", kind=m.DataTypeKind.REFERENCE, reference_class=engine)
    to_owner = make_data_type(model, "Reference to Owner", kind=m.DataTypeKind.REFERENCE, reference_class=person)
    make_data_element(vehicle, "name", data_type=string, description="Its name")
    make_data_element(vehicle, "engine", data_type=to_engine, max_multiplicity=1)
    make_data_element(vehicle, "owner", data_type=to_owner)
    make_data_element(engine, "fuel", data_type=fuel)
    make_data_element(engine, "serial", data_type=string)
    return model


def item(model, cls, label):
    return cls.objects.get(model=model, label=label)


def copy_class_url(target, source_class, parent=None):
    base = f"/api/dataModels/{target.pk}/dataClasses"
    if parent is not None:
        base += f"/{parent.pk}/dataClasses"
    return f"{base}/{source_class.model_id}/{source_class.pk}"


def test_deep_copy_of_a_class(user_client, target, source, user):
    vehicle = item(source, m.DataClass, "Vehicle")
    existing_string = make_data_type(target, "string")
    response = user_client.post(copy_class_url(target, vehicle))
    assert response.status_code == 201, response.content
    body = response.json()
    copy = m.DataClass.objects.get(pk=body["id"])
    assert copy.pk != vehicle.pk and copy.model_id == target.pk and copy.parent_data_class_id is None
    assert (body["label"], body["description"], body["minMultiplicity"], body["maxMultiplicity"]) == (
        "Vehicle", "A thing", 0, -1)
    assert body["path"] == "dm:Target$main|dc:Vehicle"
    assert response["Location"].endswith(f"/api/dataModels/{target.pk}/dataClasses/{copy.pk}")
    engine_copy = m.DataClass.objects.get(model=target, parent_data_class=copy)
    assert engine_copy.label == "Engine"
    elements = {e.label: e for e in m.DataElement.objects.filter(model=target).select_related("data_type")}
    assert set(elements) == {"name", "engine", "owner", "fuel", "serial"}
    assert elements["name"].data_class_id == copy.pk and elements["fuel"].data_class_id == engine_copy.pk
    assert elements["name"].description == "Its name" and elements["engine"].max_multiplicity == 1
    # the target's own "string" is reused; the enumeration is copied with its values
    assert elements["name"].data_type_id == existing_string.pk
    fuel = elements["fuel"].data_type
    assert fuel.model_id == target.pk and fuel.kind == "EnumerationType"
    assert list(fuel.enumeration_values.order_by("index").values_list("key", "model_id")) == [
        ("P", target.pk), ("D", target.pk)]
    # a reference to a copied class points at the copy; one to another class at a (shallow) copy of its path
    assert elements["engine"].data_type.reference_class_id == engine_copy.pk
    to_owner = elements["owner"].data_type
    owner_copy = m.DataClass.objects.get(pk=to_owner.reference_class_id)
    assert owner_copy.model_id == target.pk and owner_copy.label == "Owner"
    assert owner_copy.parent_data_class.label == "People" and owner_copy.parent_data_class.parent_data_class_id is None
    assert not m.DataElement.objects.filter(data_class=owner_copy).exists()
    # the source is untouched
    assert m.DataClass.objects.filter(model=source).count() == 4
    assert m.DataElement.objects.filter(model=source).count() == 5
    assert m.Edit.objects.filter(resource_id=copy.pk, title="COPY").exists()
    assert m.Edit.objects.filter(resource_id=target.pk, title="CREATE",
                                 description="[DataClass:Vehicle] added to component [DataModel:Target]").exists()


def test_copy_takes_facets_and_links_the_copies_to_their_originals(user_client, target, source, user):
    vehicle = item(source, m.DataClass, "Vehicle")
    serial = item(source, m.DataElement, "serial")
    classifier = make_classifier("Tag", user=user)
    m.Metadata.objects.create(model=source, catalogue_item_domain_type="DataElement", catalogue_item_id=serial.pk,
                              namespace="ns", key="k", value="v")
    rule = m.Rule.objects.create(model=source, catalogue_item_domain_type="DataClass", catalogue_item_id=vehicle.pk,
                                 name="must")
    m.RuleRepresentation.objects.create(rule=rule, language="sql", representation="select 1")
    m.ClassifierLink.objects.create(model=source, classifier=classifier, catalogue_item_domain_type="DataClass",
                                    catalogue_item_id=vehicle.pk)
    response = user_client.post(copy_class_url(target, vehicle))
    assert response.status_code == 201
    copy_id = uuid.UUID(response.json()["id"])
    serial_copy = m.DataElement.objects.get(model=target, label="serial")
    metadata = m.Metadata.objects.get(model=target)
    assert (metadata.catalogue_item_id, metadata.catalogue_item_domain_type, metadata.key) == (
        serial_copy.pk, "DataElement", "k")
    copied_rule = m.Rule.objects.get(model=target)
    assert copied_rule.catalogue_item_id == copy_id
    assert list(copied_rule.representations.values_list("language", "representation")) == [("sql", "select 1")]
    assert m.ClassifierLink.objects.get(model=target).catalogue_item_id == copy_id
    assert [c["label"] for c in response.json()["classifiers"]] == ["Tag"]
    refines = m.SemanticLink.objects.filter(model=target, link_type="Refines")
    assert refines.get(catalogue_item_id=copy_id).target_id == vehicle.pk
    assert refines.get(catalogue_item_id=serial_copy.pk).target_id == serial.pk
    assert m.Metadata.objects.filter(model=source).count() == 1


def test_copy_under_a_class_and_within_the_same_model(user_client, target, source):
    parent = make_data_class(target, "Holder")
    engine = item(source, m.DataClass, "Engine")
    response = user_client.post(copy_class_url(target, engine, parent))
    assert response.status_code == 201, response.content
    assert response.json()["parentDataClass"] == str(parent.pk)
    assert response.json()["path"] == "dm:Target$main|dc:Holder|dc:Engine"
    vehicle = item(source, m.DataClass, "Vehicle")
    response = user_client.post(copy_class_url(source, engine, vehicle))
    assert response.status_code == 422  # Engine already exists under Vehicle
    people = item(source, m.DataClass, "People")
    response = user_client.post(copy_class_url(source, engine, people))
    assert response.status_code == 201
    assert m.DataType.objects.filter(model=source).count() == 4  # the model's own types are reused


def test_copy_with_a_clashing_label_changes_nothing(user_client, target, source):
    make_data_class(target, "Vehicle")
    before = {table: table.objects.count() for table in (m.DataClass, m.DataElement, m.DataType, m.SemanticLink,
                                                          m.Edit)}
    response = user_client.post(copy_class_url(target, item(source, m.DataClass, "Vehicle")))
    assert response.status_code == 422
    assert {table: table.objects.count() for table in before} == before


def test_copy_refusals(user_client, target, source, other_user, client):
    vehicle = item(source, m.DataClass, "Vehicle")
    hidden = make_data_model("Hidden", user=other_user)
    secret = make_data_class(hidden, "Secret")
    assert user_client.post(copy_class_url(target, secret)).status_code == 404
    response = user_client.post(f"/api/dataModels/{target.pk}/dataClasses/{source.pk}/{uuid.uuid4()}")
    assert (response.status_code, response.json()["resource"]) == (404, "DataClass")
    # a class is looked for in the model the URL names
    response = user_client.post(f"/api/dataModels/{target.pk}/dataClasses/{target.pk}/{vehicle.pk}")
    assert response.status_code == 404
    assert client.post(copy_class_url(target, vehicle)).status_code == 401
    other = logged_in_client(other_user)
    assert other.post(copy_class_url(target, vehicle)).status_code == 404
    target.readable_by_everyone = True
    target.save()
    source.readable_by_everyone = True
    source.save()
    assert other.post(copy_class_url(target, vehicle)).status_code == 403
    m.CatalogueModel.objects.filter(pk=target.pk).update(finalised=True)
    assert user_client.post(copy_class_url(target, vehicle)).status_code == 403
    assert not m.DataClass.objects.filter(model=target).exists()


def test_copy_into_a_parent_of_another_model_is_dci01(user_client, target, source):
    vehicle = item(source, m.DataClass, "Vehicle")
    response = user_client.post(copy_class_url(target, vehicle, vehicle))
    assert response.status_code == 400 and response.json()["errorCode"] == "DCI01"


def test_copy_is_set_based(user_client, user):
    def copy_queries(size):
        source = populate_model(make_data_model(f"Source {size}", user=user), classes=1, elements_per_class=size,
                                enumerations=size, values_per_enum=3, metadata=2)
        top = m.DataClass.objects.get(model=source, label="class 0")
        for n in range(size):
            make_data_class(source, f"sub {n}", parent=top)
        target = make_data_model(f"Target {size}", user=user)
        with CaptureQueriesContext(connection) as queries:
            response = user_client.post(copy_class_url(target, top))
        assert response.status_code == 201
        assert m.DataElement.objects.filter(model=target).count() == 2 * size
        inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
        return len(queries) - len(inserts), len(inserts)

    small_reads, small_inserts = copy_queries(3)
    large_reads, large_inserts = copy_queries(40)
    # reads do not grow at all; inserts grow only by the database's batch size (SQLite: 999 parameters)
    assert small_reads == large_reads
    assert large_inserts <= small_inserts + 4


# --- elements ----------------------------------------------------------------------------------------------------

def copy_element_url(target, target_class, source_element):
    return (f"/api/dataModels/{target.pk}/dataClasses/{target_class.pk}/dataElements/{source_element.model_id}/"
            f"{source_element.data_class_id}/{source_element.pk}")


def test_copy_an_element(user_client, target, source):
    holder = make_data_class(target, "Holder")
    fuel = item(source, m.DataElement, "fuel")
    response = user_client.post(copy_element_url(target, holder, fuel))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["label"], body["dataClass"], body["dataType"]["label"]) == ("fuel", str(holder.pk), "fuel")
    assert [v["key"] for v in body["dataType"]["enumerationValues"]] == ["P", "D"]
    assert response["Location"].endswith(f"/dataClasses/{holder.pk}/dataElements/{body['id']}")
    # a second copy elsewhere reuses the type copied the first time
    other = make_data_class(target, "Other")
    response = user_client.post(copy_element_url(target, other, fuel))
    assert response.json()["dataType"]["id"] == body["dataType"]["id"]
    assert user_client.post(copy_element_url(target, holder, fuel)).status_code == 422
    assert m.DataElement.objects.filter(model=target).count() == 2


def test_copy_an_element_refusals(user_client, target, source):
    holder = make_data_class(target, "Holder")
    fuel = item(source, m.DataElement, "fuel")
    vehicle = item(source, m.DataClass, "Vehicle")
    wrong_class = (f"/api/dataModels/{target.pk}/dataClasses/{holder.pk}/dataElements/{source.pk}/"
                   f"{vehicle.pk}/{fuel.pk}")
    assert user_client.post(wrong_class).status_code == 404
    response = user_client.post(copy_element_url(target, vehicle, fuel))
    assert response.status_code == 400 and response.json()["errorCode"] == "DCI01"
    assert not m.DataElement.objects.filter(model=target).exists()


# --- types -------------------------------------------------------------------------------------------------------

def copy_type_url(target, source_type):
    return f"/api/dataModels/{target.pk}/dataTypes/{source_type.model_id}/{source_type.pk}"


def test_copy_a_type(user_client, target, source):
    fuel = item(source, m.DataType, "fuel")
    make_data_type(target, "first")
    response = user_client.post(copy_type_url(target, fuel))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["label"] == "fuel" and body["model"] == str(target.pk)
    assert [v["key"] for v in body["enumerationValues"]] == ["P", "D"]
    assert m.DataType.objects.get(pk=body["id"]).index == 1
    assert response["Location"].endswith(f"/api/dataModels/{target.pk}/dataTypes/{body['id']}")
    assert user_client.post(copy_type_url(target, fuel)).status_code == 422
    assert m.DataType.objects.filter(model=target, label="fuel").count() == 1


def test_reference_types_cannot_be_copied(user_client, target, source):
    reference = item(source, m.DataType, "Reference to Engine")
    response = user_client.post(copy_type_url(target, reference))
    assert response.status_code == 400
    assert response.json()["message"] == "Copying of ReferenceType DataTypes is not possible"
    assert not m.DataType.objects.filter(model=target).exists()


def test_copy_a_type_refusals(user_client, target, source, other_user, client):
    string = item(source, m.DataType, "string")
    assert client.post(copy_type_url(target, string)).status_code == 401
    hidden = make_data_type(make_data_model("Hidden", user=other_user), "secret")
    assert user_client.post(copy_type_url(target, hidden)).status_code == 404
    response = user_client.post(f"/api/dataModels/{target.pk}/dataTypes/{source.pk}/{uuid.uuid4()}")
    assert (response.status_code, response.json()["resource"]) == (404, "DataType")
    m.CatalogueModel.objects.filter(pk=target.pk).update(deleted=True)
    assert user_client.post(copy_type_url(target, string)).status_code == 403
    assert not m.DataType.objects.filter(model=target).exists()


def test_copy_an_element_with_a_reference_type_brings_the_class_path(user_client, target, source):
    holder = make_data_class(target, "Holder")
    make_data_class(target, "Vehicle")  # the path's first class exists already and is reused
    reference = item(source, m.DataElement, "engine")
    response = user_client.post(copy_element_url(target, holder, reference))
    assert response.status_code == 201, response.content
    referenced = response.json()["dataType"]["referenceClass"]
    assert referenced["path"] == "dm:Target$main|dc:Vehicle|dc:Engine"
    engine = m.DataClass.objects.get(pk=referenced["id"])
    assert engine.model_id == target.pk and engine.index == 0
    assert m.DataClass.objects.filter(model=target).count() == 3
