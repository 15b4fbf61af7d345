"""The import form under the contract's input rule: a missing folder or file is a 400, a value of the wrong JSON
type or a blank folder a 422 naming the parameter, and nothing is stored after any of them. A multipart form's
values are text, so there "true"/"false" are booleans; in JSON they are not."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue import models as m
from tests.catalogue.factories import make_folder
from tests.catalogue.test_import_api import IMPORT_URL, fixture_bytes, import_body, post_import, table_counts

pytestmark = pytest.mark.django_db

PARAMETERS = "DataModelFileImporterProviderServiceParameters"


@pytest.fixture
def folder(user):
    return make_folder("Imports", user=user)


def upload():
    return SimpleUploadedFile("simple.json", fixture_bytes("simpleDataModel"), content_type="application/json")


@pytest.mark.parametrize("name,value,message", [
    ("finalised", "yes", "must be true or false"),
    ("finalised", "true", "must be true or false"),
    ("importAsNewDocumentationVersion", 1, "must be true or false"),
    ("importAsNewBranchModelVersion", [], "must be true or false"),
    ("modelName", 5, "must be a string"),
    ("newBranchName", {"name": "x"}, "must be a string"),
    ("author", True, "must be a string"),
    ("folderId", 5, "must be a string"),
    ("folderId", "  ", "cannot be blank"),
    ("importFile", 5, "must be a file or an object with fileContents"),
    ("importFile", {"fileContents": 5}, "fileContents must be a list of bytes"),
])
def test_a_wrong_json_type_or_blank_is_422_naming_the_parameter(user_client, folder, name, value, message):
    before = table_counts()
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"), **{name: value})
    assert response.status_code == 422, response.json()
    assert response.json()["errors"] == [{"message": f"Property [{name}] of class [{PARAMETERS}] {message}",
                                          "field": name}]
    assert table_counts() == before


def test_every_wrong_parameter_is_listed(user_client, folder):
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"), finalised="no", modelName=7)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"finalised", "modelName"}
    assert response.json()["total"] == 2


@pytest.mark.parametrize("missing", ["folderId", "importFile"])
def test_a_missing_folder_or_file_is_400_and_wins_over_a_422(user_client, folder, missing):
    body = import_body(folder, fixture_bytes("simpleDataModel"), finalised="yes")
    del body[missing]
    before = table_counts()
    response = user_client.post(IMPORT_URL, body, format="json")
    assert response.status_code == 400, response.json()
    assert missing in response.json()["message"]
    assert table_counts() == before


def test_null_folder_is_400_and_null_flags_or_texts_are_absent(user_client, folder):
    body = import_body(folder, fixture_bytes("simpleDataModel"))
    assert user_client.post(IMPORT_URL, {**body, "folderId": None}, format="json").status_code == 400
    response = post_import(user_client, folder, fixture_bytes("complexDataModel"), finalised=None, modelName=None,
                           author="")
    assert response.status_code == 201, response.json()
    model = m.DataModel.objects.get(pk=response.json()["items"][0]["id"])
    assert (model.label, model.finalised, model.author) == ("Complex Test DataModel", False, "admin person")


def test_unknown_parameters_are_ignored(user_client, folder):
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"), asynchronous=False, colour="red")
    assert response.status_code == 201, response.json()


def test_a_json_boolean_is_taken(user_client, folder):
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"), finalised=True)
    assert response.status_code == 201, response.json()
    assert m.DataModel.objects.get(pk=response.json()["items"][0]["id"]).finalised


@pytest.mark.parametrize("word,finalised", [("true", True), ("True", True), ("false", False), ("FALSE", False)])
def test_multipart_flags_are_the_words_true_and_false(user_client, folder, word, finalised):
    response = user_client.post(IMPORT_URL, {"folderId": str(folder.pk), "finalised": word, "importFile": upload()},
                                format="multipart")
    assert response.status_code == 201, response.json()
    assert m.DataModel.objects.get(pk=response.json()["items"][0]["id"]).finalised is finalised


@pytest.mark.parametrize("word", ["yes", "1", "perhaps"])
def test_other_multipart_words_are_422(user_client, folder, word):
    before = table_counts()
    response = user_client.post(IMPORT_URL, {"folderId": str(folder.pk), "finalised": word, "importFile": upload()},
                                format="multipart")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["finalised"]
    assert table_counts() == before


def test_multipart_empty_texts_are_absent_and_the_file_may_be_text(user_client, folder):
    response = user_client.post(IMPORT_URL, {"folderId": str(folder.pk), "modelName": "", "finalised": "",
                                             "importFile": fixture_bytes("simpleDataModel").decode()},
                                format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["items"][0]["label"] == "Simple Test DataModel"


def test_multipart_without_file_is_400(user_client, folder):
    response = user_client.post(IMPORT_URL, {"folderId": str(folder.pk)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["message"] == "Parameter [importFile] is required"


# --- precedence: 401 → 404 → 403 → 400/422 -----------------------------------------------------------------

def test_anonymous_is_401_whatever_the_body(client, folder):
    assert client.post(IMPORT_URL, {"finalised": "yes"}, format="json").status_code == 401
    assert client.post(IMPORT_URL, [1], format="json").status_code == 401


def test_an_unreadable_folder_is_404_before_a_bad_parameter(user_client, other_user):
    hidden = make_folder("Hidden", user=other_user)
    response = post_import(user_client, hidden, fixture_bytes("simpleDataModel"), finalised="yes")
    assert response.status_code == 404
    assert response.json()["resource"] == "Folder"


def test_a_read_only_folder_is_403_before_a_bad_parameter(user_client, other_user):
    public = make_folder("Public", user=other_user, readable_by_everyone=True)
    before = table_counts()
    response = post_import(user_client, public, fixture_bytes("simpleDataModel"), modelName=5)
    assert response.status_code == 403
    body = import_body(public, fixture_bytes("simpleDataModel"))
    del body["importFile"]
    assert user_client.post(IMPORT_URL, body, format="json").status_code == 403
    assert table_counts() == before


def test_a_json_body_with_file_text_imports(user_client, folder):
    body = import_body(folder, b"")
    body["importFile"] = json.dumps(json.loads(fixture_bytes("simpleDataModel")))
    response = user_client.post(IMPORT_URL, body, format="json")
    assert response.status_code == 201, response.json()
