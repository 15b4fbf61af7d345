"""The catalogue tree (contract §5.7): what each caller sees, node shapes, orders, options and errors."""

import uuid

import pytest

from catalogue import models as m
from tests.catalogue.factories import make_classifier, make_data_model, make_folder, populate_model

pytestmark = pytest.mark.django_db

FOLDER_ADMIN_ACTIONS = ["createFolder", "createModel", "createVersionedFolder", "delete", "moveToFolder",
                        "moveToVersionedFolder", "softDelete"]
MODEL_ADMIN_ACTIONS = ["createModelItem", "delete", "moveToContainer", "moveToFolder", "moveToVersionedFolder",
                       "softDelete"]


def labels(nodes):
    return [node["label"] for node in nodes]


def by_label(nodes, label):
    return next(node for node in nodes if node["label"] == label)


@pytest.fixture
def catalogue(user, other_user):
    """`user` owns a private tree; `other_user` owns a public folder; one folder belongs to nobody visible."""
    mine = make_folder("mine", user=user)
    sub = make_folder("Sub", user=user, parent=mine)
    empty = make_folder("Empty", user=user)
    model = populate_model(make_data_model("Model", folder=mine, user=user))
    public = make_folder("Public", user=other_user, readable_by_everyone=True)
    public_model = make_data_model("Public model", folder=public, user=other_user)
    hidden = make_folder("Hidden", user=other_user)
    hidden_model = make_data_model("Hidden model", folder=hidden, user=other_user)
    return {"mine": mine, "sub": sub, "empty": empty, "model": model, "public": public,
            "public_model": public_model, "hidden": hidden, "hidden_model": hidden_model}


# --- GET /api/tree/folders -----------------------------------------------------------------------------------

def test_anonymous_with_nothing_visible_gets_an_empty_array(client, user):
    make_folder("Private", user=user)
    response = client.get("/api/tree/folders")
    assert response.status_code == 200
    assert response.json() == []


def test_anonymous_sees_only_public_root_folders(client, catalogue):
    nodes = client.get("/api/tree/folders").json()
    assert labels(nodes) == ["Public"]
    assert nodes[0] == {
        "id": str(catalogue["public"].pk), "domainType": "Folder", "label": "Public", "hasChildren": True,
        "availableActions": [], "path": "fo:Public", "deleted": False}


def test_owner_sees_own_and_public_root_folders_sorted_case_insensitively(user_client, catalogue):
    nodes = user_client.get("/api/tree/folders").json()
    assert labels(nodes) == ["Empty", "mine", "Public"]
    assert by_label(nodes, "mine")["hasChildren"] is True
    assert by_label(nodes, "Empty")["hasChildren"] is False
    assert by_label(nodes, "mine")["availableActions"] == FOLDER_ADMIN_ACTIONS
    assert by_label(nodes, "Public")["availableActions"] == []
    assert all("children" not in node and "parentFolder" not in node for node in nodes)


def test_site_admin_sees_every_root_folder(admin_client, catalogue):
    nodes = admin_client.get("/api/tree/folders").json()
    assert labels(nodes) == ["Empty", "Hidden", "mine", "Public"]
    assert all(node["availableActions"] == FOLDER_ADMIN_ACTIONS for node in nodes)


def test_has_children_counts_only_what_the_caller_may_read(other_user, user):
    # "Shared" is visible to the outsider only because a public model sits in it; its sub-folder is not.
    shared = make_folder("Shared", user=other_user)
    make_folder("Secret", user=other_user, parent=shared)
    make_data_model("Open", folder=shared, user=other_user, readable_by_everyone=True)
    from tests.conftest import logged_in_client

    outsider = logged_in_client(user)
    root = outsider.get("/api/tree/folders").json()
    assert labels(root) == ["Shared"] and root[0]["hasChildren"] is True
    assert labels(outsider.get(f"/api/tree/folders/{shared.pk}").json()) == ["Open"]
    owner = logged_in_client(other_user)
    assert labels(owner.get(f"/api/tree/folders/{shared.pk}").json()) == ["Secret", "Open"]


