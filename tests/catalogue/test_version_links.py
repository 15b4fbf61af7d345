"""Version links on models (`/api/{modelDomainType}/{modelId}/versionLinks`) and the version trees built from them
(`modelVersionTree`, `simpleModelVersionTree`): shapes as the web UI reads them, rules, rights and costs."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from tests.catalogue.facets_support import set_model
from tests.catalogue.factories import make_data_class, make_data_model, make_folder
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

FORK = "New Fork Of"
MODEL_VERSION = "New Model Version Of"
DOC_VERSION = "New Documentation Version Of"


@pytest.fixture
def models(user):
    folder = make_folder("Versions", user=user)
    return {"source": make_data_model("Source", folder=folder, user=user),
            "target": make_data_model("Target", folder=folder, user=user)}


def links_url(model, suffix=""):
    return f"/api/dataModels/{model.pk}/versionLinks{suffix}"


def _create(api, source, target, link_type=FORK, domain_type="DataModel"):
    return api.post(links_url(source), {"linkType": link_type, "targetModelId": str(target.pk),
                                        "targetModelDomainType": domain_type}, format="json")


def _ref(model):
    return {"id": str(model.pk), "domainType": "DataModel", "label": model.label}


# --- the link facet ---------------------------------------------------------------------------------------

def test_a_new_model_has_an_empty_list(user_client, models):
    response = user_client.get(links_url(models["source"]))
    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}


def test_create_show_update_delete_round_trip(user_client, models):
    source, target = models["source"], models["target"]
    response = _create(user_client, source, target)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {"id": body["id"], "linkType": FORK, "domainType": "VersionLink",
                    "sourceModel": _ref(source), "targetModel": _ref(target)}
    assert response["Location"].endswith(f"/api/dataModels/{source.pk}/versionLinks/{body['id']}")
    assert user_client.get(links_url(source, f"/{body['id']}")).json() == body
    edit = m.Edit.objects.filter(resource_id=source.pk).latest("date_created")
    assert edit.description == f"[VersionLink:NEW_FORK_OF:{target.pk}] added to component [DataModel:Source]"

    updated = user_client.put(links_url(source, f"/{body['id']}"), {"linkType": "new_documentation_version_of"},
                              format="json")
    assert updated.status_code == 200 and updated.json()["linkType"] == DOC_VERSION
    assert m.VersionLink.objects.get().link_type == DOC_VERSION

    assert user_client.delete(links_url(source, f"/{body['id']}")).status_code == 204
    assert not m.VersionLink.objects.exists()


def test_both_ends_list_the_link_but_only_the_source_owns_it(user_client, models):
    source, target = models["source"], models["target"]
    link_id = _create(user_client, source, target).json()["id"]
    for model in (source, target):
        listed = user_client.get(links_url(model)).json()
        assert listed["count"] == 1 and listed["items"][0]["id"] == link_id
    assert user_client.get(links_url(source, "?type=source")).json()["count"] == 1
    assert user_client.get(links_url(source, "?type=target")).json()["count"] == 0
    assert user_client.get(links_url(target, "?type=target")).json()["count"] == 1
    assert user_client.get(links_url(source, f"?linkType={FORK}")).json()["count"] == 1
    assert user_client.get(links_url(source, "?linkType=NEW_MODEL_VERSION_OF")).json()["count"] == 0
    # Through the target the link is listed, never shown or changed.
    assert user_client.get(links_url(target, f"/{link_id}")).status_code == 404
    assert user_client.delete(links_url(target, f"/{link_id}")).status_code == 404
    assert m.VersionLink.objects.count() == 1


def test_bad_bodies(user_client, models, user):
    source, target = models["source"], models["target"]
    item = make_data_class(source, "A class")
    missing = user_client.post(links_url(source), {"linkType": FORK, "targetModel": str(source.pk)}, format="json")
    assert missing.status_code == 400  # a required field missing (Mauro's invalid body)
    cases = [
        ({"targetModelId": str(target.pk), "targetModelDomainType": "DataModel"}, 400),  # no linkType
        ({"linkType": "Refines", "targetModelId": str(target.pk), "targetModelDomainType": "DataModel"}, 422),
        ({"linkType": FORK, "targetModelId": "nope", "targetModelDomainType": "DataModel"}, 422),
        ({"linkType": FORK, "targetModelId": str(target.pk), "targetModelDomainType": "Nothing"}, 422),
        ({"linkType": FORK, "targetModelId": str(item.pk), "targetModelDomainType": "DataClass"}, 422),
        ({"linkType": FORK, "targetModelId": str(source.pk), "targetModelDomainType": "DataModel"}, 422),
        ({"linkType": FORK, "targetModelId": str(uuid.uuid4()), "targetModelDomainType": "DataModel"}, 404),
        ({"linkType": 5, "targetModelId": str(target.pk), "targetModelDomainType": "DataModel"}, 422),
    ]
    for body, status in cases:
        response = user_client.post(links_url(source), body, format="json")
        assert response.status_code == status, (body, response.content)
        assert response["Content-Type"].startswith("application/json")
    assert user_client.post(links_url(source), "[]", content_type="application/json").status_code in (400, 422)
    assert not m.VersionLink.objects.exists()


def test_bad_urls(user_client, models):
    source = models["source"]
    item = make_data_class(source, "A class")
    response = user_client.get(f"/api/dataClasses/{item.pk}/versionLinks")
    assert response.status_code == 400 and response.json()["errorCode"] == "VLI01"
    assert user_client.get(f"/api/nothings/{source.pk}/versionLinks").status_code == 400
    assert user_client.get("/api/dataModels/not-a-uuid/versionLinks").status_code == 404
    assert user_client.get(links_url(source, "/not-a-uuid")).status_code == 404
    assert user_client.get(links_url(source, f"/{uuid.uuid4()}")).status_code == 404
    assert user_client.get(links_url(source, "?type=sideways")).status_code == 400
    assert user_client.get(links_url(source, "?linkType=Sideways")).status_code == 400


def test_links_to_unreadable_models_are_hidden(user_client, models, other_user, admin_client):
    hidden = make_data_model("Hidden", user=other_user)
    m.VersionLink.objects.create(source_model=models["source"], target_model=hidden, link_type=FORK)
    m.VersionLink.objects.create(source_model=hidden, target_model=models["source"], link_type=MODEL_VERSION)
    assert user_client.get(links_url(models["source"])).json()["count"] == 0
    assert admin_client.get(links_url(models["source"])).json()["count"] == 2
    assert _create(user_client, models["source"], hidden).status_code == 404


def test_rights(client, user_client, models, other_user):
    source, target = models["source"], models["target"]
    link_id = _create(user_client, source, target).json()["id"]
    reader = make_user("model-reader@example.com")
    set_model(source, readable_by_authenticated_users=True)
    reader_client = logged_in_client(reader)
    # The link's target is not readable to them: the link is as absent as its target.
    assert reader_client.get(links_url(source)).json() == {"count": 0, "items": []}
    assert reader_client.get(links_url(source, f"/{link_id}")).status_code == 404
    before = m.VersionLink.objects.count()
    assert _create(reader_client, source, target).status_code == 403  # the right on the model comes first
    set_model(target, readable_by_authenticated_users=True)
    assert reader_client.get(links_url(source)).json()["count"] == 1
    assert reader_client.get(links_url(source, f"/{link_id}")).status_code == 200
    assert reader_client.put(links_url(source, f"/{link_id}"), {"linkType": DOC_VERSION},
                             format="json").status_code == 403
    assert reader_client.delete(links_url(source, f"/{link_id}")).status_code == 403
    assert _create(client, source, target).status_code == 401
    assert client.get(links_url(source)).status_code == 404
    outsider = logged_in_client(other_user)
    set_model(source, readable_by_authenticated_users=False)
    assert outsider.get(links_url(source)).status_code == 404
    assert outsider.delete(links_url(source, f"/{link_id}")).status_code == 404
    assert m.VersionLink.objects.count() == before
    # Finalised models keep their links as they are.
    set_model(source, finalised=True, model_version="1.0.0")
    assert _create(user_client, source, target).status_code == 403


def test_the_list_costs_the_same_for_1_and_20_links(user, user_client):
    counts = []
    for tag, size in (("few", 1), ("many", 20)):
        folder = make_folder(f"{tag} folder", user=user)
        source = make_data_model(f"{tag} source", folder=folder, user=user)
        for n in range(size):
            target = make_data_model(f"{tag} target {n}", folder=folder, user=user)
            m.VersionLink.objects.create(source_model=source, target_model=target, link_type=FORK)
        with CaptureQueriesContext(connection) as captured:
            response = user_client.get(links_url(source, "?max=100"))
        assert response.json()["count"] == size
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- version trees --------------------------------------------------------------------------------------------

def test_a_draft_never_versioned_is_a_one_node_tree(user_client, models):
    model = models["source"]
    simple = user_client.get(f"/api/dataModels/{model.pk}/simpleModelVersionTree")
    assert simple.status_code == 200
    assert simple.json() == [{"id": str(model.pk), "branch": "main", "modelVersion": None, "modelVersionTag": None,
                              "documentationVersion": "1.0.0", "displayName": "main"}]
    assert user_client.get(f"/api/dataModels/{model.pk}/simpleModelVersionTree?branchesOnly=true").json() == \
        simple.json()
    assert user_client.get(f"/api/dataModels/{model.pk}/simpleModelVersionTree?branchesOnly=false").json() == \
        simple.json()
    assert user_client.get(f"/api/dataModels/{model.pk}/simpleModelVersionTree?forMerge=true").json() == []
    full = user_client.get(f"/api/dataModels/{model.pk}/modelVersionTree")
    assert full.status_code == 200
    assert full.json() == [{"id": str(model.pk), "label": "Source", "branch": "main", "modelVersion": None,
                            "modelVersionTag": None, "documentationVersion": "1.0.0",
                            "isNewBranchModelVersion": False, "isNewDocumentationVersion": False,
                            "isNewFork": False, "targets": []}]


def test_a_finalised_model_never_versioned(user_client, models):
    model = set_model(models["source"], finalised=True, model_version="1.0.0", model_version_tag="first")
    url = f"/api/dataModels/{model.pk}/simpleModelVersionTree"
    assert user_client.get(url).json() == [{"id": str(model.pk), "branch": None, "modelVersion": "1.0.0",
                                            "modelVersionTag": "first", "documentationVersion": "1.0.0",
                                            "displayName": "V1.0.0"}]
    assert user_client.get(f"{url}?branchesOnly=true").json() == []


def _version(label, folder, user, *, version=None, branch="main", parent=None, link=MODEL_VERSION, **fields):
    model = make_data_model(label, folder=folder, user=user, branch_name=branch, finalised=version is not None,
                            model_version=version, **fields)
    if parent is not None:
        m.VersionLink.objects.create(source_model=model, target_model=parent, link_type=link)
    return model


@pytest.fixture
def history(user):
    """v1 → v2 (finalised) → main draft and a `feature` branch; v1 → a `fix` branch; v1 forked; v1 → a new
    documentation version (finalised 1.0.0, doc 2.0.0)."""
    folder = make_folder("History", user=user)
    v1 = _version("Line", folder, user, version="1.0.0")
    v2 = _version("Line", folder, user, version="2.0.0", parent=v1)
    main = _version("Line", folder, user, parent=v2)
    feature = _version("Line", folder, user, branch="feature", parent=v2)
    fix = _version("Line", folder, user, branch="fix", parent=v1)
    fork = _version("Fork of line", folder, user, parent=v1, link=FORK)
    return {"v1": v1, "v2": v2, "main": main, "feature": feature, "fix": fix, "fork": fork}


def test_the_tree_follows_links_from_anywhere_in_the_line(user_client, history):
    ids = {key: str(model.pk) for key, model in history.items()}
    for start in ("v1", "v2", "main", "feature", "fix"):
        simple = user_client.get(f"/api/dataModels/{ids[start]}/simpleModelVersionTree").json()
        assert [(node["id"], node["displayName"]) for node in simple] == [
            (ids["v1"], "V1.0.0"), (ids["fix"], "fix (V1.0.0)"), (ids["v2"], "V2.0.0"),
            (ids["main"], "main (V2.0.0)"), (ids["feature"], "feature (V2.0.0)")], start
    branches = user_client.get(f"/api/dataModels/{ids['feature']}/simpleModelVersionTree?branchesOnly=true").json()
    assert [node["id"] for node in branches] == [ids["fix"], ids["main"], ids["feature"]]
    for_merge = user_client.get(f"/api/dataModels/{ids['feature']}/simpleModelVersionTree?forMerge=true").json()
    assert [node["id"] for node in for_merge] == [ids["fix"], ids["main"]]
    # A fork starts its own line.
    assert [n["id"] for n in user_client.get(f"/api/dataModels/{ids['fork']}/simpleModelVersionTree").json()] == \
        [ids["fork"]]

    full = user_client.get(f"/api/dataModels/{ids['main']}/modelVersionTree").json()
    by_id = {node["id"]: node for node in full}
    assert set(by_id) == set(ids.values())
    assert full[0]["id"] == ids["v1"] and full[0]["branch"] is None
    assert {(t["id"], t["description"]) for t in by_id[ids["v1"]]["targets"]} == {
        (ids["v2"], MODEL_VERSION), (ids["fix"], MODEL_VERSION), (ids["fork"], FORK)}
    assert by_id[ids["fork"]]["isNewFork"] is True and by_id[ids["fork"]]["label"] == "Fork of line"
    assert by_id[ids["main"]]["isNewBranchModelVersion"] is True


def test_documentation_versions_are_named_dm(user_client, user):
    folder = make_folder("Docs", user=user)
    first = _version("Doc line", folder, user, version="1.0.0")
    second = _version("Doc line", folder, user, parent=first, link=DOC_VERSION, branch="docs",
                      documentation_version="2.0.0")
    simple = user_client.get(f"/api/dataModels/{second.pk}/simpleModelVersionTree").json()
    assert [node["displayName"] for node in simple] == ["V1.0.0", "DM V2.0.0 (V1.0.0)"]


def test_unreadable_versions_are_left_out_with_their_descendants(user, other_user, history):
    hidden_folder = make_folder("Elsewhere", user=other_user)
    hidden = _version("Line", hidden_folder, other_user, branch="secret", parent=history["v2"])
    _version("Line", hidden_folder, other_user, branch="below secret", parent=hidden)
    mine = logged_in_client(user)
    simple = mine.get(f"/api/dataModels/{history['main'].pk}/simpleModelVersionTree").json()
    assert str(hidden.pk) not in {node["id"] for node in simple} and len(simple) == 5
    assert logged_in_client(other_user).get(
        f"/api/dataModels/{hidden.pk}/simpleModelVersionTree").json() == []  # its root is not readable to them


def test_version_tree_urls_and_rights(client, user_client, models, other_user):
    model = models["source"]
    assert client.get(f"/api/dataModels/{model.pk}/simpleModelVersionTree").status_code == 404
    assert logged_in_client(other_user).get(f"/api/dataModels/{model.pk}/modelVersionTree").status_code == 404
    assert user_client.get("/api/dataModels/not-a-uuid/simpleModelVersionTree").status_code == 404
    assert user_client.get(f"/api/dataModels/{uuid.uuid4()}/modelVersionTree").status_code == 404
    response = user_client.get(f"/api/dataModels/{model.pk}/simpleModelVersionTree?branchesOnly=perhaps")
    assert response.status_code == 400 and response.json()["errorCode"] == "REQ06"
    assert user_client.get(f"/api/terminologies/{model.pk}/modelVersionTree").status_code == 404
    set_model(model, readable_by_everyone=True)
    assert client.get(f"/api/dataModels/{model.pk}/simpleModelVersionTree").status_code == 200


def test_a_tree_costs_the_same_for_few_and_many_branches(user, user_client):
    counts = []
    for tag, size in (("few", 1), ("many", 12)):
        folder = make_folder(f"{tag} folder", user=user)
        root = _version(f"{tag} line", folder, user, version="1.0.0")
        for n in range(size):
            _version(f"{tag} line", folder, user, branch=f"branch {n}", parent=root)
        with CaptureQueriesContext(connection) as captured:
            response = user_client.get(f"/api/dataModels/{root.pk}/simpleModelVersionTree")
        assert len(response.json()) == size + 1
        counts.append(len(captured))
    assert counts[0] == counts[1]
