"""Finding items by path: `/api/{type}/path/{path}`, `/api/{type}/{id}/path/{path}`, `/api/path/prefixMappings`."""

import uuid
from urllib.parse import quote

import pytest
from django.urls import resolve

from catalogue import models as m
from tests.catalogue.factories import (
    make_classifier,
    make_data_class,
    make_data_element,
    make_data_model,
    make_data_type,
    make_folder,
)
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


def get(client, url_start, path, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(f"{url_start}/path/{quote(path, safe=':$')}" + (f"?{query}" if query else ""))


@pytest.fixture
def tree(user):
    parent = make_folder("Parent Folder", user=user)
    child = make_folder("Child Folder", user=user, parent=parent)
    model = make_data_model("Hospital Model", folder=child, user=user)
    text = make_data_type(model, "short text")
    grade = make_data_type(model, "grade", kind=m.DataTypeKind.ENUMERATION, values=("A", "B"))
    patient = make_data_class(model, "Patient")
    address = make_data_class(model, "Home Address", parent=patient)
    element = make_data_element(address, "post code", data_type=text)
    return {"parent": parent, "child": child, "model": model, "text": text, "grade": grade, "patient": patient,
            "address": address, "element": element}


def test_prefix_mappings(client):
    response = client.get("/api/path/prefixMappings")
    assert response.status_code == 200
    body = response.json()
    for prefix, domain in {"fo": "Folder", "cl": "Classifier", "dm": "DataModel", "dc": "DataClass",
                           "de": "DataElement", "dt": "DataType", "ev": "EnumerationValue"}.items():
        assert body[prefix] == domain
    assert list(body) == sorted(body)


def test_model_from_root_class_returns_its_show(user_client, tree):
    model = tree["model"]
    response = get(user_client, "/api/dataModels", "dm:Hospital Model$main")
    assert response.status_code == 200, response.content
    assert response.json() == user_client.get(f"/api/dataModels/{model.pk}").json()
    assert get(user_client, "/api/dataModels", "dm:Hospital Model").json()["id"] == str(model.pk)


def test_nested_items_from_a_model(user_client, tree):
    model = tree["model"]
    base = "dm:Hospital Model$main"
    found = get(user_client, "/api/dataModels", f"{base}|dc:Patient|dc:Home Address|de:post code")
    assert found.status_code == 200, found.content
    element = tree["element"]
    show = user_client.get(f"/api/dataModels/{model.pk}/dataClasses/{tree['address'].pk}/dataElements/{element.pk}")
    assert found.json() == show.json()

    found = get(user_client, "/api/dataModels", f"{base}|dc:Patient|dc:Home Address").json()
    assert found["id"] == str(tree["address"].pk) and found["parentDataClass"] == str(tree["patient"].pk)
    found = get(user_client, "/api/dataModels", f"{base}|dt:short text").json()
    assert found["id"] == str(tree["text"].pk) and found["domainType"] == "PrimitiveType"
    found = get(user_client, "/api/dataModels", f"{base}|dt:grade|ev:B").json()
    assert found["key"] == "B" and found["value"] == "Value B"


def test_relative_and_absolute_paths_inside_a_resource(user_client, tree):
    model = tree["model"]
    start = f"/api/dataModels/{model.pk}"
    relative = get(user_client, start, "dc:Patient|dc:Home Address")
    absolute = get(user_client, start, "dm:Hospital Model$main|dc:Patient|dc:Home Address")
    assert relative.status_code == absolute.status_code == 200
    assert relative.json() == absolute.json()
    assert relative.json()["id"] == str(tree["address"].pk)
    folder = tree["parent"]
    found = get(user_client, f"/api/folders/{folder.pk}", "fo:Child Folder|dm:Hospital Model$main|dc:Patient")
    assert found.status_code == 200 and found.json()["id"] == str(tree["patient"].pk)


def test_folders_from_the_root(user_client, tree):
    found = get(user_client, "/api/folders", "fo:Parent Folder|fo:Child Folder")
    assert found.status_code == 200
    assert found.json() == user_client.get(f"/api/folders/{tree['child'].pk}").json()
    found = get(user_client, "/api/folders", "fo:Parent Folder|fo:Child Folder|dm:Hospital Model$main|de:x")
    assert found.status_code == 404
    # A child folder is not a top-level folder
    assert get(user_client, "/api/folders", "fo:Child Folder").status_code == 404


def test_classifiers(user, user_client):
    parent = make_classifier("Top", user=user)
    child = make_classifier("Leaf", user=user, parent=parent)
    found = get(user_client, "/api/classifiers", "cl:Top|cl:Leaf")
    assert found.status_code == 200 and found.json()["id"] == str(child.pk)
    found = get(user_client, f"/api/classifiers/{parent.pk}", "cl:Leaf")
    assert found.status_code == 200 and found.json()["id"] == str(child.pk)


def test_versions_and_branches(user, user_client):
    folder = make_folder("Versions", user=user)
    v1 = make_data_model("Versioned", folder=folder, user=user, finalised=True, model_version="1.0.0")
    v2 = make_data_model("Versioned", folder=folder, user=user, finalised=True, model_version="2.0.0",
                         documentation_version="2.0.0")
    draft = make_data_model("Versioned", folder=folder, user=user)
    feature = make_data_model("Versioned", folder=folder, user=user, branch_name="feature")
    for model, label in ((v1, "one"), (v2, "two"), (draft, "main"), (feature, "feature")):
        make_data_class(model, label)

    def found(path, **params):
        response = get(user_client, "/api/dataModels", path, **params)
        assert response.status_code == 200, (path, response.content)
        return response.json()["id"]

    assert found("dm:Versioned$1.0.0") == str(v1.pk)
    assert found("dm:Versioned$1") == str(v1.pk)
    assert found("dm:Versioned$2.0.0") == str(v2.pk)
    assert found("dm:Versioned$main") == str(draft.pk)
    assert found("dm:Versioned$feature") == str(feature.pk)
    assert found("dm:Versioned") == str(draft.pk)
    assert found("dm:Versioned", finalised="true") == str(v2.pk)
    assert found("dm:Versioned$main", finalised="true") == str(v2.pk)
    assert found("dm:Versioned$1.0.0|dc:one") == m.DataClass.objects.get(label="one").pk.__str__()
    assert get(user_client, "/api/dataModels", "dm:Versioned$1.0.0|dc:two").status_code == 404
    assert get(user_client, "/api/dataModels", "dm:Versioned$3.0.0").status_code == 404
    assert get(user_client, "/api/dataModels", "dm:Versioned$nope").status_code == 404
    assert get(user_client, "/api/dataModels", "dm:Versioned$feature", finalised="true").status_code == 404


def test_latest_finalised_without_a_draft(user, user_client):
    folder = make_folder("Only versions", user=user)
    make_data_model("Released", folder=folder, user=user, finalised=True, model_version="1.0.0")
    newest = make_data_model("Released", folder=folder, user=user, finalised=True, model_version="1.10.0",
                             documentation_version="2.0.0")
    make_data_model("Released", folder=folder, user=user, finalised=True, model_version="1.9.0",
                    documentation_version="3.0.0")
    assert get(user_client, "/api/dataModels", "dm:Released").json()["id"] == str(newest.pk)


@pytest.mark.parametrize("path", ["dm", "dm:", ":Hospital Model", "dm:Hospital Model$", "dm:Hospital Model||dc:x",
                                  "dm:Hospital Model|dc", " "])
def test_bad_syntax_is_400(user_client, tree, path):
    response = get(user_client, "/api/dataModels", path)
    assert response.status_code == 400, (path, response.content)
    assert response.json()["status"] == 400
    response = get(user_client, f"/api/dataModels/{tree['model'].pk}", path)
    assert response.status_code == 400


def test_unknown_type_and_unpathable_root_are_400(user_client, tree):
    response = get(user_client, "/api/widgets", "dm:Hospital Model")
    assert response.status_code == 400 and response.json()["errorCode"] == "MCI02"
    response = get(user_client, "/api/dataClasses", "dc:Patient")
    assert response.status_code == 400 and response.json()["errorCode"] == "PS03"
    response = get(user_client, f"/api/dataClasses/{tree['patient'].pk}", "dc:Patient")
    assert response.status_code == 400 and response.json()["errorCode"] == "PS03"


@pytest.mark.parametrize("path", [
    "dm:Missing$main", "dm:Hospital Model$main|dc:Nobody", "dm:Hospital Model$main|zz:Patient",
    "dm:Hospital Model$main|de:post code", "dm:Hospital Model$main|dc:Patient|de:post code",
    "fo:Parent Folder", "dm:Hospital Model$main|dt:short text|ev:A", "dm:Hospital Model@label",
])
def test_missing_is_404(user_client, tree, path):
    response = get(user_client, "/api/dataModels", path)
    assert response.status_code == 404, (path, response.content)
    assert response.json()["resource"] == "CreatorAware"


def test_hidden_is_404_like_missing(other_user, tree):
    other = logged_in_client(other_user)
    hidden = get(other, "/api/dataModels", "dm:Hospital Model$main|dc:Patient")
    missing = get(other, "/api/dataModels", "dm:No Such Model$main|dc:Patient")
    assert hidden.status_code == missing.status_code == 404
    assert get(other, "/api/folders", "fo:Parent Folder").status_code == 404
    response = get(other, f"/api/dataModels/{tree['model'].pk}", "dc:Patient")
    assert response.status_code == 404
    assert response.json()["resource"] == "DataModel" and response.json()["id"] == str(tree["model"].pk)
    assert get(other, f"/api/folders/{tree['parent'].pk}", "fo:Child Folder").json()["resource"] == "Folder"


def test_public_model_in_a_private_folder(other_user, tree):
    """Folders holding a model the caller may read are visible to them, so both routes reach it; the rest of
    the private folder stays hidden."""
    tree["model"].readable_by_everyone = True
    tree["model"].save()
    other = logged_in_client(other_user)
    via_folders = get(other, "/api/folders", "fo:Parent Folder|fo:Child Folder|dm:Hospital Model$main")
    assert via_folders.status_code == 200 and via_folders.json()["id"] == str(tree["model"].pk)
    make_data_model("Private", folder=tree["child"])
    assert get(other, "/api/folders", "fo:Parent Folder|fo:Child Folder|dm:Private$main").status_code == 404
    via_models = get(other, "/api/dataModels", "dm:Hospital Model$main")
    assert via_models.status_code == 200 and via_models.json()["id"] == str(tree["model"].pk)


def test_anonymous_reads_public_models(client, tree):
    path = "dm:Hospital Model$main|dc:Patient"
    assert get(client, "/api/dataModels", path).status_code == 404
    model = tree["model"]
    model.readable_by_everyone = True
    model.save()
    response = get(client, "/api/dataModels", path)
    assert response.status_code == 200 and response.json()["id"] == str(tree["patient"].pk)
    assert "availableActions" in response.json()


def test_admin_sees_everything(admin_client, tree):
    assert get(admin_client, "/api/dataModels", "dm:Hospital Model$main|dc:Patient").status_code == 200


def test_bad_and_missing_root_ids_are_404(user_client, tree):
    response = get(user_client, "/api/dataModels/not-a-uuid", "dc:Patient")
    assert response.status_code == 404 and response.json()["id"] == "null"
    assert get(user_client, f"/api/dataModels/{uuid.uuid4()}", "dc:Patient").status_code == 404
    # A folder id given as a data model
    assert get(user_client, f"/api/dataModels/{tree['parent'].pk}", "dc:Patient").status_code == 404


def test_encoded_separators_and_spaces(user_client, tree):
    raw = "/api/dataModels/path/dm%3AHospital%20Model%24main%7Cdc%3APatient%7Cdc%3AHome%20Address"
    response = user_client.get(raw)
    assert response.status_code == 200 and response.json()["id"] == str(tree["address"].pk)
    plus = user_client.get("/api/dataModels/path/dm:Hospital%20Model$main|dc:Patient")
    assert plus.status_code == 200


def test_labels_with_slashes(user, user_client):
    model = make_data_model("A/B", user=user)
    make_data_class(model, "x/y")
    response = user_client.get("/api/dataModels/path/dm:A%2FB$main|dc:x%2Fy")
    assert response.status_code == 200, response.content
    assert response.json()["label"] == "x/y"


def test_routes_resolve_to_their_own_views():
    model_id = uuid.uuid4()
    assert resolve(f"/api/dataModels/{model_id}/path/dc:x").url_name == "path-from-resource"
    assert resolve("/api/dataModels/path/dm:x").url_name == "path-from-root"
    assert resolve(f"/api/dataModels/{model_id}/hierarchy").url_name == "data-model-hierarchy"
    assert resolve("/api/path/prefixMappings").url_name == "path-prefix-mappings"
    assert resolve(f"/api/dataModels/{model_id}/metadata").url_name == "item-metadata"
    assert resolve(f"/api/dataModels/{model_id}/dataClasses").url_name == "data-classes"
    assert resolve(f"/api/folders/{model_id}/folders").url_name == "folder-folders"
    assert resolve("/api/dataModels/providers/importers").url_name != "path-from-root"


def test_writes_are_refused_without_changes(user_client, tree):
    before = m.DataClass.objects.count()
    response = user_client.post("/api/dataModels/path/dm:Hospital Model$main", {"label": "x"}, format="json")
    assert response.status_code == 404
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert m.DataClass.objects.count() == before