def test_soft_deleted_folders_and_models_are_hidden_unless_an_admin_asks(user_client, admin_client, catalogue):
    catalogue["empty"].deleted = True
    catalogue["empty"].save()
    m.CatalogueModel.objects.filter(pk=catalogue["model"].pk).update(deleted=True)
    mine = catalogue["mine"].pk

    assert "Empty" not in labels(user_client.get("/api/tree/folders?includeDeleted=true").json())
    assert "Model" not in labels(user_client.get(f"/api/tree/folders/{mine}?includeDeleted=true").json())
    assert "Empty" not in labels(admin_client.get("/api/tree/folders").json())

    nodes = admin_client.get("/api/tree/folders?includeDeleted=true").json()
    assert by_label(nodes, "Empty")["deleted"] is True
    model = by_label(admin_client.get(f"/api/tree/folders/{mine}?includeDeleted=true").json(), "Model")
    assert model["deleted"] is True


def test_deleted_content_does_not_count_as_children(user_client, user):
    folder = make_folder("Holder", user=user)
    make_data_model("Gone", folder=folder, user=user, deleted=True)
    assert user_client.get("/api/tree/folders").json()[0]["hasChildren"] is False


def test_containers_only_nests_every_readable_folder_without_models(user_client, catalogue, user):
    deep = make_folder("Deep", user=user, parent=catalogue["sub"])
    for flag in ("containersOnly", "foldersOnly"):
        nodes = user_client.get(f"/api/tree/folders?{flag}=true").json()
        assert labels(nodes) == ["Empty", "mine", "Public"]
        mine = by_label(nodes, "mine")
        assert labels(mine["children"]) == ["Sub"]
        sub = mine["children"][0]
        assert sub["parentFolder"] == str(catalogue["mine"].pk)
        assert sub["path"] == "fo:mine|fo:Sub"
        assert sub["children"][0]["id"] == str(deep.pk)
        assert sub["children"][0]["hasChildren"] is False
        assert "children" not in sub["children"][0]
        assert by_label(nodes, "Public")["hasChildren"] is False  # models are not counted here


def test_model_creatable_only_keeps_folders_the_caller_may_create_models_in(user_client, catalogue):
    nodes = user_client.get("/api/tree/folders?containersOnly=true&modelCreatableOnly=true").json()
    assert labels(nodes) == ["Empty", "mine"]


@pytest.mark.parametrize("query", ["includeDeleted=maybe", "containersOnly=1", "includeModelSuperseded=yes",
                                   "noCache=please"])
def test_a_malformed_boolean_option_is_a_400(user_client, catalogue, query):
    response = user_client.get(f"/api/tree/folders?{query}")
    assert response.status_code == 400
    assert response.json()["errorCode"] == "REQ06"


def test_options_are_accepted_in_any_case(user_client, catalogue):
    response = user_client.get("/api/tree/folders?noCache=TRUE&includeDocumentSuperseded=False")
    assert response.status_code == 200


@pytest.mark.parametrize(("segment", "code"), [("versionedFolders", "TII02"), ("versionedFolder", "TII02"),
                                               ("dataModels", "TII01"), ("dataClasses", "TII01"),
                                               ("things", "MCI02")])
def test_tree_of_something_that_is_not_a_folder_or_classifier_is_a_400(client, segment, code):
    response = client.get(f"/api/tree/{segment}")
    assert response.status_code == 400
    assert response.json()["errorCode"] == code


def test_writes_on_the_tree_are_not_routes(admin_client):
    response = admin_client.post("/api/tree/folders", {}, format="json")
    assert response.status_code == 404
    assert "GET" in response["Allow"]


# --- GET /api/tree/folders/{folderId} ------------------------------------------------------------------------

