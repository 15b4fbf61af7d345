"""Provider lists and importer parameters (contract §5.9): who may see them and what they say."""

import pytest

from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

EXPORTER = {
    "name": "DataModelJsonExporterService",
    "version": "3.2",
    "displayName": "JSON DataModel Exporter",
    "namespace": "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter",
    "allowsExtraMetadataKeys": True,
    "knownMetadataKeys": [],
    "providerType": "DataModelExporter",
    "fileExtension": "json",
    "contentType": "application/mauro.datamodel+json",
    "canExportMultipleDomains": True,
}
IMPORTER = {
    "name": "DataModelJsonImporterService",
    "version": "3.2",
    "displayName": "JSON DataModel Importer",
    "namespace": "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer",
    "allowsExtraMetadataKeys": True,
    "knownMetadataKeys": [],
    "providerType": "DataModelImporter",
    "paramClassType": "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer.parameter."
                      "DataModelFileImporterProviderServiceParameters",
    "canImportMultipleDomains": True,
}
PARAMETERS = "/api/importer/parameters/uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer/" \
             "DataModelJsonImporterService/3.2"


def test_data_model_exporters_are_public(client):
    response = client.get("/api/dataModels/providers/exporters")
    assert response.status_code == 200
    assert response.json() == [EXPORTER]


def test_data_model_importers_need_a_login(client, user_client):
    assert client.get("/api/dataModels/providers/importers").status_code == 401
    response = user_client.get("/api/dataModels/providers/importers")
    assert response.status_code == 200
    assert response.json() == [IMPORTER]


def test_unknown_provider_kind_or_model_kind_is_not_a_route(user_client):
    assert user_client.get("/api/dataModels/providers/dataLoaders").status_code == 404
    assert user_client.get("/api/things/providers/importers").status_code == 404


def test_provider_lists_refuse_other_methods_with_404_and_allow(user_client):
    response = user_client.post("/api/dataModels/providers/exporters", {}, format="json")
    assert response.status_code == 404
    assert "GET" in response["Allow"]


def test_admin_provider_lists_are_for_administrators(client, user_client, admin_client):
    for kind in ("importers", "exporters", "dataLoaders", "emailers"):
        assert client.get(f"/api/admin/providers/{kind}").status_code == 401
        response = user_client.get(f"/api/admin/providers/{kind}")
        assert response.status_code == 403
        assert response.json()["message"] == "User must be an application administrator"
    assert admin_client.get("/api/admin/providers/importers").json() == [IMPORTER]
    assert admin_client.get("/api/admin/providers/exporters").json() == [EXPORTER]
    assert admin_client.get("/api/admin/providers/dataLoaders").json() == []
    assert admin_client.get("/api/admin/providers/emailers").json() == []


def test_importer_parameters_describe_the_form(client, user_client):
    assert client.get(PARAMETERS).status_code == 401
    response = user_client.get(PARAMETERS)
    assert response.status_code == 200
    body = response.json()
    assert body["importer"] == IMPORTER
    groups = {g["name"]: {p["name"]: p for p in g["parameters"]} for g in body["parameterGroups"]}
    assert [g["name"] for g in body["parameterGroups"]] == ["Source", "Model", "Model Branching", "Model Information"]
    assert groups["Source"]["importFile"]["type"] == "File"
    assert groups["Source"]["importFile"]["optional"] is False
    assert groups["Model"]["folderId"] == {**groups["Model"]["folderId"], "type": "Folder", "optional": False}
    assert groups["Model"]["modelName"]["optional"] is True
    for name in ("finalised", "importAsNewDocumentationVersion", "importAsNewBranchModelVersion"):
        assert groups["Model"][name]["type"] == "Boolean"
    assert groups["Model Branching"]["newBranchName"]["type"] == "String"
    for parameter in (p for g in body["parameterGroups"] for p in g["parameters"]):
        assert set(parameter) == {"name", "type", "optional", "displayName", "description"}
        assert parameter["displayName"] and parameter["description"]


@pytest.mark.parametrize("tail", [
    "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer/DataModelJsonImporterService/9.9",
    "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer/NoSuchImporter/3.2",
    "some.other.namespace/DataModelJsonImporterService/3.2",
    "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter/DataModelJsonExporterService/3.2",
])
def test_unknown_importer_parameters_are_404(tail):
    api = logged_in_client(make_user("someone@example.com"))
    response = api.get(f"/api/importer/parameters/{tail}")
    assert response.status_code == 404
    assert response.json()["resource"] == "ImporterProviderService"
