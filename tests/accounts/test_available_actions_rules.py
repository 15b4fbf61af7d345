"""`availableActions` per role and model state, exactly as Mauro computes them (mauro-api-contract.md §4.3).

The lists are literals taken from Mauro's policy (`GroupBasedUserSecurityPolicyManager`, `ResourceActions`,
`TreeActions`) and its secured functional expectations (`ModelUserAccessPermissionChangingAndVersioningFunctionalSpec`):
mdm-ui reads several entries as capability flags (`finalisedEditActions`, `createNewVersions`, `comment`...),
so a missing or extra entry changes what the web client offers. Each caller holds its role through a group grant
on the folder that holds the model; the site administrator holds container_admin everywhere.
"""

import pytest

from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.catalogue.factories import make_classifier, make_data_class, make_data_model, make_folder
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

ROLES = ["reader", "reviewer", "author", "editor", "container_admin", "site_admin"]
STATES = ["draft", "branch", "finalised", "deleted"]

READER_FINALISED = ["createNewVersions", "finalisedReadActions", "newForkModel", "show"]
REVIEWER_FINALISED = ["comment", "createNewVersions", "finalisedReadActions", "newForkModel", "show"]
EDITOR_FINALISED = ["comment", "createNewVersions", "finalisedEditActions", "newBranchModelVersion",
                    "newDocumentationVersion", "newForkModel", "newModelVersion", "show", "softDelete"]
ADMIN_FINALISED = sorted([*EDITOR_FINALISED, "delete"])

#: The model's own actions (`GET /api/dataModels/{id}`). A soft-deleted draft keeps the draft's actions.
MODEL_ACTIONS = {
    "draft": {
        "reader": ["show"],
        "reviewer": ["comment", "show"],
        "author": ["comment", "editDescription", "show"],
        "editor": ["comment", "editDescription", "finalise", "save", "show", "softDelete", "update"],
        "container_admin": ["comment", "delete", "editDescription", "finalise", "save", "show", "softDelete",
                            "update"],
    },
    "branch": {
        "reader": ["show"],
        "reviewer": ["comment", "show"],
        "author": ["comment", "editDescription", "show"],
        "editor": ["comment", "editDescription", "mergeInto", "save", "show", "softDelete", "update"],
        "container_admin": ["comment", "delete", "editDescription", "mergeInto", "save", "show", "softDelete",
                            "update"],
    },
    "finalised": {
        "reader": READER_FINALISED,
        "reviewer": REVIEWER_FINALISED,
        "author": REVIEWER_FINALISED,  # editDescription goes once finalised
        "editor": EDITOR_FINALISED,
        "container_admin": ADMIN_FINALISED,
    },
}
MODEL_ACTIONS["deleted"] = MODEL_ACTIONS["draft"]

#: A data class's actions: the model's, without softDelete and finalise, with delete for editors (any state).
ITEM_ACTIONS = {
    "draft": {
        "reader": ["show"],
        "reviewer": ["comment", "show"],
        "author": ["comment", "editDescription", "show"],
        "editor": ["comment", "delete", "editDescription", "save", "show", "update"],
        "container_admin": ["comment", "delete", "editDescription", "save", "show", "update"],
    },
    "branch": {
        "reader": ["show"],
        "reviewer": ["comment", "show"],
        "author": ["comment", "editDescription", "show"],
        "editor": ["comment", "delete", "editDescription", "mergeInto", "save", "show", "update"],
        "container_admin": ["comment", "delete", "editDescription", "mergeInto", "save", "show", "update"],
    },
    "finalised": {
        "reader": READER_FINALISED,
        "reviewer": REVIEWER_FINALISED,
        "author": REVIEWER_FINALISED,
        "editor": ["comment", "createNewVersions", "delete", "finalisedEditActions", "newBranchModelVersion",
                   "newDocumentationVersion", "newForkModel", "newModelVersion", "show"],
        "container_admin": ["comment", "createNewVersions", "delete", "finalisedEditActions",
                            "newBranchModelVersion", "newDocumentationVersion", "newForkModel", "newModelVersion",
                            "show"],
    },
}
ITEM_ACTIONS["deleted"] = ITEM_ACTIONS["draft"]