def test_folder_children_are_sub_folders_then_models(user_client, catalogue, user):
    mine, model = catalogue["mine"], catalogue["model"]
    make_data_model("another", folder=mine, user=user)
    nodes = user_client.get(f"/api/tree/folders/{mine.pk}").json()
    assert labels(nodes) == ["Sub", "another", "Model"]
    assert nodes[0] == {
        "id": str(catalogue["sub"].pk), "domainType": "Folder", "label": "Sub", "hasChildren": False,
        "availableActions": FOLDER_ADMIN_ACTIONS, "path": "fo:mine|fo:Sub", "deleted": False,
        "parentFolder": str(mine.pk)}
    assert by_label(nodes, "Model") == {
        "id": str(model.pk), "domainType": "DataModel", "label": "Model", "hasChildren": True,
        "availableActions": MODEL_ADMIN_ACTIONS, "path": "dm:Model$main", "deleted": False, "finalised": False,
        "superseded": False, "documentationVersion": "1.0.0", "folder": str(mine.pk), "type": "Data Standard"}
    assert by_label(nodes, "another")["hasChildren"] is False


def test_branch_names_show_only_when_models_of_one_label_differ_in_branch(user_client, user):
    folder = make_folder("Versions", user=user)
    make_data_model("Alone", folder=folder, user=user)
    make_data_model("Split", folder=folder, user=user)
    make_data_model("Split", folder=folder, user=user, branch_name="feature")
    make_data_model("Split", folder=folder, user=user, finalised=True, model_version="1.0.0")
    nodes = user_client.get(f"/api/tree/folders/{folder.pk}").json()
    assert [(n["label"], n.get("branchName"), n.get("modelVersion")) for n in nodes] == [
        ("Alone", None, None), ("Split", "feature", None), ("Split", "main", None), ("Split", None, "1.0.0")]


def test_superseded_models_are_hidden_unless_asked_for(user_client, user):
    folder = make_folder("History", user=user)
    old_doc = make_data_model("Doc", folder=folder, user=user, finalised=True, model_version="1.0.0")
    new_doc = make_data_model("Doc", folder=folder, user=user, finalised=True, model_version="1.0.0",
                              documentation_version="2.0.0")
    m.VersionLink.objects.create(source_model=new_doc, target_model=old_doc,
                                 link_type=m.VersionLinkType.NEW_DOCUMENTATION_VERSION_OF)
    old_version = make_data_model("Ver", folder=folder, user=user, finalised=True, model_version="1.0.0")
    new_version = make_data_model("Ver", folder=folder, user=user, finalised=True, model_version="2.0.0")
    m.VersionLink.objects.create(source_model=new_version, target_model=old_version,
                                 link_type=m.VersionLinkType.NEW_MODEL_VERSION_OF)
    draft_base = make_data_model("Draft", folder=folder, user=user, finalised=True, model_version="1.0.0")
    draft = make_data_model("Draft", folder=folder, user=user)
    m.VersionLink.objects.create(source_model=draft, target_model=draft_base,
                                 link_type=m.VersionLinkType.NEW_MODEL_VERSION_OF)

    def shown(query=""):
        nodes = user_client.get(f"/api/tree/folders/{folder.pk}{query}").json()
        return {(n["id"], n["superseded"]) for n in nodes}

    # A draft branch does not supersede the version it came from.
    assert shown() == {(str(new_doc.pk), False), (str(new_version.pk), False), (str(draft_base.pk), False),
                       (str(draft.pk), False)}
    assert (str(old_doc.pk), True) in shown("?includeDocumentSuperseded=true")
    assert (str(old_version.pk), True) not in shown("?includeDocumentSuperseded=true")
    assert (str(old_version.pk), True) in shown("?includeModelSuperseded=true")
    both = shown("?includeModelSuperseded=true&includeDocumentSuperseded=true")
    assert {(str(old_doc.pk), True), (str(old_version.pk), True)} <= both
    versions = [n.get("documentationVersion") for n in user_client.get(
        f"/api/tree/folders/{folder.pk}?includeDocumentSuperseded=true").json() if n["label"] == "Doc"]
    assert versions == ["1.0.0", "2.0.0"]


