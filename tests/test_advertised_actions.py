"""Every action `availableActions` can advertise is either performed by a route or is a capability flag.

The access policy keeps Mauro's action lists whole, because mdm-ui reads them (`finalise` shows the finalise
button, `createNewVersions` the new-version page, `finalisedEditActions` the permissions page of a finalised model).
Some of those actions have no route here yet: they are listed in `NOT_ROUTED_YET`, so a new route makes this test
fail until the list shrinks, and an action that loses its route (or a new action without one) fails it too.

What the policy can advertise is enumerated from the policy functions themselves, over every role, model state
and branch, logged in or not; whether a route exists is asked of Django's URL resolver and the view's methods.
"""

import uuid
from types import SimpleNamespace

import pytest
from django.urls import Resolver404, resolve

from accounts import access
from config.api.views import api_route_not_found

# The shared autouse fixture clears the database cache, so these need the (cheap) test database too.
pytestmark = pytest.mark.django_db

#: Advertised actions that no route performs yet (the model versioning and versioned folder work adds them).
NOT_ROUTED_YET = {
    "createNewVersions",
    "createVersionedFolder",
    "finalise",
    "mergeInto",
    "moveToVersionedFolder",
    "newBranchModelVersion",
    "newDocumentationVersion",
    "newForkModel",
    "newModelVersion",
}

#: Actions that are capability flags, not requests: nothing to route. One line each on why.
FLAGS = {
    "finalisedReadActions": "marks a finalised model seen below editor; no Mauro route checks it and mdm-ui "
                            "only copies it into an unused `canReadAfterFinalised`",
    "moveToContainer": "no Mauro route checks it and mdm-ui never reads it; tree moves go through moveToFolder",
}

M, DC, F, C, OTHER, VF = (str(uuid.uuid4()) for _ in range(6))
MODEL = f"/api/dataModels/{M}"
ITEM = f"{MODEL}/dataClasses/{DC}"
FOLDER = f"/api/folders/{F}"
CLASSIFIER = f"/api/classifiers/{C}"
#: Moving into a versioned folder needs versioned folders to move into.
A_VERSIONED_FOLDER = ("get", f"/api/versionedFolders/{VF}")

#: The routes of the owning model's versioning actions (model items advertise their model's).
VERSIONING = {
    "finalise": [("put", f"{MODEL}/finalise")],
    "mergeInto": [("put", f"{MODEL}/mergeInto/{OTHER}")],
    "newBranchModelVersion": [("put", f"{MODEL}/newBranchModelVersion")],
    # Mauro has no route of its own for it: a new model version is a new branch version without a branch name.
    "newModelVersion": [("put", f"{MODEL}/newBranchModelVersion")],
    "newDocumentationVersion": [("put", f"{MODEL}/newDocumentationVersion")],
    "newForkModel": [("put", f"{MODEL}/newForkModel")],
    # The new-version page; every holder of the flag (readers included) may fork.
    "createNewVersions": [("put", f"{MODEL}/newForkModel")],
    # Editors keep the model's permissions once it is finalised (mdm-ui's permissions page).
    "finalisedEditActions": [("put", f"{MODEL}/readByEveryone"), ("post", f"{MODEL}/securableResourceGroupRoles")],
}

#: (kind, action) → the routes that perform it. `delete` is the same route as `softDelete` with `?permanent=true`.
ROUTES = {
    **{("DataModel", action): routes for action, routes in VERSIONING.items()},
    ("DataModel", "show"): [("get", MODEL)],
    ("DataModel", "comment"): [("post", f"{MODEL}/annotations")],
    ("DataModel", "editDescription"): [("put", MODEL)],
    ("DataModel", "update"): [("put", MODEL)],
    ("DataModel", "save"): [("post", f"{MODEL}/dataClasses")],
    ("DataModel", "softDelete"): [("delete", MODEL)],
    ("DataModel", "delete"): [("delete", MODEL)],

    **{("DataClass", action): routes for action, routes in VERSIONING.items() if action != "finalise"},
    ("DataClass", "show"): [("get", ITEM)],
    ("DataClass", "comment"): [("post", f"/api/dataClasses/{DC}/annotations")],
    ("DataClass", "editDescription"): [("put", ITEM)],
    ("DataClass", "update"): [("put", ITEM)],
    ("DataClass", "save"): [("post", f"{ITEM}/dataClasses")],
    ("DataClass", "delete"): [("delete", ITEM)],

    ("Folder", "show"): [("get", FOLDER)],
    ("Folder", "comment"): [("post", f"{FOLDER}/annotations")],
    ("Folder", "editDescription"): [("put", FOLDER)],
    ("Folder", "update"): [("put", FOLDER)],
    ("Folder", "save"): [("post", f"{FOLDER}/folders")],
    ("Folder", "softDelete"): [("delete", FOLDER)],
    ("Folder", "delete"): [("delete", FOLDER)],

    ("Classifier", "show"): [("get", CLASSIFIER)],
    ("Classifier", "comment"): [("post", f"{CLASSIFIER}/annotations")],
    ("Classifier", "editDescription"): [("put", CLASSIFIER)],
    ("Classifier", "update"): [("put", CLASSIFIER)],
    ("Classifier", "save"): [("post", f"{CLASSIFIER}/classifiers")],
    ("Classifier", "softDelete"): [("delete", CLASSIFIER)],
    ("Classifier", "delete"): [("delete", CLASSIFIER)],

    ("Folder node", "createFolder"): [("post", f"{FOLDER}/folders")],
    ("Folder node", "createModel"): [("post", f"{FOLDER}/dataModels")],
    ("Folder node", "createVersionedFolder"): [("post", f"{FOLDER}/versionedFolders")],
    ("Folder node", "moveToFolder"): [("put", f"{FOLDER}/folder/{OTHER}")],
    ("Folder node", "moveToVersionedFolder"): [("put", f"{FOLDER}/folder/{VF}"), A_VERSIONED_FOLDER],
    ("Folder node", "softDelete"): [("delete", FOLDER)],
    ("Folder node", "delete"): [("delete", FOLDER)],

    ("Classifier node", "createContainer"): [("post", f"{CLASSIFIER}/classifiers")],
    # A model is always made in a folder; the classifier is given in its body.
    ("Classifier node", "createModel"): [("post", f"{FOLDER}/dataModels")],
    ("Classifier node", "softDelete"): [("delete", CLASSIFIER)],
    ("Classifier node", "delete"): [("delete", CLASSIFIER)],

    ("DataModel node", "createModelItem"): [("post", f"{MODEL}/dataClasses")],
    ("DataModel node", "moveToFolder"): [("put", f"{MODEL}/folder/{F}")],
    ("DataModel node", "moveToVersionedFolder"): [("put", f"{MODEL}/folder/{VF}"), A_VERSIONED_FOLDER],
    ("DataModel node", "softDelete"): [("delete", MODEL)],
    ("DataModel node", "delete"): [("delete", MODEL)],

    ("DataClass node", "createModelItem"): [("post", f"{ITEM}/dataClasses")],
    ("DataClass node", "delete"): [("delete", ITEM)],
}

