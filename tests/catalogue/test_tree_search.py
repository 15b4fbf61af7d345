"""Tree search (`/api/tree/{containerType}/search/{term}`): matches shown inside their folders, nothing hidden."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.workloads import Shape, generate
from catalogue import models as m
from catalogue.services.deletion import permanently_delete_models
from config.api.middleware import MaintenanceModeMiddleware
from tests.catalogue.factories import make_data_model, make_folder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _steady_query_counts(db, monkeypatch):
    """Two periodic queries would land in whichever count crosses their period: the session's last-seen
    stamp (every 30 s) and the maintenance-mode check (every 2 s). Both are frozen for these counts."""
    monkeypatch.setattr("accounts.middleware.LAST_SEEN_RESOLUTION_SECONDS", 10**9)
    monkeypatch.setattr(MaintenanceModeMiddleware, "TTL_SECONDS", 10**9)
    MaintenanceModeMiddleware.forget()
    MaintenanceModeMiddleware.maintenance_on()


def outline(nodes, depth=0):
    """(depth, domainType, label, hasChildren) for every node, depth first."""
    out = []
    for node in nodes:
        out.append((depth, node["domainType"], node["label"], node["hasChildren"]))
        out += outline(node.get("children", []), depth + 1)
    return out


@pytest.fixture
def content(user, other_user):
    top = make_folder("Registry", user=user)
    inner = make_folder("Cardiology folder", user=user, parent=top)
    model = make_data_model("Heart model", folder=inner, user=user)
    parent = m.DataClass.objects.create(model=model, label="Patient", created_by=user.email_address)
    child = m.DataClass.objects.create(model=model, label="Heart rate", parent_data_class=parent, index=1)
    string = m.DataType.objects.create(model=model, label="heart text", kind=m.DataTypeKind.PRIMITIVE)
    element = m.DataElement.objects.create(model=model, data_class=child, data_type=string, label="beats per heart")
    other = make_folder("Other", user=other_user)
    make_data_model("Secret heart", folder=other, user=other_user)
    return {"top": top, "inner": inner, "model": model, "parent": parent, "child": child, "element": element,
            "string": string}


def test_models_and_classes_are_found_inside_their_folders(user_client, content):
    response = user_client.get("/api/tree/folders/search/heart")
    assert response.status_code == 200
    nodes = response.json()
    assert outline(nodes) == [
        (0, "Folder", "Registry", True),
        (1, "Folder", "Cardiology folder", True),
        (2, "DataModel", "Heart model", True),
        (3, "DataClass", "Patient", True),
        (4, "DataClass", "Heart rate", False),
    ]
    model = nodes[0]["children"][0]["children"][0]
    patient = model["children"][0]
    rate = patient["children"][0]
    assert patient["path"] == "dm:Heart model$main|dc:Patient" and "parentId" not in patient
    assert rate["path"] == "dm:Heart model$main|dc:Patient|dc:Heart rate"
    assert rate["parentId"] == patient["id"] and rate["modelId"] == model["id"]
    assert nodes[0]["children"][0]["path"] == "fo:Registry|fo:Cardiology folder"


def test_folders_match_on_their_own(user_client, content):
    assert outline(user_client.get("/api/tree/folders/search/CARDIO").json()) == [
        (0, "Folder", "Registry", True), (1, "Folder", "Cardiology folder", False)]
    assert outline(user_client.get("/api/tree/folders/search/heart?domainType=Folder").json()) == []


@pytest.mark.parametrize(("domain_type", "expected"), [
    ("DataModel", [(2, "DataModel", "Heart model", False)]),
    ("DataElement", [(2, "DataModel", "Heart model", True), (3, "DataClass", "Patient", True),
                     (4, "DataClass", "Heart rate", True), (5, "DataElement", "beats per heart", False)]),
    ("PrimitiveType", [(2, "DataModel", "Heart model", True), (3, "PrimitiveType", "heart text", False)]),
    ("DataType", [(2, "DataModel", "Heart model", True), (3, "PrimitiveType", "heart text", False)]),
    ("EnumerationType", []),
    ("Terminology", []),
])
def test_domain_type_narrows_the_search(user_client, content, domain_type, expected):
    nodes = user_client.get(f"/api/tree/folders/search/heart?domainType={domain_type}").json()
    assert outline(nodes)[2:] == expected


def test_hidden_and_deleted_content_is_not_found(client, user_client, admin_client, content):
    assert client.get("/api/tree/folders/search/heart").json() == []
    assert "Secret heart" not in str(user_client.get("/api/tree/folders/search/heart").json())
    assert "Secret heart" in str(admin_client.get("/api/tree/folders/search/heart").json())
    m.CatalogueModel.objects.filter(pk=content["model"].pk).update(deleted=True)
    assert user_client.get("/api/tree/folders/search/heart?includeDeleted=true").json() == []
    assert "Heart model" in str(admin_client.get("/api/tree/folders/search/heart?includeDeleted=true").json())


def test_a_match_below_another_users_folder_shows_the_path_to_it(user_client, user, other_user):
    closed = make_folder("Closed", user=other_user)
    visible = make_folder("Visible", user=user, parent=closed)
    make_folder("Secret sibling", user=other_user, parent=closed)
    make_data_model("Findable", folder=visible, user=user)
    nodes = user_client.get("/api/tree/folders/search/findable").json()
    assert outline(nodes) == [(0, "Folder", "Closed", True), (1, "Folder", "Visible", True),
                              (2, "DataModel", "Findable", False)]
    assert "Secret sibling" not in str(nodes)


def test_blank_term_finds_nothing_and_bad_options_are_400(user_client, content):
    assert user_client.get("/api/tree/folders/search/%20").json() == []
    assert user_client.get("/api/tree/folders/search/heart?includeDeleted=perhaps").status_code == 400
    assert user_client.get("/api/tree/versionedFolders/search/heart").status_code == 400


def test_classifier_search_shows_matches_under_their_parents(client, user):
    top = m.Classifier.objects.create(label="Clinical", readable_by_everyone=True)
    m.Classifier.objects.create(label="Heart terms", parent_classifier=top, readable_by_everyone=True)
    m.Classifier.objects.create(label="Heart private", created_by=user.email_address)
    assert outline(client.get("/api/tree/classifiers/search/heart").json()) == [
        (0, "Classifier", "Clinical", True), (1, "Classifier", "Heart terms", False)]


def test_search_costs_the_same_number_of_queries_for_small_and_large_models(user, user_client):
    counts = []
    for tag, shape in (("small", Shape(classes=3, elements=10, enumeration_types=1, primitive_types=1)),
                       ("large", Shape(classes=60, elements=600, enumeration_types=5, primitive_types=5))):
        folder = make_folder(f"{tag} folder", user=user, parent=make_folder(f"{tag} top", user=user))
        generate(shape, label=f"{tag} model", folder=folder, created_by=user.email_address)
        for query in ("class", "element?domainType=DataElement", "primitive?domainType=PrimitiveType"):
            with CaptureQueriesContext(connection) as captured:
                response = user_client.get(f"/api/tree/folders/search/{query}")
            assert response.status_code == 200 and response.json()
            counts.append((tag, query, len(captured)))
        permanently_delete_models(model_ids=m.CatalogueModel.objects.filter(label=f"{tag} model").values_list(
            "pk", flat=True))
    small = [count for tag, _, count in counts if tag == "small"]
    large = [count for tag, _, count in counts if tag == "large"]
    assert small == large