def test_folder_children_of_a_hidden_missing_or_malformed_folder_are_a_404(user_client, catalogue):
    for folder_id in (catalogue["hidden"].pk, uuid.uuid4(), "not-a-uuid"):
        response = user_client.get(f"/api/tree/folders/{folder_id}")
        assert response.status_code == 404
        assert response.json()["resource"] == "Folder"


def test_a_bad_option_on_a_hidden_folder_is_still_a_404(user_client, catalogue):
    response = user_client.get(f"/api/tree/folders/{catalogue['hidden'].pk}?includeDeleted=maybe")
    assert response.status_code == 404


def test_public_folder_children_for_anonymous_readers(client, catalogue):
    nodes = client.get(f"/api/tree/folders/{catalogue['public'].pk}").json()
    assert labels(nodes) == ["Public model"]
    assert nodes[0]["availableActions"] == []
    assert nodes[0]["hasChildren"] is False


# --- GET /api/tree/folders/{ciType}/{ciId} -------------------------------------------------------------------

def test_model_children_are_its_root_classes(user_client, catalogue):
    model = catalogue["model"]
    nodes = user_client.get(f"/api/tree/folders/dataModels/{model.pk}").json()
    # Items without children come first, then by index (Mauro's order).
    assert labels(nodes) == ["class 1", "class 2", "class 0"]
    root = by_label(nodes, "class 0")
    assert root == {
        "id": root["id"], "domainType": "DataClass", "label": "class 0", "hasChildren": True,
        "availableActions": ["createModelItem", "delete"], "path": "dm:Model$main|dc:class 0",
        "modelId": str(model.pk)}


def test_class_children_are_its_child_classes(user_client, catalogue):
    model = catalogue["model"]
    parent = m.DataClass.objects.get(model=model, label="class 0")
    grandchild_parent = m.DataClass.objects.get(model=model, label="nested")
    m.DataClass.objects.create(model=model, label="deeper", parent_data_class=grandchild_parent)
    nodes = user_client.get(f"/api/tree/folders/dataClasses/{parent.pk}").json()
    assert nodes == [{
        "id": str(grandchild_parent.pk), "domainType": "DataClass", "label": "nested", "hasChildren": True,
        "availableActions": ["createModelItem", "delete"], "path": "dm:Model$main|dc:class 0|dc:nested",
        "modelId": str(model.pk), "parentId": str(parent.pk)}]
    deeper = user_client.get(f"/api/tree/folders/dataClasses/{grandchild_parent.pk}").json()
    assert deeper[0]["path"] == "dm:Model$main|dc:class 0|dc:nested|dc:deeper"


@pytest.mark.parametrize("segment", ["dataElements", "dataTypes", "enumerationValues"])
def test_elements_types_and_values_have_no_tree_children(user_client, catalogue, segment):
    table = {"dataElements": m.DataElement, "dataTypes": m.DataType, "enumerationValues": m.EnumerationValue}[segment]
    item = table.objects.filter(model=catalogue["model"]).first()
    response = user_client.get(f"/api/tree/folders/{segment}/{item.pk}")
    assert response.status_code == 200
    assert response.json() == []


def test_a_model_without_classes_has_no_children(user_client, catalogue, user):
    bare = make_data_model("Bare", folder=catalogue["mine"], user=user)
    assert user_client.get(f"/api/tree/folders/dataModels/{bare.pk}").json() == []


def test_folders_and_classifiers_as_catalogue_items(user_client, catalogue, user):
    nodes = user_client.get(f"/api/tree/folders/folders/{catalogue['mine'].pk}").json()
    assert labels(nodes) == ["Sub", "Model"]
    parent = make_classifier("Parent", user=user)
    make_classifier("Child", parent=parent, user=user)
    nodes = user_client.get(f"/api/tree/folders/classifiers/{parent.pk}").json()
    assert [(n["label"], n["path"], n["parentFolder"]) for n in nodes] == [("Child", "cl:Parent|cl:Child",
                                                                             str(parent.pk))]