CALLERS = [SimpleNamespace(is_authenticated=False), SimpleNamespace(is_authenticated=True)]
MODELS = [SimpleNamespace(finalised=finalised, branch_name=branch, deleted=deleted)
          for finalised in (False, True) for branch in ("main", "develop") for deleted in (False, True)]
FOLDERS = [SimpleNamespace(pk=uuid.uuid4(), holds_finalised_model=holds) for holds in (False, True)]

#: kind → (policy function, the objects it is asked about).
POLICY = {
    "DataModel": (access.model_actions, MODELS),
    "DataClass": (access.model_item_actions, MODELS),
    "Folder": (access.container_actions, FOLDERS),
    "Classifier": (access.container_actions, FOLDERS),
    "Folder node": (access.folder_tree_actions, FOLDERS),
    "Classifier node": (access.classifier_tree_actions, FOLDERS),
    "DataModel node": (access.model_tree_actions, MODELS),
    "DataClass node": (access.model_item_tree_actions, MODELS),
}


def advertised():
    """Every (kind, action) the policy hands out, for any role, caller and state."""
    found = set()
    for kind, (actions_for, objects) in POLICY.items():
        for role in access.ROLE_ORDER:
            for caller in CALLERS:
                for obj in objects:
                    found.update((kind, action) for action in actions_for(caller, obj, role))
    return found


def routed(method, path):
    """Whether a route answers `method` on `path` (the catch-all JSON 404 is no route)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.func is api_route_not_found:
        return False
    actions = getattr(match.func, "actions", None)  # a viewset: method → action
    if actions is not None:
        return method in actions
    view = getattr(match.func, "cls", None) or getattr(match.func, "view_class", None)
    return view is not None and method in view.http_method_names and hasattr(view, method)


def test_every_advertised_action_is_mapped_to_its_routes_or_is_a_flag():
    unmapped = {pair for pair in advertised() if pair not in ROUTES and pair[1] not in FLAGS}
    assert unmapped == set()


def test_the_map_names_only_what_the_policy_advertises():
    found = advertised()
    assert set(ROUTES) - found == set()
    assert set(FLAGS) - {action for _, action in found} == set()


def test_advertised_actions_without_a_route_are_exactly_the_known_list():
    missing = {action for kind, action in advertised() if action not in FLAGS
               and not all(routed(method, path) for method, path in ROUTES[(kind, action)])}
    assert missing == NOT_ROUTED_YET


def test_route_lookup_tells_routes_methods_and_the_catch_all_apart():
    assert routed("get", MODEL) and routed("put", MODEL) and routed("delete", MODEL)
    assert not routed("post", MODEL)  # no create on a model's own URL
    assert not routed("put", f"{MODEL}/noSuchAction")
    assert not routed("get", "/elsewhere")


def test_capability_flags_mdm_ui_reads_stay_advertised():
    """mdm-ui reads these as capability flags: dropping them would hide features, whatever the routes."""
    actions = {action for _, action in advertised()}
    assert {"finalisedEditActions", "finalisedReadActions", "createNewVersions", "comment", "editDescription",
            "finalise", "mergeInto", "createFolder", "createVersionedFolder", "createModel", "createModelItem",
            "moveToFolder", "moveToVersionedFolder", "softDelete", "delete", "update", "show"} <= actions
