"""`GET /api/tree/{folders|classifiers}/{id}/ancestors`: the container's tree item with its ancestors (one node),
as the web UI's folder and classifier pages read it."""

import uuid

import pytest

from catalogue import models as m
from tests.catalogue.factories import make_classifier, make_data_model, make_folder
from tests.catalogue.test_tree import _chain
from tests.catalogue.test_tree_queries import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def folders(user, other_user):
    top = make_folder("Top", user=user)
    middle = make_folder("Middle", user=user, parent=top)
    leaf = make_folder("Leaf", user=user, parent=middle)
    make_data_model("Inside", folder=leaf, user=user)
    return {"top": top, "middle": middle, "leaf": leaf}


def test_a_folder_answers_its_chain_from_the_root_as_the_item_route_does(user_client, folders):
    leaf = folders["leaf"]
    response = user_client.get(f"/api/tree/folders/{leaf.pk}/ancestors")
    assert response.status_code == 200, response.content
    root = response.json()
    assert _chain(root) == [("Folder", "Top"), ("Folder", "Middle"), ("Folder", "Leaf")]
    assert root == user_client.get(f"/api/tree/folders/folders/{leaf.pk}/ancestors").json()
    node = root["children"][0]["children"][0]
    assert node["id"] == str(leaf.pk) and node["path"] == "fo:Top|fo:Middle|fo:Leaf"
    assert node["hasChildren"] is True and "children" not in node
    assert node["parentFolder"] == str(folders["middle"].pk)


def test_a_root_folder_is_one_node(user_client, folders):
    root = user_client.get(f"/api/tree/folders/{folders['top'].pk}/ancestors").json()
    assert root["label"] == "Top" and "children" not in root and root["hasChildren"] is True


def test_unreadable_missing_and_malformed_folders_are_404(client, user_client, other_user, folders):
    hidden = make_folder("Hidden", user=other_user)
    for url in (f"/api/tree/folders/{hidden.pk}/ancestors", f"/api/tree/folders/{uuid.uuid4()}/ancestors",
                "/api/tree/folders/not-a-uuid/ancestors"):
        response = user_client.get(url)
        assert response.status_code == 404, url
        assert response.json()["resource"] == "Folder"
    assert client.get(f"/api/tree/folders/{folders['leaf'].pk}/ancestors").status_code == 404


def test_a_public_folder_is_readable_anonymously_and_shows_no_actions(client, other_user):
    public = make_folder("Public", user=other_user, readable_by_everyone=True)
    inner = make_folder("Inner", user=other_user, parent=public)
    root = client.get(f"/api/tree/folders/{inner.pk}/ancestors").json()
    assert _chain(root) == [("Folder", "Public"), ("Folder", "Inner")]
    assert root["availableActions"] == []


def test_the_search_route_keeps_its_term(user_client, folders):
    response = user_client.get("/api/tree/folders/search/ancestors")
    assert response.status_code == 200 and response.json() == []


def test_bad_container_types_and_options_are_400(user_client, folders):
    leaf = folders["leaf"]
    assert user_client.get(f"/api/tree/versionedFolders/{leaf.pk}/ancestors").status_code == 400
    assert user_client.get(f"/api/tree/dataModels/{leaf.pk}/ancestors").status_code == 400
    response = user_client.get(f"/api/tree/folders/{leaf.pk}/ancestors?includeDeleted=maybe")
    assert response.status_code == 400 and response.json()["errorCode"] == "REQ06"


def test_a_classifier_answers_its_chain_from_the_root_classifier(user_client, admin_client, user):
    top = make_classifier("Tags", user=user)
    child = make_classifier("Colours", user=user, parent=top)
    make_classifier("Red", user=user, parent=child)
    root = user_client.get(f"/api/tree/classifiers/{child.pk}/ancestors").json()
    assert _chain(root) == [("Classifier", "Tags"), ("Classifier", "Colours")]
    node = root["children"][0]
    assert node["path"] == "cl:Tags|cl:Colours" and node["hasChildren"] is True and "children" not in node
    leaf = user_client.get(f"/api/tree/classifiers/{m.Classifier.objects.get(label='Red').pk}/ancestors").json()
    assert _chain(leaf)[-1] == ("Classifier", "Red")
    assert leaf["children"][0]["children"][0]["hasChildren"] is False
    # A folder id in the classifier tree names no classifier.
    folder = make_folder("Plain", user=user)
    assert user_client.get(f"/api/tree/classifiers/{folder.pk}/ancestors").status_code == 404


def test_folder_ancestors_cost_the_same_at_any_depth(user, user_client):
    counts = []
    for tag, depth in (("short", 2), ("long", 12)):
        parent = None
        for level in range(depth):
            parent = make_folder(f"{tag} {level}", user=user, parent=parent)
        counts.append(queries(user_client, f"/api/tree/folders/{parent.pk}/ancestors"))
    assert counts[0] == counts[1]


def test_classifier_ancestors_cost_the_same_at_any_depth(user, user_client):
    counts = []
    for tag, depth in (("short", 2), ("long", 12)):
        parent = None
        for level in range(depth):
            parent = make_classifier(f"{tag} {level}", user=user, parent=parent)
        counts.append(queries(user_client, f"/api/tree/classifiers/{parent.pk}/ancestors"))
    assert counts[0] == counts[1]
