"""Terminologies and code sets as whole models: created in a folder, listed, shown, updated, moved, soft and
permanently deleted, restored, made public; the same rights and states as data models (contract §5.4, §7.3)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.catalogue.factories import (
    make_code_set,
    make_data_model,
    make_folder,
    make_terminology,
    make_terms,
)
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

KINDS = [("terminologies", "Terminology", "te"), ("codeSets", "CodeSet", "cs")]
INDEX_KEYS = {"id", "domainType", "label", "path", "branchName", "documentationVersion", "authority"}
SHOW_KEYS = {"id", "domainType", "label", "path", "type", "branchName", "documentationVersion", "availableActions",
             "lastUpdated", "finalised", "readableByEveryone", "readableByAuthenticatedUsers", "authority"}
EDITOR_ACTIONS = ["comment", "delete", "editDescription", "finalise", "save", "show", "softDelete", "update"]


@pytest.fixture(params=KINDS, ids=[k[0] for k in KINDS])
def kind(request):
    return request.param


@pytest.fixture
def folder(user):
    return make_folder("Work", user=user)


def make_kind(kind, label, **kwargs):
    return (make_terminology if kind[1] == "Terminology" else make_code_set)(label, **kwargs)


def grant(user, model, role):
    group = UserGroup.objects.create(name=f"{role} on {model.label} for {user.email_address}")
    group.members.add(user)
    SecurableResourceGroupRole.objects.create(user_group=group, group_role=GroupRole.objects.get(name=role),
                                              securable_resource_id=model.pk,
                                              securable_resource_domain_type=model.domain_type)


def stored(model):
    return m.CatalogueModel.objects.filter(pk=model.pk).values(
        "label", "description", "deleted", "folder_id", "readable_by_everyone", "last_updated").first()


class TestCreate:
    def test_create_in_a_folder(self, kind, user_client, user, folder):
        collection, domain, prefix = kind
        response = user_client.post(f"/api/folders/{folder.pk}/{collection}",
                                    {"label": "Codes", "description": "Coded values", "author": "Ann",
                                     "type": "Data Asset"}, format="json")
        assert response.status_code == 201
        body = response.json()
        assert set(body) == SHOW_KEYS | {"description", "author"}
        assert body["domainType"] == domain and body["type"] == domain
        assert body["path"] == f"{prefix}:Codes$main"
        assert body["availableActions"] == EDITOR_ACTIONS and body["finalised"] is False
        assert response["Location"].endswith(f"/api/{collection}/{body['id']}")
        model = m.CatalogueModel.objects.get(pk=body["id"])
        assert model.model_domain_type == domain and model.folder_id == folder.pk
        assert list(m.Edit.objects.filter(resource_id=model.pk).values_list("description", flat=True)) == [
            f"[{domain}:Codes] created"]

    def test_bad_input_stores_nothing(self, kind, user_client, folder):
        url = f"/api/folders/{folder.pk}/{kind[0]}"
        assert user_client.post(url, {}, format="json").status_code == 400
        assert user_client.post(url, {"label": 5}, format="json").status_code == 422
        assert user_client.post(url, {"label": "a|b"}, format="json").status_code == 422
        assert user_client.post(url, {"label": "Codes"}, format="json").status_code == 201
        taken = user_client.post(url, {"label": "Codes"}, format="json")
        assert taken.status_code == 422 and taken.json()["total"] == 1
        assert m.CatalogueModel.objects.filter(model_domain_type=kind[1]).count() == 1

    def test_same_label_as_another_kind_is_allowed(self, kind, user_client, user, folder):
        make_data_model("Codes", folder=folder, user=user)
        assert user_client.post(f"/api/folders/{folder.pk}/{kind[0]}", {"label": "Codes"},
                                format="json").status_code == 201

    def test_permissions(self, kind, client, user, folder):
        url = f"/api/folders/{folder.pk}/{kind[0]}"
        assert client.post(url, {"label": "X"}, format="json").status_code == 401
        stranger = logged_in_client(make_user("stranger@example.com"))
        assert stranger.post(url, {"label": "X"}, format="json").status_code == 404
        reader = make_user("reader2@example.com")
        grant(reader, folder, "reader")
        assert logged_in_client(reader).post(url, {"label": "X"}, format="json").status_code == 403
        assert not m.CatalogueModel.objects.exists()


class TestRead:
    def test_lists_show_only_their_kind_and_what_the_caller_reads(self, kind, user, user_client, client, folder):
        collection, domain, _ = kind
        mine = make_kind(kind, "Mine", folder=folder, user=user)
        make_kind(kind, "Hidden", folder=make_folder("Elsewhere"))
        make_data_model("A data model", folder=folder, user=user)
        public = make_kind(kind, "Public", folder=make_folder("Open"), readable_by_everyone=True)
        body = user_client.get(f"/api/{collection}").json()
        assert [x["label"] for x in body["items"]] == ["Mine", "Public"] and body["count"] == 2
        assert set(body["items"][0]) == INDEX_KEYS
        assert [x["label"] for x in client.get(f"/api/{collection}").json()["items"]] == ["Public"]
        assert [x["id"] for x in user_client.get(f"/api/folders/{folder.pk}/{collection}").json()["items"]] == [
            str(mine.pk)]
        assert user_client.get(f"/api/{collection}/{public.pk}").json()["availableActions"] == ["show"]

    def test_show_and_unreadable(self, kind, user, user_client, client, folder):
        collection, domain, _ = kind
        model = make_kind(kind, "Mine", folder=folder, user=user)
        shown = user_client.get(f"/api/{collection}/{model.pk}")
        assert shown.status_code == 200 and set(shown.json()) == SHOW_KEYS
        missing = client.get(f"/api/{collection}/{model.pk}")
        assert missing.status_code == 404 and missing.json()["resource"] == domain
        other_kind = make_data_model("DM", folder=folder, user=user)
        assert user_client.get(f"/api/{collection}/{other_kind.pk}").status_code == 404
        assert user_client.get(f"/api/{collection}/not-a-uuid").status_code == 404

    def test_list_query_count_is_fixed(self, kind, user, user_client, folder):
        def count():
            with CaptureQueriesContext(connection) as queries:
                assert user_client.get(f"/api/{kind[0]}?max=100").status_code == 200
            return len(queries)

        make_kind(kind, "First", folder=folder, user=user)
        few = count()
        for n in range(12):
            make_kind(kind, f"More {n}", folder=folder, user=user)
        assert count() == few


class TestWrite:
    def test_update(self, kind, user, user_client, folder):
        model = make_kind(kind, "Codes", folder=folder, user=user)
        response = user_client.put(f"/api/{kind[0]}/{model.pk}", {"label": "Renamed", "type": "Data Asset"},
                                   format="json")
        assert response.status_code == 200
        assert response.json()["label"] == "Renamed" and response.json()["type"] == kind[1]

    def test_reader_and_finalised_cannot_update(self, kind, user, folder):
        model = make_kind(kind, "Codes", folder=folder)
        reader = make_user("r@example.com")
        grant(reader, model, "reader")
        before = stored(model)
        assert logged_in_client(reader).put(f"/api/{kind[0]}/{model.pk}", {"label": "X"},
                                            format="json").status_code == 403
        editor = make_user("e@example.com")
        grant(editor, model, "editor")
        m.CatalogueModel.objects.filter(pk=model.pk).update(finalised=True, model_version="1.0.0")
        assert logged_in_client(editor).put(f"/api/{kind[0]}/{model.pk}", {"label": "X"},
                                            format="json").status_code == 403
        assert stored(model)["label"] == before["label"]

    def test_soft_delete_restore_and_permanent_delete(self, kind, user, user_client, admin_client, folder):
        collection = kind[0]
        model = make_kind(kind, "Codes", folder=folder, user=user)
        if kind[1] == "Terminology":
            make_terms(model, ["A", "B"])
        deleted = user_client.delete(f"/api/{collection}/{model.pk}")
        assert deleted.status_code == 200 and deleted.json()["deleted"] is True
        assert user_client.put(f"/api/{collection}/{model.pk}", {"label": "X"}, format="json").status_code == 403
        assert user_client.put(f"/api/admin/{collection}/{model.pk}/undoSoftDelete").status_code == 403
        restored = admin_client.put(f"/api/admin/{collection}/{model.pk}/undoSoftDelete")
        assert restored.status_code == 200 and "deleted" not in restored.json()
        assert user_client.delete(f"/api/{collection}/{model.pk}?permanent=true").status_code == 204
        assert not m.CatalogueModel.objects.filter(pk=model.pk).exists() and not m.Term.objects.exists()

    def test_editor_cannot_delete_permanently(self, kind, folder):
        model = make_kind(kind, "Codes", folder=folder)
        editor = make_user("e@example.com")
        grant(editor, model, "editor")
        assert logged_in_client(editor).delete(f"/api/{kind[0]}/{model.pk}?permanent=true").status_code == 403
        assert m.CatalogueModel.objects.filter(pk=model.pk).exists()

    def test_move(self, kind, user, user_client, folder):
        model = make_kind(kind, "Codes", folder=folder, user=user)
        destination = make_folder("There", user=user)
        moved = user_client.put(f"/api/{kind[0]}/{model.pk}/folder/{destination.pk}")
        assert moved.status_code == 200 and stored(model)["folder_id"] == destination.pk
        back = user_client.put(f"/api/folders/{folder.pk}/{kind[0]}/{model.pk}")
        assert back.status_code == 200 and stored(model)["folder_id"] == folder.pk
        hidden = make_folder("Hidden")
        assert user_client.put(f"/api/{kind[0]}/{model.pk}/folder/{hidden.pk}").status_code == 404

    def test_public_flags(self, kind, user, user_client, client, folder):
        model = make_kind(kind, "Codes", folder=folder, user=user)
        assert client.get(f"/api/{kind[0]}/{model.pk}").status_code == 404
        flagged = user_client.put(f"/api/{kind[0]}/{model.pk}/readByEveryone")
        assert flagged.status_code == 200 and flagged.json()["readableByEveryone"] is True
        assert flagged.json()["domainType"] == kind[1]
        assert client.get(f"/api/{kind[0]}/{model.pk}").status_code == 200
        assert user_client.delete(f"/api/{kind[0]}/{model.pk}/readByEveryone").json()["readableByEveryone"] is False
        assert user_client.put(f"/api/{kind[0]}/{model.pk}/readByAuthenticated").status_code == 200
        assert client.put(f"/api/{kind[0]}/{model.pk}/readByEveryone").status_code == 401

    def test_permissions_route(self, kind, user, user_client, folder):
        model = make_kind(kind, "Codes", folder=folder, user=user)
        body = user_client.get(f"/api/{kind[0]}/{model.pk}/permissions").json()
        assert body["readableByEveryone"] is False and len(body["writeableByGroups"]) == 1

    def test_bulk_delete_is_for_administrators(self, kind, user, user_client, admin_client, folder):
        model = make_kind(kind, "Codes", folder=folder, user=user)
        body = {"ids": [str(model.pk)], "permanent": False}
        assert user_client.delete(f"/api/{kind[0]}", body, format="json").status_code == 403
        response = admin_client.delete(f"/api/{kind[0]}", body, format="json")
        assert response.status_code == 200 and response.json()["items"][0]["deleted"] is True


def test_folder_tree_shows_terminologies_and_code_sets(user, user_client, folder):
    terminology = make_terminology("Codes", folder=folder, user=user)
    make_code_set("Chosen", folder=folder, user=user)
    nodes = user_client.get(f"/api/tree/folders/{folder.pk}").json()
    assert [(n["domainType"], n["label"], n["hasChildren"], n["type"]) for n in nodes] == [
        ("CodeSet", "Chosen", False, "CodeSet"), ("Terminology", "Codes", False, "Terminology")]
    m.TermRelationshipType.objects.create(model=terminology, label="is-a", display_label="Is a",
                                          child_relationship=True)
    nodes = user_client.get(f"/api/tree/folders/{folder.pk}").json()
    assert [n["hasChildren"] for n in nodes] == [False, True]


def test_path_lookup_and_prefix_mappings(user, user_client, folder):
    terminology = make_terminology("Codes", folder=folder, user=user)
    make_terms(terminology, ["A1"])
    found = user_client.get("/api/terminologies/path/te:Codes$main")
    assert found.status_code == 200 and found.json()["id"] == str(terminology.pk)
    mappings = user_client.get("/api/path/prefixMappings").json()
    assert {mappings[p] for p in ("te", "tm", "trt", "tr", "cs")} == {
        "Terminology", "Term", "TermRelationshipType", "TermRelationship", "CodeSet"}