#: Folders: only container admins get more than `show`.
FOLDER_ADMIN = ["comment", "delete", "editDescription", "save", "show", "softDelete", "update"]
FOLDER_ACTIONS = {"reader": ["show"], "reviewer": ["show"], "author": ["show"], "editor": ["show"],
                  "container_admin": FOLDER_ADMIN}

FOLDER_EDITOR_TREE = ["createFolder", "createModel", "createVersionedFolder", "moveToFolder", "moveToVersionedFolder",
                      "softDelete"]
#: Tree actions of the folder node: editors and up only; a folder holding a finalised model has versioned contents
#: and cannot move into a versioned folder.
FOLDER_TREE = {
    "draft": {"editor": FOLDER_EDITOR_TREE, "container_admin": sorted([*FOLDER_EDITOR_TREE, "delete"])},
    "finalised": {"editor": ["createFolder", "createModel", "createVersionedFolder", "moveToFolder", "softDelete"],
                  "container_admin": ["createFolder", "createModel", "createVersionedFolder", "delete",
                                      "moveToFolder", "softDelete"]},
}
FOLDER_TREE["branch"] = FOLDER_TREE["draft"]

#: Tree actions of the model node and of its items; a finalised model offers no creation and no move into a
#: versioned folder, items never move nor soft-delete.
MODEL_TREE = {
    "draft": {"editor": ["createModelItem", "moveToContainer", "moveToFolder", "moveToVersionedFolder", "softDelete"],
              "container_admin": ["createModelItem", "delete", "moveToContainer", "moveToFolder",
                                  "moveToVersionedFolder", "softDelete"]},
    "finalised": {"editor": ["moveToContainer", "moveToFolder", "softDelete"],
                  "container_admin": ["delete", "moveToContainer", "moveToFolder", "softDelete"]},
}
MODEL_TREE["branch"] = MODEL_TREE["draft"]
ITEM_TREE = {
    "draft": {"editor": ["createModelItem"], "container_admin": ["createModelItem", "delete"]},
    "finalised": {"editor": [], "container_admin": ["delete"]},
}
ITEM_TREE["branch"] = ITEM_TREE["draft"]


def policy_role(role):
    return "container_admin" if role == "site_admin" else role


def caller(role, resource):
    """A logged-in client holding `role` on `resource` through a group grant (or a site administrator)."""
    if role == "site_admin":
        return logged_in_client(make_user("admin@example.com", admin=True))
    user = make_user(f"{role.replace('_', '')}@example.com")
    group = UserGroup.objects.create(name=f"{role} group")
    group.members.add(user)
    SecurableResourceGroupRole.objects.create(
        user_group=group, group_role=GroupRole.objects.get(name=role), securable_resource_id=resource.pk,
        securable_resource_domain_type=resource.domain_type)
    return logged_in_client(user)


STATE_FIELDS = {"draft": {}, "branch": {"branch_name": "develop"},
                "finalised": {"finalised": True, "model_version": "1.0.0"}, "deleted": {"deleted": True}}


@pytest.fixture
def world():
    owner = make_user("owner@example.com")
    folder = make_folder("Shared", user=owner)
    model = make_data_model("Model", folder=folder, user=owner)
    data_class = make_data_class(model, "Patient")
    return folder, model, data_class


def put_in_state(model, state):
    m.CatalogueModel.objects.filter(pk=model.pk).update(**STATE_FIELDS[state])


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_object_actions(world, role, state):
    folder, model, data_class = world
    put_in_state(model, state)
    client = caller(role, folder)
    expected = policy_role(role)
    assert client.get(f"/api/dataModels/{model.pk}").json()["availableActions"] == MODEL_ACTIONS[state][expected]
    item = client.get(f"/api/dataModels/{model.pk}/dataClasses/{data_class.pk}").json()
    assert item["availableActions"] == ITEM_ACTIONS[state][expected]
    assert client.get(f"/api/folders/{folder.pk}").json()["availableActions"] == FOLDER_ACTIONS[expected]