def test_hidden_items_are_a_404_naming_their_kind(user_client, catalogue, other_user):
    hidden = populate_model(catalogue["hidden_model"])
    cases = {"dataModels": hidden.pk,
             "dataClasses": m.DataClass.objects.filter(model=hidden).first().pk,
             "dataElements": m.DataElement.objects.filter(model=hidden).first().pk,
             "enumerationValues": m.EnumerationValue.objects.filter(model=hidden).first().pk,
             "folders": catalogue["hidden"].pk}
    names = {"dataModels": "DataModel", "dataClasses": "DataClass", "dataElements": "DataElement",
             "enumerationValues": "EnumerationValue", "folders": "Folder"}
    for segment, pk in cases.items():
        for suffix in ("", "/ancestors"):
            response = user_client.get(f"/api/tree/folders/{segment}/{pk}{suffix}")
            assert response.status_code == 404, (segment, suffix)
            assert response.json()["resource"] == names[segment]
            assert response.json()["id"] == str(pk)


def test_an_id_of_another_kind_is_a_404(user_client, catalogue):
    model = catalogue["model"]
    assert user_client.get(f"/api/tree/folders/terminologies/{model.pk}").status_code == 404
    assert user_client.get(f"/api/tree/folders/dataClasses/{model.pk}").status_code == 404
    string = m.DataType.objects.get(model=model, label="string")
    assert user_client.get(f"/api/tree/folders/enumerationTypes/{string.pk}").status_code == 404
    assert user_client.get(f"/api/tree/folders/primitiveTypes/{string.pk}").status_code == 200


def test_unknown_item_segment_is_a_400_and_bad_id_a_404(user_client, catalogue):
    response = user_client.get(f"/api/tree/folders/widgets/{catalogue['model'].pk}")
    assert response.status_code == 400
    assert response.json()["errorCode"] == "MCI02"
    response = user_client.get("/api/tree/folders/dataModels/12345")
    assert response.status_code == 404
    assert response.json() | {"resource": "DataModel", "id": "null"} == response.json()


def test_item_children_on_a_versioned_folder_tree_are_a_400(user_client, catalogue):
    response = user_client.get(f"/api/tree/versionedFolders/dataModels/{catalogue['model'].pk}")
    assert response.status_code == 400


def test_anonymous_reads_public_model_items_with_no_actions(client, other_user):
    folder = make_folder("Open", user=other_user, readable_by_everyone=True)
    model = populate_model(make_data_model("Open model", folder=folder, user=other_user))
    nodes = client.get(f"/api/tree/folders/dataModels/{model.pk}").json()
    assert nodes and all(node["availableActions"] == [] for node in nodes)


def test_finalised_models_offer_no_creation_in_the_tree(user_client, catalogue):
    model = catalogue["model"]
    m.CatalogueModel.objects.filter(pk=model.pk).update(finalised=True, model_version="1.0.0")
    node = by_label(user_client.get(f"/api/tree/folders/{catalogue['mine'].pk}").json(), "Model")
    assert node["availableActions"] == ["delete", "moveToContainer", "moveToFolder", "softDelete"]
    assert node["modelVersion"] == "1.0.0" and node["path"] == "dm:Model$1.0.0"
    items = user_client.get(f"/api/tree/folders/dataModels/{model.pk}").json()
    assert all(item["availableActions"] == ["delete"] for item in items)


# --- ancestors -----------------------------------------------------------------------------------------------

def _chain(node):
    """(domainType, label) down the single-child chain, checking each level has exactly one child."""
    out = []
    while True:
        out.append((node["domainType"], node["label"]))
        if "children" not in node:
            return out
        assert node["hasChildren"] is True
        assert len(node["children"]) == 1
        node = node["children"][0]


