"""Export endpoints: the document, who may export what, bad requests, and a query count that does not grow."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from catalogue.services.exporting import export_document
from catalogue.services.importing import import_data_models
from tests.catalogue.factories import make_data_model, make_folder, populate_model
from tests.catalogue.test_import_api import EXPORTER, mauro_document

pytestmark = pytest.mark.django_db

EXPORT_MANY = f"/api/dataModels/export/{EXPORTER}"


def export_url(model_id, exporter=EXPORTER):
    return f"/api/dataModels/{model_id}/export/{exporter}"


@pytest.fixture
def model(user):
    folder = make_folder("Exports", user=user)
    [model] = import_data_models(content=mauro_document("Exported", classes=2, elements_per_class=3),
                                 folder=folder, user=user).models
    return model


def test_export_of_one_model_is_a_json_file(user_client, model):
    response = user_client.get(export_url(model.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/mauro.datamodel+json"
    assert response["Content-Disposition"] == 'attachment; filename="Exported.json"'
    document = json.loads(response.content)
    assert set(document) == {"dataModel", "exportMetadata"}
    exported = document["dataModel"]
    assert list(exported)[:3] == ["id", "label", "lastUpdated"]
    assert exported["id"] == str(model.pk)
    assert [c["label"] for c in exported["childDataClasses"]] == ["class 0", "class 1"]
    element = exported["childDataClasses"][0]["dataElements"][1]
    assert list(element) == ["id", "label", "lastUpdated", "metadata", "index", "dataType", "maxMultiplicity",
                             "minMultiplicity"]
    enum = next(t for t in exported["dataTypes"] if t["domainType"] == "EnumerationType")
    assert [v["key"] for v in enum["enumerationValues"]] == ["K0", "K1", "K2"]
    metadata = document["exportMetadata"]
    assert metadata["exportedBy"] == "Test Reader"
    assert metadata["exportedOn"].endswith("Z")


def test_export_of_several_models_is_a_list(user, user_client, model):
    other = make_data_model("Second", user=user, folder=model.folder)
    response = user_client.post(EXPORT_MANY, {"dataModelIds": [str(other.pk), str(model.pk)]}, format="json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dataModels.json"'
    document = json.loads(response.content)
    assert [x["label"] for x in document["dataModels"]] == ["Second", "Exported"]
    assert "childDataClasses" not in document["dataModels"][0]


def test_models_of_the_demo_factories_export_too(user, user_client):
    model = populate_model(make_data_model("Populated", user=user))
    response = user_client.get(export_url(model.pk))
    assert response.status_code == 200
    document = json.loads(response.content)["dataModel"]
    assert document["authority"]["label"] == m.Authority.default().label
    nested = document["childDataClasses"][0]["dataClasses"][0]
    assert nested["label"] == "nested" and len(nested["dataElements"]) == 5


def test_hidden_or_unknown_models_are_404(client, other_user, user_client, model):
    assert client.get(export_url(model.pk)).status_code == 404
    theirs = make_data_model("Theirs", user=other_user)
    for target in (theirs.pk, "not-a-uuid", "6f1b1c39-0000-4000-8000-000000000000"):
        response = user_client.get(export_url(target))
        assert response.status_code == 404
        assert response.json()["resource"] == "DataModel"
    response = user_client.post(EXPORT_MANY, {"dataModelIds": [str(model.pk), str(theirs.pk)]}, format="json")
    assert response.status_code == 404
    assert response.json()["id"] == str(theirs.pk)


def test_anyone_may_export_a_public_model(client, model):
    model.readable_by_everyone = True
    model.save()
    response = client.get(export_url(model.pk))
    assert response.status_code == 200
    assert json.loads(response.content)["exportMetadata"]["exportedBy"] == "Anonymous User"
    assert client.post(EXPORT_MANY, {"dataModelIds": [str(model.pk)]}, format="json").status_code == 200


@pytest.mark.parametrize("exporter", [
    "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter/DataModelJsonExporterService/3.1",
    "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter/DataModelXmlExporterService/3.2",
    "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer/DataModelJsonImporterService/3.2",
])
def test_unknown_exporter_is_404(user_client, model, exporter):
    response = user_client.get(export_url(model.pk, exporter))
    assert response.status_code == 404
    assert response.json()["resource"] == "ExporterProviderService"
    response = user_client.post(f"/api/dataModels/export/{exporter}", {"dataModelIds": [str(model.pk)]},
                                format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("body", [{}, {"dataModelIds": None}, [1]])
def test_export_of_several_without_a_list_of_ids_is_400(user_client, body):
    assert user_client.post(EXPORT_MANY, body, format="json").status_code == 400


@pytest.mark.parametrize("ids", [[], "x", {"id": "x"}])
def test_export_of_several_with_ids_that_are_not_a_non_empty_list_is_422(user_client, ids):
    response = user_client.post(EXPORT_MANY, {"dataModelIds": ids}, format="json")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["dataModelIds"]


def test_export_of_several_with_a_bad_id_is_404(user_client, model):
    response = user_client.post(EXPORT_MANY, {"dataModelIds": [str(model.pk), "nope", 5]}, format="json")
    assert response.status_code == 404


def test_other_methods_on_export_routes_are_404(user_client, model):
    assert user_client.post(export_url(model.pk), {}, format="json").status_code == 404
    assert user_client.get(EXPORT_MANY).status_code == 404


def _export_queries(user, label, **size):
    [model] = import_data_models(content=mauro_document(label, **size), folder=make_folder(label, user=user),
                                 user=user).models
    model = m.DataModel.objects.select_related("authority").get(pk=model.pk)
    with CaptureQueriesContext(connection) as queries:
        document = export_document(models=[model], user=user)
    return len(queries), document


def test_export_query_count_does_not_grow_with_the_model(user):
    small, _ = _export_queries(user, "Small", classes=1, elements_per_class=1)
    large, document = _export_queries(user, "Large", classes=20, elements_per_class=25, enumerations=5,
                                      values_per_enum=10, metadata_per_element=3)
    assert sum(len(c["dataElements"]) + len(c["dataClasses"][0]["dataElements"])
               for c in document["dataModel"]["childDataClasses"]) == 1000
    assert small == large


def test_export_endpoint_query_count_does_not_grow(user, user_client):
    counts = []
    for label, size in (("Tiny", 1), ("Bigger", 30)):
        [model] = import_data_models(content=mauro_document(label, classes=size, elements_per_class=size),
                                     folder=make_folder(label, user=user), user=user).models
        with CaptureQueriesContext(connection) as queries:
            assert user_client.get(export_url(model.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_export_file_writes_each_type_once_and_splices_it_into_every_element(user, model):
    from catalogue.services.exporting import export_bytes

    model = m.DataModel.objects.select_related("authority").get(pk=model.pk)
    from_file = json.loads(export_bytes(models=[model], user=user))
    assert from_file["dataModel"] == export_document(models=[model], user=user)["dataModel"]
    elements = [e for c in from_file["dataModel"]["childDataClasses"] for e in c["dataElements"]]
    types = {t["label"]: t for t in from_file["dataModel"]["dataTypes"]}
    assert all(e["dataType"] == types[e["dataType"]["label"]] for e in elements)
    assert b"\\u0000" not in export_bytes(models=[model], user=user)


def test_file_names_with_other_characters_are_sent_safely(user, user_client):
    model = make_data_model("Modèle \"données\" ✓/1", user=user)
    response = user_client.get(export_url(model.pk))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''Mod%C3%A8le%20_donn%C3%A9es_%20__1.json")
