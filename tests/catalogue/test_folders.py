"""Folders: create (default labels), index/show shapes, update, children, move, soft and permanent delete."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from tests.catalogue.factories import make_data_model, make_folder, populate_model
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

INDEX_KEYS = {"id", "label", "lastUpdated", "domainType", "hasChildFolders", "path"}
SHOW_KEYS = INDEX_KEYS | {"readableByEveryone", "readableByAuthenticatedUsers", "availableActions"}


def edits_of(obj):
    return list(m.Edit.objects.filter(resource_id=obj.pk).values_list("title", "description"))


class TestCreate:
    def test_anonymous_cannot_create(self, client):
        response = client.post("/api/folders", {"label": "X"}, format="json")
        assert response.status_code == 401
        assert response.json()["errorCode"] == "AUTH02"
        assert not m.Folder.objects.exists()

    def test_create_root_folder(self, user_client, user):
        response = user_client.post("/api/folders", {"label": "Research", "description": "All of it"}, format="json")
        assert response.status_code == 201
        body = response.json()
        assert set(body) == SHOW_KEYS | {"description"}
        assert body["label"] == "Research" and body["domainType"] == "Folder" and body["path"] == "fo:Research"
        assert body["hasChildFolders"] is False and body["readableByEveryone"] is False
        assert body["availableActions"] == ["comment", "delete", "editDescription", "save", "show", "softDelete",
                                            "update"]
        assert response["Location"].endswith(f"/api/folders/{body['id']}")
        folder = m.Folder.objects.get(pk=body["id"])
        assert folder.created_by == user.email_address
        assert edits_of(folder) == [("CREATE", "[Folder:Research] created")]

    def test_default_labels_count_up(self, user_client):
        labels = [user_client.post("/api/folders", {}, format="json").json()["label"] for _ in range(3)]
        assert labels == ["New Folder", "New Folder (1)", "New Folder (2)"]
        assert user_client.post("/api/folders", {"label": ""}, format="json").json()["label"] == "New Folder (3)"

    def test_default_label_is_per_parent(self, user_client, user):
        parent = make_folder("Parent", user=user)
        make_folder("New Folder")
        response = user_client.post(f"/api/folders/{parent.pk}/folders", {}, format="json")
        assert response.status_code == 201
        assert response.json()["label"] == "New Folder"
        assert response.json()["path"] == "fo:Parent|fo:New Folder"

    @pytest.mark.parametrize("label", ["   ", "a|b", "at@home", "cost$", "x" * 256])
    def test_bad_labels_are_422(self, user_client, label):
        response = user_client.post("/api/folders", {"label": label}, format="json")
        assert response.status_code == 422
        body = response.json()
        assert body["total"] == 1 and body["errors"][0]["field"] == "label"
        assert not m.Folder.objects.exists()

    def test_label_of_wrong_type_is_422(self, user_client):
        assert user_client.post("/api/folders", {"label": 12}, format="json").status_code == 422

    def test_flag_of_wrong_type_is_422(self, user_client):
        response = user_client.post("/api/folders", {"readableByEveryone": "sometimes"}, format="json")
        assert response.status_code == 422
        assert not m.Folder.objects.exists()

    @pytest.mark.parametrize("body", ["[1, 2]", '"text"', "{broken"])
    def test_malformed_bodies_are_400(self, user_client, body):
        response = user_client.post("/api/folders", data=body, content_type="application/json")
        assert response.status_code == 400
        assert not m.Folder.objects.exists()

    def test_duplicate_root_label_is_422(self, user_client, other_user):
        make_folder("Shared", user=other_user)
        response = user_client.post("/api/folders", {"label": "Shared"}, format="json")
        assert response.status_code == 422
        assert response.json()["errors"][0]["message"] == (
            "Property [label] of class [Folder] with value [Shared] is not available")
        assert m.Folder.objects.filter(label="Shared").count() == 1

    def test_same_label_under_different_parents_is_fine(self, user_client, user):
        a, b = make_folder("A", user=user), make_folder("B", user=user)
        for parent in (a, b):
            assert user_client.post(f"/api/folders/{parent.pk}/folders", {"label": "Same"},
                                    format="json").status_code == 201

    def test_child_folder_records_on_parent(self, user_client, user):
        parent = make_folder("Parent", user=user)
        user_client.post(f"/api/folders/{parent.pk}/folders", {"label": "Kid"}, format="json")
        assert ("UPDATE", "[Folder:Kid] added to component [Folder:Parent]") in edits_of(parent)

    def test_child_in_someone_elses_public_folder_is_403(self, user_client, other_user):
        public = make_folder("Public", user=other_user, readable_by_everyone=True)
        response = user_client.post(f"/api/folders/{public.pk}/folders", {"label": "Mine"}, format="json")
        assert response.status_code == 403
        assert not m.Folder.objects.filter(label="Mine").exists()

    def test_child_in_hidden_folder_is_404(self, user_client, other_user):
        hidden = make_folder("Hidden", user=other_user)
        response = user_client.post(f"/api/folders/{hidden.pk}/folders", {"label": "Mine"}, format="json")
        assert response.status_code == 404
        assert response.json()["resource"] == "Folder"

    def test_child_in_deleted_folder_is_403(self, user_client, user):
        gone = make_folder("Gone", user=user, deleted=True)
        assert user_client.post(f"/api/folders/{gone.pk}/folders", {}, format="json").status_code == 403

    def test_anonymous_child_in_public_folder_is_401(self, client, other_user):
        public = make_folder("Public", user=other_user, readable_by_everyone=True)
        assert client.post(f"/api/folders/{public.pk}/folders", {}, format="json").status_code == 401


class TestRead:
    def test_index_lists_only_readable_folders_flat(self, client, user_client, user, other_user):
        mine = make_folder("Mine", user=user)
        make_folder("Sub", parent=mine, user=user)
        make_folder("Theirs", user=other_user)
        make_folder("Public", user=other_user, readable_by_everyone=True)
        make_folder("Members", user=other_user, readable_by_authenticated_users=True)
        labels = [f["label"] for f in user_client.get("/api/folders").json()["items"]]
        assert labels == ["Members", "Mine", "Public", "Sub"]
        anonymous = client.get("/api/folders").json()
        assert anonymous == {"count": 1, "items": [anonymous["items"][0]]}
        assert anonymous["items"][0]["label"] == "Public"

    def test_index_shape_paths_and_child_flags(self, user_client, user):
        top = make_folder("Top", user=user)
        mid = make_folder("Mid", parent=top, user=user)
        make_folder("Leaf", parent=mid, user=user, deleted=True)
        items = {f["label"]: f for f in user_client.get("/api/folders").json()["items"]}
        assert set(items["Top"]) == INDEX_KEYS
        assert items["Top"]["hasChildFolders"] is True and items["Leaf"]["hasChildFolders"] is False
        assert items["Leaf"]["path"] == "fo:Top|fo:Mid|fo:Leaf"
        assert items["Leaf"]["deleted"] is True and "deleted" not in items["Top"]
        assert items["Mid"]["lastUpdated"].endswith("Z")

    def test_sorting_and_paging(self, user_client, user):
        for label in ["b", "d", "a", "c", "e"]:
            make_folder(label, user=user)
        body = user_client.get("/api/folders?sort=label&order=desc&max=2&offset=1").json()
        assert body["count"] == 5
        assert [f["label"] for f in body["items"]] == ["d", "c"]
        assert [f["label"] for f in user_client.get("/api/folders?all=true").json()["items"]] == list("abcde")

    @pytest.mark.parametrize("query", ["max=x", "offset=-1", "sort=nothing", "order=up"])
    def test_bad_list_parameters_are_400(self, user_client, query):
        assert user_client.get(f"/api/folders?{query}").status_code == 400

    def test_show_full_shape(self, user_client, user):
        folder = make_folder("Shown", user=user, description="About", readable_by_authenticated_users=True)
        body = user_client.get(f"/api/folders/{folder.pk}").json()
        assert set(body) == SHOW_KEYS | {"description"}
        assert body["readableByAuthenticatedUsers"] is True and body["description"] == "About"

    def test_reader_sees_show_only(self, user_client, other_user):
        public = make_folder("Public", user=other_user, readable_by_everyone=True)
        assert user_client.get(f"/api/folders/{public.pk}").json()["availableActions"] == ["show"]

    def test_admin_sees_everything(self, admin_client, other_user):
        hidden = make_folder("Hidden", user=other_user)
        assert admin_client.get(f"/api/folders/{hidden.pk}").status_code == 200
        assert admin_client.get("/api/folders").json()["count"] == 1

    def test_hidden_and_missing_look_the_same(self, user_client, other_user):
        hidden = make_folder("Hidden", user=other_user)
        for folder_id in (hidden.pk, uuid.uuid4()):
            response = user_client.get(f"/api/folders/{folder_id}")
            assert response.status_code == 404
            assert response.json()["resource"] == "Folder" and response.json()["id"] == str(folder_id)

    def test_bad_uuid_is_404_with_null_id(self, user_client):
        response = user_client.get("/api/folders/not-a-uuid")
        assert response.status_code == 404 and response.json()["id"] == "null"

    def test_children_lists_direct_readable_children(self, user_client, user, other_user):
        top = make_folder("Top", user=user)
        make_folder("Kid", parent=top, user=user)
        make_folder("Grandkid", parent=m.Folder.objects.get(label="Kid"), user=user)
        make_folder("Stranger", parent=top, user=other_user)
        hidden = make_folder("Hidden", user=other_user)
        body = user_client.get(f"/api/folders/{top.pk}/folders").json()
        # Roles on a folder cover everything below it, whoever created it.
        assert [f["label"] for f in body["items"]] == ["Kid", "Stranger"]
        assert user_client.get(f"/api/folders/{hidden.pk}/folders").status_code == 404
        assert body["items"][0]["hasChildFolders"] is True

    def test_nested_route_checks_the_parent(self, user_client, user):
        a, b = make_folder("A", user=user), make_folder("B", user=user)
        kid = make_folder("Kid", parent=a, user=user)
        assert user_client.get(f"/api/folders/{a.pk}/folders/{kid.pk}").status_code == 200
        assert user_client.get(f"/api/folders/{b.pk}/folders/{kid.pk}").status_code == 404
        assert user_client.put(f"/api/folders/{b.pk}/folders/{kid.pk}", {"label": "X"},
                               format="json").status_code == 404
        assert user_client.put(f"/api/folders/{a.pk}/folders/{kid.pk}", {"label": "X"},
                               format="json").json()["label"] == "X"

    def test_unsupported_method_is_404_with_allow(self, user_client):
        response = user_client.patch("/api/folders", {}, format="json")
        assert response.status_code == 404
        assert "GET" in response["Allow"] and "POST" in response["Allow"]


def _index_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_folder_index_query_count_does_not_grow(user_client, user):
    def build(n, prefix):
        top = make_folder(f"{prefix} top", user=user)
        for i in range(n):
            kid = make_folder(f"{prefix} {i}", parent=top, user=user)
            make_folder(f"{prefix} {i} leaf", parent=kid, user=user)

    build(3, "small")
    small = _index_queries(user_client, "/api/folders?all=true")
    build(30, "large")
    large = _index_queries(user_client, "/api/folders?all=true")
    assert small == large


class TestUpdate:
    def test_update_label_description_and_flags(self, user_client, user):
        folder = make_folder("Old", user=user)
        response = user_client.put(f"/api/folders/{folder.pk}", {"label": "New", "description": "d",
                                                                 "readableByEveryone": True}, format="json")
        assert response.status_code == 200
        body = response.json()
        assert body["label"] == "New" and body["description"] == "d" and body["readableByEveryone"] is True
        folder.refresh_from_db()
        assert folder.label == "New"
        titles = dict((t, d) for t, d in edits_of(folder))
        assert "[label] changed from [Old] to [New]" in titles["UPDATE"]

    def test_reader_gets_403_and_nothing_changes(self, user_client, other_user):
        public = make_folder("Public", user=other_user, readable_by_everyone=True)
        response = user_client.put(f"/api/folders/{public.pk}", {"label": "Mine"}, format="json")
        assert response.status_code == 403
        public.refresh_from_db()
        assert public.label == "Public"

    def test_anonymous_gets_401_on_public_folder(self, client, other_user):
        public = make_folder("Public", user=other_user, readable_by_everyone=True)
        assert client.put(f"/api/folders/{public.pk}", {"label": "x"}, format="json").status_code == 401

    def test_hidden_is_404(self, user_client, other_user):
        hidden = make_folder("Hidden", user=other_user)
        assert user_client.put(f"/api/folders/{hidden.pk}", {"label": "x"}, format="json").status_code == 404

    def test_clash_with_sibling_is_422(self, user_client, user):
        make_folder("Taken", user=user)
        folder = make_folder("Free", user=user)
        response = user_client.put(f"/api/folders/{folder.pk}", {"label": "Taken"}, format="json")
        assert response.status_code == 422
        folder.refresh_from_db()
        assert folder.label == "Free"

    @pytest.mark.parametrize("label", [None, "", "a@b"])
    def test_bad_label_is_422(self, user_client, user, label):
        folder = make_folder("Keep", user=user)
        assert user_client.put(f"/api/folders/{folder.pk}", {"label": label}, format="json").status_code == 422
        folder.refresh_from_db()
        assert folder.label == "Keep"

    def test_admin_may_update_anything(self, admin_client, other_user):
        hidden = make_folder("Hidden", user=other_user)
        assert admin_client.put(f"/api/folders/{hidden.pk}", {"label": "Seen"}, format="json").status_code == 200


class TestDelete:
    def test_soft_delete_cascades_to_sub_folders_and_models(self, user_client, user):
        top = make_folder("Top", user=user)
        sub = make_folder("Sub", parent=top, user=user)
        model = make_data_model("Inside", folder=sub, user=user)
        elsewhere = make_data_model("Elsewhere", user=user)
        response = user_client.delete(f"/api/folders/{top.pk}")
        assert response.status_code == 200
        assert response.json()["deleted"] is True
        assert set(m.Folder.objects.filter(deleted=True).values_list("label", flat=True)) == {"Top", "Sub"}
        model.refresh_from_db()
        elsewhere.refresh_from_db()
        assert model.deleted and not elsewhere.deleted
        assert ("DELETE", "[DataModel:Inside] deleted") in edits_of(model)
        assert user_client.get(f"/api/folders/{sub.pk}").json()["deleted"] is True

    def test_permanent_delete_removes_everything_below(self, user_client, user):
        top = make_folder("Top", user=user)
        sub = make_folder("Sub", parent=top, user=user)
        model = populate_model(make_data_model("Inside", folder=sub, user=user))
        response = user_client.delete(f"/api/folders/{top.pk}?permanent=true")
        assert response.status_code == 204 and response.content == b""
        assert not m.Folder.objects.exists()
        assert not m.CatalogueModel.objects.filter(pk=model.pk).exists()
        assert not m.DataElement.objects.filter(model_id=model.pk).exists()
        assert edits_of(top) == [("DELETE", "[Folder:Top] permanently deleted")]

    def test_permanent_delete_of_child_is_recorded_on_parent(self, user_client, user):
        top = make_folder("Top", user=user)
        sub = make_folder("Sub", parent=top, user=user)
        assert user_client.delete(f"/api/folders/{top.pk}/folders/{sub.pk}?permanent=true").status_code == 204
        assert ("DELETE", "[Folder:Sub] permanently removed from component [Folder:Top]") in edits_of(top)

    def test_reader_cannot_delete(self, user_client, other_user):
        public = make_folder("Public", user=other_user, readable_by_everyone=True)
        assert user_client.delete(f"/api/folders/{public.pk}").status_code == 403
        assert user_client.delete(f"/api/folders/{public.pk}?permanent=true").status_code == 403
        public.refresh_from_db()
        assert not public.deleted

    def test_hidden_is_404(self, user_client, other_user):
        hidden = make_folder("Hidden", user=other_user)
        assert user_client.delete(f"/api/folders/{hidden.pk}").status_code == 404
        assert m.Folder.objects.filter(pk=hidden.pk, deleted=False).exists()


class TestMove:
    def test_move_under_another_folder_and_back_to_root(self, user_client, user):
        a, b = make_folder("A", user=user), make_folder("B", user=user)
        response = user_client.put(f"/api/folders/{a.pk}/folder/{b.pk}")
        assert response.status_code == 200
        assert response.json()["path"] == "fo:B|fo:A"
        a.refresh_from_db()
        assert a.parent_folder_id == b.pk
        assert ("UPDATE", "[path] changed from [fo:A] to [fo:B|fo:A]") in edits_of(a)
        response = user_client.put(f"/api/folders/{a.pk}/folder/root")
        assert response.status_code == 200 and response.json()["path"] == "fo:A"

    def test_not_into_itself_or_a_descendant(self, user_client, user):
        top = make_folder("Top", user=user)
        kid = make_folder("Kid", parent=top, user=user)
        grandkid = make_folder("Grandkid", parent=kid, user=user)
        for destination in (top, kid, grandkid):
            response = user_client.put(f"/api/folders/{top.pk}/folder/{destination.pk}")
            assert response.status_code == 422
        top.refresh_from_db()
        assert top.parent_folder_id is None

    def test_label_clash_at_destination_is_422(self, user_client, user):
        dest = make_folder("Dest", user=user)
        make_folder("Same", parent=dest, user=user)
        moving = make_folder("Same", parent=make_folder("Other", user=user), user=user)
        assert user_client.put(f"/api/folders/{moving.pk}/folder/{dest.pk}").status_code == 422
        moving.refresh_from_db()
        assert moving.parent_folder.label == "Other"

    def test_deleted_folder_cannot_move(self, user_client, user):
        gone = make_folder("Gone", user=user, deleted=True)
        dest = make_folder("Dest", user=user)
        response = user_client.put(f"/api/folders/{gone.pk}/folder/{dest.pk}")
        assert response.status_code == 403
        assert response.json()["message"] == "Cannot change the folder of a deleted Folder"

    def test_hidden_destination_is_404_and_readonly_destination_is_403(self, user_client, user, other_user):
        mine = make_folder("Mine", user=user)
        hidden = make_folder("Hidden", user=other_user)
        public = make_folder("Public", user=other_user, readable_by_everyone=True)
        assert user_client.put(f"/api/folders/{mine.pk}/folder/{hidden.pk}").status_code == 404
        assert user_client.put(f"/api/folders/{mine.pk}/folder/{public.pk}").status_code == 403
        assert user_client.put(f"/api/folders/{public.pk}/folder/root").status_code == 403
        mine.refresh_from_db()
        assert mine.parent_folder_id is None

    def test_anonymous_is_401(self, client, other_user):
        public = make_folder("Public", user=other_user, readable_by_everyone=True)
        assert client.put(f"/api/folders/{public.pk}/folder/root").status_code == 401

    def test_get_on_move_route_is_404_with_allow(self, user_client, user):
        a = make_folder("A", user=user)
        response = user_client.get(f"/api/folders/{a.pk}/folder/root")
        assert response.status_code == 404 and "PUT" in response["Allow"]


def test_another_user_has_their_own_view(db):
    owner, stranger = make_user("owner@example.com"), make_user("stranger@example.com")
    folder = make_folder("Private", user=owner)
    from tests.conftest import logged_in_client

    assert logged_in_client(owner).get(f"/api/folders/{folder.pk}").status_code == 200
    assert logged_in_client(stranger).get(f"/api/folders/{folder.pk}").status_code == 404


def test_anonymous_writes_are_401_before_lookups(client, other_user):
    hidden = make_folder("Hidden", user=other_user)
    assert client.post(f"/api/folders/{hidden.pk}/folders", {}, format="json").status_code == 401
    assert client.put(f"/api/folders/{hidden.pk}", {"label": "x"}, format="json").status_code == 401
    assert client.delete(f"/api/folders/{uuid.uuid4()}").status_code == 401
    assert client.put(f"/api/folders/{hidden.pk}/folder/root").status_code == 401


def test_nul_in_label_is_422(user_client):
    assert user_client.post("/api/folders", {"label": "a\x00b"}, format="json").status_code == 422
    assert not m.Folder.objects.exists()