def test_ancestors_of_an_element_go_from_the_root_folder_down(user_client, catalogue, user):
    model = catalogue["model"]
    m.CatalogueModel.objects.filter(pk=model.pk).update(folder=catalogue["sub"])
    nested = m.DataClass.objects.get(model=model, label="nested")
    element = m.DataElement.objects.filter(data_class=nested).order_by("index").first()
    response = user_client.get(f"/api/tree/folders/dataElements/{element.pk}/ancestors")
    assert response.status_code == 200
    root = response.json()
    assert _chain(root) == [("Folder", "mine"), ("Folder", "Sub"), ("DataModel", "Model"),
                            ("DataClass", "class 0"), ("DataClass", "nested"), ("DataElement", element.label)]
    model_node = root["children"][0]["children"][0]
    assert model_node["branchName"] == "main"
    leaf = model_node["children"][0]["children"][0]["children"][0]
    assert leaf == {"id": str(element.pk), "domainType": "DataElement", "label": element.label,
                    "hasChildren": False, "availableActions": ["createModelItem", "delete"],
                    "path": f"dm:Model$main|dc:class 0|dc:nested|de:{element.label}", "modelId": str(model.pk),
                    "parentId": str(nested.pk)}
    assert model_node["children"][0]["children"][0]["parentId"] == model_node["children"][0]["id"]
    assert "parentId" not in model_node["children"][0]


def test_ancestors_of_a_class_a_value_a_model_and_a_folder(user_client, catalogue):
    model = catalogue["model"]
    parent = m.DataClass.objects.get(model=model, label="class 0")
    chain = _chain(user_client.get(f"/api/tree/folders/dataClasses/{parent.pk}/ancestors").json())
    assert chain == [("Folder", "mine"), ("DataModel", "Model"), ("DataClass", "class 0")]
    leaf = user_client.get(f"/api/tree/folders/dataClasses/{parent.pk}/ancestors").json()
    assert leaf["children"][0]["children"][0]["hasChildren"] is True  # not expanded, but it has a child class

    value = m.EnumerationValue.objects.filter(model=model).select_related("data_type").first()
    chain = _chain(user_client.get(f"/api/tree/folders/enumerationValues/{value.pk}/ancestors").json())
    assert chain == [("Folder", "mine"), ("DataModel", "Model"), ("EnumerationType", value.data_type.label),
                     ("EnumerationValue", value.key)]

    root = user_client.get(f"/api/tree/folders/dataModels/{model.pk}/ancestors").json()
    assert _chain(root) == [("Folder", "mine"), ("DataModel", "Model")]
    assert root["children"][0]["hasChildren"] is True

    root = user_client.get(f"/api/tree/folders/folders/{catalogue['sub'].pk}/ancestors").json()
    assert _chain(root) == [("Folder", "mine"), ("Folder", "Sub")]
    assert root["children"][0]["path"] == "fo:mine|fo:Sub"


def test_ancestors_stop_below_a_folder_the_caller_cannot_read(user_client, other_user, user):
    hidden_parent = make_folder("Closed", user=other_user)
    model = make_data_model("Shared", folder=make_folder("Inner", user=other_user, parent=hidden_parent),
                            user=other_user, readable_by_everyone=True)
    root = user_client.get(f"/api/tree/folders/dataModels/{model.pk}/ancestors").json()
    # A readable model makes its ancestor folders visible, and only the path down to it is shown.
    assert _chain(root) == [("Folder", "Closed"), ("Folder", "Inner"), ("DataModel", "Shared")]
    assert root["availableActions"] == []


def test_ancestors_in_the_classifier_tree_are_a_400(user_client, catalogue):
    response = user_client.get(f"/api/tree/classifiers/dataModels/{catalogue['model'].pk}/ancestors")
    assert response.status_code == 400
    assert response.json()["errorCode"] == "TII03"


# --- GET /api/tree/full/{modelType}/{id} ---------------------------------------------------------------------

def _walk(node):
    yield node
    for child in node.get("children", []):
        yield from _walk(child)


