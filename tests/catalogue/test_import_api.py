"""`POST /api/dataModels/import/...`: what a user sees for good files, bad files, bad requests and missing rights.

Also home of `mauro_document`, the builder of Mauro JSON export documents the other import/export
tests use.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue import models as m
from tests.catalogue.factories import make_folder
from tests.conftest import MAURO_EXPORTS, logged_in_client, make_user

pytestmark = pytest.mark.django_db

FIXTURES = MAURO_EXPORTS
IMPORTER = "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer/DataModelJsonImporterService/3.2"
IMPORT_URL = f"/api/dataModels/import/{IMPORTER}"
EXPORTER = "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter/DataModelJsonExporterService/3.2"

#: Every table an import may write to: a refused import leaves each of them as it was.
TOUCHED_TABLES = (m.CatalogueModel, m.DataClass, m.DataElement, m.DataType, m.EnumerationValue, m.Metadata,
                  m.Annotation, m.Rule, m.RuleRepresentation, m.ClassifierLink, m.Classifier, m.Authority, m.Edit,
                  m.VersionLink)


def fixture_bytes(name):
    return (FIXTURES / f"{name}.json").read_bytes()


def table_counts():
    return {table.__name__: table.objects.count() for table in TOUCHED_TABLES}


def mauro_document(label="Generated model", *, classes=2, elements_per_class=3, enumerations=1, values_per_enum=3,
                   primitives=2, metadata_per_element=1, nested=True, multiple=False, extra_models=()):
    """A Mauro JSON export document of one (or several) generated data models, shaped like Mauro writes them."""

    def model(label):
        types = [{"id": "x", "label": f"primitive {n}", "index": n, "domainType": "PrimitiveType"}
                 for n in range(primitives)]
        types += [{"id": "x", "label": f"enum {n}", "index": primitives + n, "domainType": "EnumerationType",
                   "enumerationValues": [{"id": "x", "index": v, "key": f"K{v}", "value": f"Value {v}"}
                                         for v in range(values_per_enum)]}
                  for n in range(enumerations)]

        def elements(prefix):
            return [{"id": "x", "label": f"{prefix} element {e}", "index": e,
                     "dataType": types[e % len(types)], "minMultiplicity": 0, "maxMultiplicity": 1,
                     "metadata": [{"namespace": "test.gen", "key": f"k{k}", "value": f"v{k}"}
                                  for k in range(metadata_per_element)]}
                    for e in range(elements_per_class)]

        roots = []
        for c in range(classes):
            node = {"id": "x", "label": f"class {c}", "index": c, "dataElements": elements(f"c{c}")}
            if nested:
                node["dataClasses"] = [{"id": "x", "label": f"child of {c}", "index": 0,
                                        "dataElements": elements(f"c{c}child")}]
            roots.append(node)
        return {"id": "x", "label": label, "type": "Data Standard", "documentationVersion": "1.0.0",
                "finalised": False, "authority": {"id": "x", "url": "http://localhost", "label": "Test Authority"},
                "dataTypes": types, "childDataClasses": roots}

    exporter = {"namespace": "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter",
                "name": "DataModelJsonExporterService", "version": "3.2"}
    metadata = {"exportedBy": "Test", "exportedOn": "2026-01-01T00:00:00.000Z", "exporter": exporter}
    if multiple or extra_models:
        return {"dataModels": [model(label), *[model(x) for x in extra_models]], "exportMetadata": metadata}
    return {"dataModel": model(label), "exportMetadata": metadata}


def import_body(folder, content, **params):
    if isinstance(content, dict):
        content = json.dumps(content).encode()
    return {"folderId": str(folder.pk), "finalised": False, "importAsNewDocumentationVersion": False,
            "importFile": {"fileName": "upload.json", "fileType": "application/json",
                           "fileContents": list(content)}, **params}


def post_import(api, folder, content, **params):
    return api.post(IMPORT_URL, import_body(folder, content, **params), format="json")


@pytest.fixture
def folder(user):
    return make_folder("Imports", user=user)


# --- success ---------------------------------------------------------------------------------------------

def test_import_answers_201_with_the_models_in_index_shape(user_client, folder, user):
    response = post_import(user_client, folder, fixture_bytes("complexDataModel"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    model = m.DataModel.objects.get(pk=item["id"])
    # The importer may read the classifiers it created, so the index shape lists them.
    assert [c["label"] for c in item.pop("classifiers")] == ["test classifier", "test classifier2"]
    assert item == {"id": str(model.pk), "domainType": "DataModel", "label": "Complex Test DataModel",
                    "path": "dm:Complex Test DataModel$main", "type": "Data Standard", "branchName": "main",
                    "documentationVersion": "1.0.0", "author": "admin person", "organisation": "brc"}
    assert model.folder == folder
    assert model.created_by == user.email_address
    assert not model.finalised
    assert m.DataClass.objects.filter(model=model).count() == 4
    assert m.DataElement.objects.filter(model=model).count() == 3
    assert m.EnumerationValue.objects.filter(model=model).count() == 3
    reference = m.DataType.objects.get(model=model, kind=m.DataTypeKind.REFERENCE)
    assert reference.reference_class.label == "child"
    assert reference.reference_class.parent_data_class.label == "parent"
    assert m.Edit.objects.filter(resource_id=model.pk, title="CREATE").count() == 1


def test_ids_in_the_file_are_not_trusted(user_client, folder):
    first = post_import(user_client, folder, fixture_bytes("simpleDataModel"))
    assert first.status_code == 201
    document = json.loads(fixture_bytes("simpleDataModel"))
    stored = m.DataModel.objects.get(pk=first.json()["items"][0]["id"])
    document["dataModel"]["id"] = str(stored.pk)
    document["dataModel"]["childDataClasses"][0]["id"] = str(m.DataClass.objects.get(model=stored).pk)
    second = post_import(user_client, folder, document, modelName="Copy with stolen ids")
    assert second.status_code == 201, second.json()
    assert second.json()["items"][0]["id"] != str(stored.pk)
    assert m.DataClass.objects.filter(label="simple").count() == 2
    assert m.DataModel.objects.get(pk=stored.pk).label == "Simple Test DataModel"


def test_multi_model_file_imports_every_model(user_client, folder):
    response = post_import(user_client, folder, fixture_bytes("simpleAndComplexDataModels"))
    assert response.status_code == 201
    assert response.json()["count"] == 2
    assert [x["label"] for x in response.json()["items"]] == ["Simple Test DataModel", "Complex Test DataModel"]
    assert folder.models.count() == 2


def test_multipart_upload_is_accepted(user_client, folder):
    upload = SimpleUploadedFile("simple.json", fixture_bytes("simpleDataModel"), content_type="application/json")
    response = user_client.post(IMPORT_URL, {"folderId": str(folder.pk), "finalised": "false",
                                             "importAsNewDocumentationVersion": "false", "importFile": upload},
                                format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["items"][0]["label"] == "Simple Test DataModel"


def test_file_bytes_may_be_signed_as_java_sends_them(user_client, folder):
    document = mauro_document("Modèle données ✓")
    raw = json.dumps(document, ensure_ascii=False).encode("utf-8")
    signed = [b - 256 if b > 127 else b for b in raw]
    body = import_body(folder, raw)
    body["importFile"]["fileContents"] = signed
    response = user_client.post(IMPORT_URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["items"][0]["label"] == "Modèle données ✓"


def test_model_name_and_information_parameters_replace_the_files_values(user_client, folder):
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"), modelName="Renamed",
                           author="An Author", organisation="An Org", description="Described")
    assert response.status_code == 201, response.json()
    model = m.DataModel.objects.get(pk=response.json()["items"][0]["id"])
    assert (model.label, model.author, model.organisation, model.description) == (
        "Renamed", "An Author", "An Org", "Described")


def test_model_name_is_ignored_for_several_models(user_client, folder):
    response = post_import(user_client, folder, fixture_bytes("simpleAndComplexDataModels"), modelName="Ignored")
    assert response.status_code == 201
    assert sorted(x["label"] for x in response.json()["items"]) == ["Complex Test DataModel",
                                                                   "Simple Test DataModel"]


def test_classifiers_are_found_or_made_and_attached(user_client, folder, user):
    existing = m.Classifier.objects.create(label="test classifier", created_by="someone@example.com",
                                           readable_by_authenticated_users=True)
    response = post_import(user_client, folder, fixture_bytes("complexDataModel"))
    assert response.status_code == 201
    model_id = response.json()["items"][0]["id"]
    links = m.ClassifierLink.objects.filter(catalogue_item_id=model_id).select_related("classifier")
    assert {link.classifier.label for link in links} == {"test classifier", "test classifier2"}
    assert m.Classifier.objects.filter(label="test classifier").get() == existing
    assert m.Classifier.objects.get(label="test classifier2").created_by == user.email_address


def test_the_files_authority_is_kept(user_client, folder):
    response = post_import(user_client, folder, fixture_bytes("simpleFinalised"))
    assert response.status_code == 201, response.json()
    model = m.DataModel.objects.select_related("authority").get(pk=response.json()["items"][0]["id"])
    assert (model.authority.label, model.authority.url) == ("Another Test Authority", "http://localhost/other")
    again = post_import(user_client, folder, fixture_bytes("simpleFinalised"), modelName="Again")
    assert again.status_code == 201
    assert m.Authority.objects.filter(label="Another Test Authority").count() == 1


def test_element_types_defined_only_inline_are_added_to_the_model(user_client, folder):
    document = mauro_document(primitives=1, enumerations=0)
    document["dataModel"]["dataTypes"] = []
    response = post_import(user_client, folder, document)
    assert response.status_code == 201, response.json()
    model_id = response.json()["items"][0]["id"]
    assert list(m.DataType.objects.filter(model_id=model_id).values_list("label", flat=True)) == ["primitive 0"]
    assert m.DataElement.objects.filter(model_id=model_id, data_type__label="primitive 0").count() == 12


def test_files_without_indexes_keep_their_order(user_client, folder):
    document = mauro_document(classes=3, nested=False)
    for node in document["dataModel"]["childDataClasses"]:
        del node["index"]
    document["dataModel"]["childDataClasses"].reverse()
    response = post_import(user_client, folder, document)
    model_id = response.json()["items"][0]["id"]
    ordered = m.DataClass.objects.filter(model_id=model_id).order_by("index")
    assert [c.label for c in ordered] == ["class 2", "class 1", "class 0"]


def test_a_model_with_an_existing_label_on_the_same_branch_is_refused(user_client, folder):
    assert post_import(user_client, folder, fixture_bytes("simpleDataModel")).status_code == 201
    before = table_counts()
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"message": "Property [label] of class [DataModel] with value "
                                                     "[Simple Test DataModel] is not available", "path": "dataModel",
                                          "field": "label"}]
    assert table_counts() == before


def test_two_models_of_one_file_with_the_same_label_are_refused(user_client, folder):
    document = mauro_document("Twin", extra_models=["Twin"])
    response = post_import(user_client, folder, document)
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "dataModels[1]"
    assert not m.DataModel.objects.filter(label="Twin").exists()


# --- invalid files: 422 with every problem, nothing stored -------------------------------------------------

def test_invalid_data_model_fixture_is_refused_with_422_and_nothing_is_stored(user_client, folder):
    before = table_counts()
    response = post_import(user_client, folder, fixture_bytes("invalidDataModel"))
    assert response.status_code == 422
    body = response.json()
    assert body["errorCode"] == "IMPC01"
    assert body["total"] == 2
    assert body["errors"] == [
        {"message": "Property [label] of class [DataModel] cannot be null", "path": "dataModel", "field": "label"},
        {"message": "Property [type] of class [DataModel] cannot be null", "path": "dataModel", "field": "type"},
    ]
    assert table_counts() == before


def test_a_file_whose_last_model_is_invalid_imports_nothing(user_client, folder):
    document = mauro_document("Good one", extra_models=["Good two", "Bad three"])
    document["dataModels"][2]["childDataClasses"][1]["dataElements"][2]["label"] = "bad|label"
    before = table_counts()
    response = post_import(user_client, folder, document)
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "dataModels[2].childDataClasses[1].dataElements[2]"
    assert table_counts() == before


def test_every_problem_is_listed_with_the_path_of_its_item(user_client, folder):
    document = mauro_document(classes=2, elements_per_class=2, enumerations=1, primitives=1)
    model = document["dataModel"]
    model["label"] = ""
    model["type"] = "Not a type"
    model["dataTypes"][1]["enumerationValues"][1]["key"] = "K0"
    model["childDataClasses"][0]["dataElements"][1]["dataType"] = None
    model["childDataClasses"][1]["dataClasses"][0]["label"] = "a$b"
    model["childDataClasses"][1]["dataElements"][0]["metadata"][0]["namespace"] = ""
    model["childDataClasses"][1]["minMultiplicity"] = "one"
    model["dataTypes"].append({"label": "ref", "domainType": "ReferenceType",
                               "referenceClass": {"label": "nowhere", "dataClassPath": "class 0|nowhere"}})
    model["dataTypes"].append({"label": "odd", "domainType": "WeirdType"})
    response = post_import(user_client, folder, document)
    assert response.status_code == 422
    body = response.json()
    found = {(e["path"], e.get("field")) for e in body["errors"]}
    assert found == {
        ("dataModel", "label"),
        ("dataModel", "type"),
        ("dataModel.dataTypes[1].enumerationValues[1]", "key"),
        ("dataModel.childDataClasses[0].dataElements[1]", "dataType"),
        ("dataModel.childDataClasses[1].dataClasses[0]", "label"),
        ("dataModel.childDataClasses[1].dataElements[0].metadata[0]", "namespace"),
        ("dataModel.childDataClasses[1]", "minMultiplicity"),
        ("dataModel.dataTypes[2].referenceClass", "dataClassPath"),
        ("dataModel.dataTypes[3]", "domainType"),
    }
    assert body["total"] == 9
    assert body["message"] == "The imported model has 9 errors"
    assert not m.DataModel.objects.exists()


def test_values_too_long_or_with_nul_characters_are_422_not_500(user_client, folder):
    document = mauro_document()
    document["dataModel"]["author"] = "x" * 300
    document["dataModel"]["childDataClasses"][0]["description"] = "nul \x00 inside"
    document["dataModel"]["dataTypes"][0]["units"] = "u" * 256
    response = post_import(user_client, folder, document)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"author", "description", "units"}


def test_wrongly_shaped_parts_are_422(user_client, folder):
    document = mauro_document()
    document["dataModel"]["childDataClasses"] = {"not": "a list"}
    document["dataModel"]["metadata"] = ["not an object"]
    response = post_import(user_client, folder, document)
    assert response.status_code == 422
    assert {e["path"] for e in response.json()["errors"]} == {"dataModel", "dataModel.metadata[0]"}
    response = post_import(user_client, folder, {"dataModels": "nope"})
    assert response.status_code == 422
    response = post_import(user_client, folder, {"dataModel": ["nope"]})
    assert response.status_code == 422


def test_bad_parameters_are_listed_too(user_client, folder):
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"), modelName="bad|name",
                           author="a" * 300)
    assert response.status_code == 422
    assert {e["path"] for e in response.json()["errors"]} == {"modelName", "author"}


# --- unusable files and requests: 400 --------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"this is not json", b"{\"dataModel\": {\"label\": ", b"[1, 2, 3]", b"\xff\xfe"])
def test_a_file_that_is_not_a_json_object_is_400(user_client, folder, content):
    before = table_counts()
    response = post_import(user_client, folder, content)
    assert response.status_code == 400
    assert table_counts() == before


def test_an_empty_file_is_400(user_client, folder):
    response = post_import(user_client, folder, b"   ")
    assert response.status_code == 400
    assert response.json()["message"] == "Cannot import empty file"


def test_a_file_without_data_models_is_400(user_client, folder):
    response = post_import(user_client, folder, fixture_bytes("complexTerminology"))
    assert response.status_code == 400
    assert response.json()["message"] == "Cannot import JSON as dataModel(s) is not present"
    assert post_import(user_client, folder, {"dataModels": []}).status_code == 400


def test_missing_folder_or_file_is_400(user_client, folder):
    body = import_body(folder, fixture_bytes("simpleDataModel"))
    without_folder = {k: v for k, v in body.items() if k != "folderId"}
    assert user_client.post(IMPORT_URL, without_folder, format="json").status_code == 400
    without_file = {k: v for k, v in body.items() if k != "importFile"}
    response = user_client.post(IMPORT_URL, without_file, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "Parameter [importFile] is required"


def test_file_contents_that_are_not_bytes_are_422(user_client, folder):
    body = import_body(folder, fixture_bytes("simpleDataModel"))
    body["importFile"]["fileContents"] = ["a", "b"]
    response = user_client.post(IMPORT_URL, body, format="json")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["importFile"]
    assert not m.DataModel.objects.exists()


def test_malformed_body_is_400(user_client, folder):
    response = user_client.post(IMPORT_URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert user_client.post(IMPORT_URL, [1, 2], format="json").status_code == 400


# --- folder, rights and providers ------------------------------------------------------------------------

def test_anonymous_import_is_401(client, folder):
    response = post_import(client, folder, fixture_bytes("simpleDataModel"))
    assert response.status_code == 401


def test_unknown_or_unreadable_folder_is_404(user_client, other_user, folder):
    hidden = make_folder("Hidden", user=other_user)
    for folder_id in (str(hidden.pk), "not-a-uuid", "6f1b1c39-0000-4000-8000-000000000000"):
        body = import_body(folder, fixture_bytes("simpleDataModel"))
        body["folderId"] = folder_id
        response = user_client.post(IMPORT_URL, body, format="json")
        assert response.status_code == 404
        assert response.json()["resource"] == "Folder"
    assert not m.DataModel.objects.exists()


def test_readable_folder_without_write_right_is_403(user_client, other_user):
    public = make_folder("Public", user=other_user, readable_by_everyone=True)
    before = table_counts()
    response = post_import(user_client, public, fixture_bytes("simpleDataModel"))
    assert response.status_code == 403
    assert table_counts() == before


def test_administrator_may_import_into_any_folder(admin_client, other_user):
    theirs = make_folder("Theirs", user=other_user)
    assert post_import(admin_client, theirs, fixture_bytes("simpleDataModel")).status_code == 201


@pytest.mark.parametrize("importer", [
    "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer/DataModelJsonImporterService/2.0",
    "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.importer/DataModelXmlImporterService/3.2",
    "uk.ac.ox.softeng.maurodatamapper.terminology.provider.importer/DataModelJsonImporterService/3.2",
])
def test_unknown_importer_is_404(user_client, folder, importer):
    response = user_client.post(f"/api/dataModels/import/{importer}",
                                import_body(folder, fixture_bytes("simpleDataModel")), format="json")
    assert response.status_code == 404
    assert response.json()["resource"] == "ImporterProviderService"


def test_upload_over_the_configured_limit_is_413(settings, user_client, folder):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    content = fixture_bytes("complexDataModel")
    assert len(content) > 1000
    before = table_counts()
    response = post_import(user_client, folder, content)
    assert response.status_code == 413
    assert response.json()["status"] == 413
    upload = SimpleUploadedFile("big.json", content, content_type="application/json")
    response = user_client.post(IMPORT_URL, {"folderId": str(folder.pk), "importFile": upload}, format="multipart")
    assert response.status_code == 413
    assert table_counts() == before
    assert post_import(user_client, folder, fixture_bytes("incSingleEnumerationType")[:1]).status_code == 400


def test_other_methods_on_the_import_route_are_404(user_client):
    response = user_client.get(IMPORT_URL)
    assert response.status_code == 404
    assert "POST" in response["Allow"]


def test_models_imported_into_a_public_folder_are_readable_by_others(folder, user_client):
    folder.readable_by_everyone = True
    folder.save()
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"))
    model_id = response.json()["items"][0]["id"]
    stranger = logged_in_client(make_user("stranger@example.com"))
    assert stranger.get(f"/api/dataModels/{model_id}/export/{EXPORTER}").status_code == 200


def test_a_body_nested_too_deeply_is_400_not_500(user_client):
    body = '{"folderId": ' + "[" * 50000 + "]" * 50000 + "}"
    assert user_client.post(IMPORT_URL, body, content_type="application/json").status_code == 400
    response = user_client.post(f"/api/dataModels/export/{EXPORTER}", body, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("version", ["2.0", "3.0", "3.1"])
def test_older_format_versions_without_indexes_import(user_client, folder, version):
    document = mauro_document(f"Format {version}", enumerations=1, primitives=2, classes=2)
    document["exportMetadata"]["exporter"]["version"] = version
    model = document["dataModel"]
    for data_type in model["dataTypes"]:
        del data_type["index"]
        for value in data_type.get("enumerationValues", []):
            del value["index"]
    response = post_import(user_client, folder, document)
    assert response.status_code == 201, response.json()
    stored = m.DataType.objects.filter(model_id=response.json()["items"][0]["id"]).order_by("index")
    assert [t.label for t in stored] == ["primitive 0", "primitive 1", "enum 0"]
    values = m.EnumerationValue.objects.filter(data_type__label="enum 0").order_by("index")
    assert [v.key for v in values] == ["K0", "K1", "K2"]


def test_terminology_and_code_set_files_are_not_data_models(user_client, folder):
    for name in ("complexTerminology", "complexCodeSet"):
        response = post_import(user_client, folder, fixture_bytes(name))
        assert response.status_code == 400
    assert not m.CatalogueModel.objects.exists()


def test_a_bad_type_shared_by_many_elements_is_reported_once(user_client, folder):
    document = mauro_document(classes=3, elements_per_class=4, primitives=1, enumerations=0)
    document["dataModel"]["dataTypes"][0]["label"] = "bad|type"
    response = post_import(user_client, folder, json.dumps(document).encode())
    assert response.status_code == 422
    assert response.json()["total"] == 1
    assert response.json()["errors"][0]["path"] == "dataModel.dataTypes[0]"