@pytest.mark.parametrize("state", ["draft", "branch", "finalised"])
@pytest.mark.parametrize("role", ROLES)
def test_tree_actions(world, role, state):
    folder, model, _ = world
    put_in_state(model, state)
    client = caller(role, folder)
    expected = policy_role(role)
    [folder_node] = [node for node in client.get("/api/tree/folders").json() if node["label"] == "Shared"]
    assert folder_node["availableActions"] == FOLDER_TREE[state].get(expected, [])
    [model_node] = client.get(f"/api/tree/folders/{folder.pk}").json()
    assert model_node["availableActions"] == MODEL_TREE[state].get(expected, [])
    [item_node] = client.get(f"/api/tree/folders/dataModels/{model.pk}").json()
    assert item_node["availableActions"] == ITEM_TREE[state].get(expected, [])


def test_a_folder_above_a_finalised_model_keeps_its_move_into_a_versioned_folder(world):
    """Only the folder directly holding the finalised model has versioned contents (there are no versioned
    folders here for the rule to recurse into)."""
    folder, model, _ = world
    inner = make_folder("Inner", parent=folder)
    m.CatalogueModel.objects.filter(pk=model.pk).update(folder=inner, finalised=True, model_version="1.0.0")
    client = caller("editor", folder)
    [outer_node] = [node for node in client.get("/api/tree/folders").json() if node["label"] == "Shared"]
    assert outer_node["availableActions"] == FOLDER_EDITOR_TREE
    [inner_node] = client.get(f"/api/tree/folders/{folder.pk}").json()
    assert "moveToVersionedFolder" not in inner_node["availableActions"]
    assert client.get("/api/tree/folders?containersOnly=true").json()[0]["children"][0]["availableActions"] == \
        inner_node["availableActions"]


@pytest.mark.parametrize("finalised, anonymous, logged_in", [
    (False, ["show"], ["show"]),
    (True, ["finalisedReadActions", "show"], READER_FINALISED),  # only a logged-in reader may fork
])
def test_public_model_to_callers_without_a_grant(client, world, finalised, anonymous, logged_in):
    _, model, data_class = world
    m.CatalogueModel.objects.filter(pk=model.pk).update(readable_by_everyone=True, finalised=finalised,
                                                        model_version="1.0.0" if finalised else None)
    outsider = logged_in_client(make_user("outsider@example.com"))
    for api, actions in ((client, anonymous), (outsider, logged_in)):
        assert api.get(f"/api/dataModels/{model.pk}").json()["availableActions"] == actions
        item = api.get(f"/api/dataModels/{model.pk}/dataClasses/{data_class.pk}").json()
        assert item["availableActions"] == actions
        [model_node] = api.get(f"/api/tree/folders/{model.folder_id}").json()
        assert model_node["availableActions"] == []


CLASSIFIER_EDITOR_TREE = ["createContainer", "createModel", "moveToContainer", "softDelete"]


@pytest.mark.parametrize("role, shown, tree", [
    ("reader", ["show"], []),
    ("editor", ["show"], CLASSIFIER_EDITOR_TREE),
    ("container_admin", FOLDER_ADMIN, sorted([*CLASSIFIER_EDITOR_TREE, "delete"])),
    ("site_admin", FOLDER_ADMIN, sorted([*CLASSIFIER_EDITOR_TREE, "delete"])),
])
def test_classifier_actions(role, shown, tree):
    """Classifiers are containers: object actions as folders'. Their tree actions are the classifier list for
    editors and container admins alike (Mauro's container admins get the folder list: a documented difference)."""
    classifier = make_classifier("Tags", user=make_user("owner@example.com"))
    client = caller(role, classifier)
    assert client.get(f"/api/classifiers/{classifier.pk}").json()["availableActions"] == shown
    [node] = client.get("/api/tree/classifiers").json()
    assert node["availableActions"] == tree


def test_folder_tree_actions_ask_the_database_when_the_folder_was_not_annotated(world):
    from accounts.access import CONTAINER_ADMIN, folder_tree_actions

    folder, model, _ = world
    assert "moveToVersionedFolder" in folder_tree_actions(None, m.Folder.objects.get(pk=folder.pk), CONTAINER_ADMIN)
    put_in_state(model, "finalised")
    assert "moveToVersionedFolder" not in folder_tree_actions(None, m.Folder.objects.get(pk=folder.pk),
                                                              CONTAINER_ADMIN)