def test_full_tree_holds_classes_elements_types_and_values(user_client, catalogue):
    model = catalogue["model"]
    response = user_client.get(f"/api/tree/full/dataModels/{model.pk}")
    assert response.status_code == 200
    root = response.json()
    assert root["id"] == str(model.pk) and root["domainType"] == "DataModel" and root["hasChildren"] is True
    nodes = list(_walk(root))[1:]
    counts = {}
    for node in nodes:
        counts[node["domainType"]] = counts.get(node["domainType"], 0) + 1
        assert node["modelId"] == str(model.pk)
    assert counts == {"DataClass": m.DataClass.objects.filter(model=model).count(),
                      "DataElement": m.DataElement.objects.filter(model=model).count(),
                      "PrimitiveType": 1, "EnumerationType": 2,
                      "EnumerationValue": m.EnumerationValue.objects.filter(model=model).count()}
    # Top level: types and root classes; leaves first, then by index, then by label.
    assert labels(root["children"]) == ["string", "class 0", "class 1", "enum 0", "class 2", "enum 1"]
    class_0 = by_label(root["children"], "class 0")
    assert labels(class_0["children"])[-1] == "nested"
    nested = by_label(class_0["children"], "nested")
    assert nested["parentId"] == class_0["id"]
    assert nested["children"][0]["path"] == "dm:Model$main|dc:class 0|dc:nested|de:element 0"
    enum = by_label(root["children"], "enum 0")
    assert enum["domainType"] == "EnumerationType"
    assert [(v["label"], v["path"], v["parentId"]) for v in enum["children"]][0] == (
        "K0", "dm:Model$main|dt:enum 0|ev:K0", enum["id"])


def test_full_tree_of_an_empty_model(user_client, catalogue, user):
    bare = make_data_model("Bare", folder=catalogue["mine"], user=user)
    root = user_client.get(f"/api/tree/full/dataModels/{bare.pk}").json()
    assert root["hasChildren"] is False and "children" not in root


def test_full_tree_errors(user_client, catalogue):
    hidden = catalogue["hidden_model"].pk
    assert user_client.get(f"/api/tree/full/dataModels/{hidden}").status_code == 404
    assert user_client.get(f"/api/tree/full/dataModels/{uuid.uuid4()}").json()["resource"] == "DataModel"
    assert user_client.get("/api/tree/full/dataModels/nope").status_code == 404
    assert user_client.get(f"/api/tree/full/terminologies/{catalogue['model'].pk}").json()["resource"] == \
        "Terminology"
    response = user_client.get(f"/api/tree/full/dataClasses/{catalogue['model'].pk}")
    assert response.status_code == 400 and response.json()["errorCode"] == "TII02"
    assert user_client.get(f"/api/tree/full/gadgets/{catalogue['model'].pk}").json()["errorCode"] == "MCI02"


def test_full_tree_of_a_public_model_for_anonymous(client, other_user):
    folder = make_folder("Open", user=other_user, readable_by_everyone=True)
    model = populate_model(make_data_model("Open model", folder=folder, user=other_user))
    root = client.get(f"/api/tree/full/dataModels/{model.pk}").json()
    assert all(node["availableActions"] == [] for node in _walk(root))


# --- classifiers ---------------------------------------------------------------------------------------------

def test_classifier_tree_nests_every_readable_classifier(client, user_client, user, other_user):
    top = m.Classifier.objects.create(label="top", readable_by_everyone=True, created_by=other_user.email_address)
    m.Classifier.objects.create(label="Inner", parent_classifier=top, readable_by_everyone=True)
    make_classifier("Private", user=other_user)
    make_classifier("Mine", user=user)

    nodes = client.get("/api/tree/classifiers").json()
    assert labels(nodes) == ["top"]
    assert nodes[0]["children"] == [{
        "id": str(m.Classifier.objects.get(label="Inner").pk), "domainType": "Classifier", "label": "Inner",
        "hasChildren": False, "availableActions": [], "path": "cl:top|cl:Inner", "deleted": False,
        "parentFolder": str(top.pk)}]
    nodes = user_client.get("/api/tree/classifiers").json()
    assert labels(nodes) == ["Mine", "top"]
    assert by_label(nodes, "Mine")["availableActions"] == ["createContainer", "createModel", "delete",
                                                           "moveToContainer", "softDelete"]
    assert user_client.get(f"/api/tree/classifiers/{top.pk}").json()[0]["label"] == "Inner"
    assert user_client.get(f"/api/tree/classifiers/{uuid.uuid4()}").json()["resource"] == "Classifier"
