"""Terms, term relationship types, term relationships, the term tree and a code set's terms (contract §5.4, §6,
§7.1): shapes, bad input (nothing stored), permissions and pinned query counts."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.catalogue.factories import (
    make_code_set,
    make_folder,
    make_relationship,
    make_relationship_type,
    make_terminology,
    make_terms,
)
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

TERM_KEYS = {"id", "domainType", "label", "path", "model", "breadcrumbs", "code", "definition"}
SHOW_KEYS = TERM_KEYS | {"availableActions", "lastUpdated"}


@pytest.fixture
def folder(user):
    return make_folder("Work", user=user)


@pytest.fixture
def terminology(user, folder):
    return make_terminology("Codes", folder=folder, user=user)


@pytest.fixture
def url(terminology):
    return f"/api/terminologies/{terminology.pk}"


def grant(user, resource, role):
    group = UserGroup.objects.create(name=f"{role} on {resource.label} for {user.email_address}")
    group.members.add(user)
    SecurableResourceGroupRole.objects.create(user_group=group, group_role=GroupRole.objects.get(name=role),
                                              securable_resource_id=resource.pk,
                                              securable_resource_domain_type=resource.domain_type)


def client_with(role, resource, email=None):
    user = make_user(email or f"{role}-{uuid.uuid4().hex[:6]}@example.com")
    grant(user, resource, role)
    return logged_in_client(user)


def codes(response):
    return [item["code"] for item in response.json()["items"]]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.json()
    return len(queries)


# --- terms ----------------------------------------------------------------------------------------------------

class TestTerms:
    def test_create_show_and_list(self, user_client, url, terminology):
        response = user_client.post(f"{url}/terms", {"code": "C1", "definition": "First code",
                                                     "url": "https://codes.example.org/C1", "description": "One"},
                                    format="json")
        assert response.status_code == 201
        body = response.json()
        assert set(body) == SHOW_KEYS | {"url", "description"}
        assert body["label"] == "C1: First code" and body["domainType"] == "Term"
        assert body["path"] == "te:Codes$main|tm:C1" and body["model"] == str(terminology.pk)
        assert body["breadcrumbs"] == [{"id": str(terminology.pk), "label": "Codes", "domainType": "Terminology",
                                        "finalised": False}]
        assert response["Location"].endswith(f"{url}/terms/{body['id']}")
        same = user_client.post(f"{url}/terms", {"code": "C2", "definition": "C2"}, format="json").json()
        assert same["label"] == "C2"
        assert user_client.get(f"{url}/terms/{body['id']}").json() == body
        listed = user_client.get(f"{url}/terms")
        assert codes(listed) == ["C1", "C2"] and set(listed.json()["items"][1]) == TERM_KEYS
        assert codes(user_client.get(f"{url}/terms?sort=code&order=desc")) == ["C2", "C1"]

    def test_bad_input_stores_nothing(self, user_client, url, terminology):
        make_terms(terminology, ["C1"])
        assert user_client.post(f"{url}/terms", {"definition": "x"}, format="json").status_code == 400
        assert user_client.post(f"{url}/terms", {"code": "C9"}, format="json").status_code == 400
        for body in ({"code": "", "definition": "x"}, {"code": 5, "definition": "x"},
                     {"code": "C9", "definition": " "}, {"code": "C9", "definition": "x", "url": "not a url"}):
            assert user_client.post(f"{url}/terms", body, format="json").status_code == 422, body
        duplicate = user_client.post(f"{url}/terms", {"code": "C1", "definition": "again"}, format="json")
        assert duplicate.status_code == 422 and duplicate.json()["errors"][0]["field"] == "code"
        assert list(m.Term.objects.values_list("code", flat=True)) == ["C1"]

    def test_same_code_in_another_terminology_is_fine(self, user, user_client, url, terminology, folder):
        make_terms(make_terminology("Other", folder=folder, user=user), ["C1"])
        assert user_client.post(f"{url}/terms", {"code": "C1", "definition": "x"}, format="json").status_code == 201

    def test_update_derives_the_label(self, user_client, url, terminology):
        term = make_terms(terminology, ["C1", "C2"])[0]
        response = user_client.put(f"{url}/terms/{term.pk}", {"definition": "Changed"}, format="json")
        assert response.status_code == 200 and response.json()["label"] == "C1: Changed"
        clash = user_client.put(f"{url}/terms/{term.pk}", {"code": "C2"}, format="json")
        assert clash.status_code == 422
        term.refresh_from_db()
        assert term.code == "C1" and term.label == "C1: Changed"
        assert m.Edit.objects.filter(resource_id=term.pk, title="UPDATE").count() == 1

    def test_delete_removes_relationships_and_code_set_choices(self, user, user_client, url, terminology, folder):
        first, second = make_terms(terminology, ["C1", "C2"])
        make_relationship(make_relationship_type(terminology, parental=True), first, second)
        code_set = make_code_set("Chosen", folder=folder, user=user)
        m.CodeSetTerm.objects.create(code_set=code_set, term=first)
        assert user_client.delete(f"{url}/terms/{first.pk}").status_code == 204
        assert not m.TermRelationship.objects.exists() and not m.CodeSetTerm.objects.exists()
        assert list(m.Term.objects.values_list("code", "depth", "is_parent")) == [("C2", 1, False)]

    def test_unknown_and_other_terminology_terms_are_404(self, user, user_client, url, folder):
        other = make_terms(make_terminology("Other", folder=folder, user=user), ["C1"])[0]
        for path in (f"{url}/terms/{other.pk}", f"{url}/terms/{uuid.uuid4()}", f"{url}/terms/nope"):
            response = user_client.get(path)
            assert response.status_code == 404 and response.json()["resource"] == "Term"
        assert user_client.get(f"/api/terminologies/{uuid.uuid4()}/terms").json()["resource"] == "Terminology"

    def test_permissions(self, client, user_client, url, terminology):
        term = make_terms(terminology, ["C1"])[0]
        body = {"code": "C2", "definition": "x"}
        assert client.get(f"{url}/terms").status_code == 404
        assert client.post(f"{url}/terms", body, format="json").status_code == 401
        stranger = logged_in_client(make_user("stranger@example.com"))
        assert stranger.get(f"{url}/terms/{term.pk}").status_code == 404
        assert stranger.post(f"{url}/terms", body, format="json").status_code == 404
        reader = client_with("reader", terminology)
        assert reader.get(f"{url}/terms/{term.pk}").json()["availableActions"] == ["show"]
        assert reader.post(f"{url}/terms", body, format="json").status_code == 403
        assert reader.put(f"{url}/terms/{term.pk}", {"definition": "y"}, format="json").status_code == 403
        assert reader.delete(f"{url}/terms/{term.pk}").status_code == 403
        editor = client_with("editor", terminology)
        assert editor.post(f"{url}/terms", body, format="json").status_code == 201
        admin = logged_in_client(make_user("boss@example.com", admin=True))
        assert admin.delete(f"{url}/terms/{term.pk}").status_code == 204
        m.CatalogueModel.objects.filter(pk=terminology.pk).update(readable_by_everyone=True)
        assert codes(client.get(f"{url}/terms")) == ["C2"]
        assert client.put(f"{url}/terms/{term.pk}", {"definition": "z"}, format="json").status_code == 401

    def test_finalised_terminology_refuses_writes(self, user_client, url, terminology):
        m.CatalogueModel.objects.filter(pk=terminology.pk).update(finalised=True, model_version="1.0.0")
        response = user_client.post(f"{url}/terms", {"code": "C1", "definition": "x"}, format="json")
        assert response.status_code == 403 and not m.Term.objects.exists()

    def test_list_query_count_is_fixed(self, user_client, url, terminology):
        make_terms(terminology, ["C0"])
        few = count_queries(user_client, f"{url}/terms?max=100")
        make_terms(terminology, [f"C{n:03}" for n in range(1, 150)])
        assert count_queries(user_client, f"{url}/terms?max=100") == few
        assert count_queries(user_client, f"{url}/terms?all=true") == few


# --- relationship types and relationships ----------------------------------------------------------------------

class TestRelationshipTypes:
    def test_crud(self, user_client, url, terminology):
        created = user_client.post(f"{url}/termRelationshipTypes",
                                   {"label": "broaderThan", "parentalRelationship": True}, format="json")
        assert created.status_code == 201
        body = created.json()
        assert body["displayLabel"] == "broaderThan" and body["parentalRelationship"] is True
        assert body["childRelationship"] is False and body["path"] == "te:Codes$main|trt:broaderThan"
        listed = user_client.get(f"{url}/termRelationshipTypes").json()["items"]
        assert [set(x) for x in listed] == [{"id", "domainType", "label", "path", "model", "breadcrumbs",
                                             "displayLabel"}]
        updated = user_client.put(f"{url}/termRelationshipTypes/{body['id']}",
                                  {"displayLabel": "Broader than", "label": "broader"}, format="json")
        assert updated.json()["displayLabel"] == "Broader than" and updated.json()["label"] == "broader"
        assert user_client.delete(f"{url}/termRelationshipTypes/{body['id']}").status_code == 204
        assert not m.TermRelationshipType.objects.exists()

    def test_bad_input(self, user_client, url, terminology):
        make_relationship_type(terminology, "is-a")
        assert user_client.post(f"{url}/termRelationshipTypes", {}, format="json").status_code == 400
        assert user_client.post(f"{url}/termRelationshipTypes", {"label": "is-a"}, format="json").status_code == 422
        assert user_client.post(f"{url}/termRelationshipTypes", {"label": "a|b"}, format="json").status_code == 422
        assert user_client.post(f"{url}/termRelationshipTypes", {"label": "x", "parentalRelationship": "yes"},
                                format="json").status_code == 422
        assert m.TermRelationshipType.objects.count() == 1

    def test_reader_cannot_write(self, url, terminology):
        reader = client_with("reader", terminology)
        assert reader.post(f"{url}/termRelationshipTypes", {"label": "x"}, format="json").status_code == 403

    def test_list_query_count_is_fixed(self, user, user_client, url, terminology, folder):
        make_relationship_type(terminology, "type 0")
        few = count_queries(user_client, f"{url}/termRelationshipTypes?max=100")
        for n in range(1, 30):
            make_relationship_type(terminology, f"type {n}")
        assert count_queries(user_client, f"{url}/termRelationshipTypes?max=100") == few
        term = make_terms(terminology, ["C1"])[0]
        m.CodeSetTerm.objects.create(code_set=make_code_set("Set 0", folder=folder, user=user), term=term)
        few = count_queries(user_client, f"{url}/terms/{term.pk}/codeSets?max=100")
        for n in range(1, 15):
            m.CodeSetTerm.objects.create(code_set=make_code_set(f"Set {n}", folder=folder, user=user), term=term)
        assert count_queries(user_client, f"{url}/terms/{term.pk}/codeSets?max=100") == few


@pytest.fixture
def hierarchy(terminology):
    """A > B > C (parental `broaderThan`), D narrower than A (child `narrowerThan`), E on its own, and a
    non-hierarchical `sameAs` from E to A."""
    terms = dict(zip("ABCDE", make_terms(terminology, list("ABCDE")), strict=True))
    broader = make_relationship_type(terminology, "broaderThan", parental=True)
    narrower = make_relationship_type(terminology, "narrowerThan", child=True)
    same = make_relationship_type(terminology, "sameAs")
    make_relationship(broader, terms["A"], terms["B"])
    make_relationship(broader, terms["B"], terms["C"])
    make_relationship(narrower, terms["D"], terms["A"])
    make_relationship(same, terms["E"], terms["A"])
    from catalogue.services.terminologies import refresh_hierarchy

    refresh_hierarchy(terminology)
    return {"terms": terms, "broader": broader, "narrower": narrower, "same": same}


class TestRelationships:
    def test_create_and_hierarchy(self, user_client, url, terminology):
        first, second = make_terms(terminology, ["C1", "C2"])
        broader = make_relationship_type(terminology, "broaderThan", parental=True)
        response = user_client.post(f"{url}/terms/{first.pk}/termRelationships",
                                    {"sourceTerm": str(first.pk), "targetTerm": {"id": str(second.pk)},
                                     "relationshipType": str(broader.pk)}, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["label"] == "broaderThan" and body["domainType"] == "TermRelationship"
        assert body["path"] == "te:Codes$main|tm:C1|tr:C1.broaderThan.C2"
        assert body["sourceTerm"]["code"] == "C1" and body["targetTerm"]["code"] == "C2"
        assert body["relationshipType"]["displayLabel"] == "broaderThan"
        assert [c["domainType"] for c in body["breadcrumbs"]] == ["Terminology", "Term"]
        assert list(m.Term.objects.order_by("code").values_list("depth", "is_parent")) == [(1, True), (2, False)]
        for term in (first, second):
            listed = user_client.get(f"{url}/terms/{term.pk}/termRelationships").json()
            assert [x["id"] for x in listed["items"]] == [body["id"]]
        shown = user_client.get(f"{url}/termRelationshipTypes/{broader.pk}/termRelationships/{body['id']}")
        assert shown.status_code == 200 and shown.json()["id"] == body["id"]

    def test_bad_relationships_store_nothing(self, user, user_client, url, terminology, folder):
        first, second, third = make_terms(terminology, ["C1", "C2", "C3"])
        broader = make_relationship_type(terminology, parental=True)
        other = make_terminology("Other", folder=folder, user=user)
        foreign_term = make_terms(other, ["X1"])[0]
        foreign_type = make_relationship_type(other)
        hidden = make_terms(make_terminology("Hidden", folder=make_folder("Private")), ["H1"])[0]
        path = f"{url}/terms/{first.pk}/termRelationships"

        def post(source, target, kind=broader):
            return user_client.post(path, {"sourceTerm": str(source.pk), "targetTerm": str(target.pk),
                                           "relationshipType": str(kind.pk)}, format="json")

        assert user_client.post(path, {"sourceTerm": str(first.pk)}, format="json").status_code == 400
        for response in (post(first, first), post(first, foreign_term), post(first, second, foreign_type),
                         post(second, third), post(first, hidden)):
            assert response.status_code == 422, response.json()
        wrong_id = user_client.post(path, {"sourceTerm": "nope", "targetTerm": str(second.pk),
                                           "relationshipType": str(broader.pk)}, format="json")
        assert wrong_id.status_code == 422
        unknown = user_client.post(path, {"sourceTerm": str(first.pk), "targetTerm": str(uuid.uuid4()),
                                          "relationshipType": str(broader.pk)}, format="json")
        assert unknown.status_code == 422
        assert not m.TermRelationship.objects.exists()
        assert set(m.Term.objects.values_list("depth", "is_parent")) == {(1, False)}

    def test_update_and_delete(self, user_client, url, terminology, hierarchy):
        terms = hierarchy["terms"]
        relationship = m.TermRelationship.objects.get(source_term=terms["B"], target_term=terms["C"])
        detail = f"{url}/terms/{terms['B'].pk}/termRelationships/{relationship.pk}"
        changed = user_client.put(detail, {"relationshipType": str(hierarchy["same"].pk)}, format="json")
        assert changed.status_code == 200 and changed.json()["label"] == "sameAs"
        assert m.Term.objects.get(pk=terms["C"].pk).depth == 1
        assert user_client.put(detail, {"targetTerm": str(terms["B"].pk)}, format="json").status_code == 422
        assert user_client.delete(detail).status_code == 204
        assert not m.TermRelationship.objects.filter(pk=relationship.pk).exists()
        elsewhere = f"{url}/terms/{terms['E'].pk}/termRelationships/{relationship.pk}"
        assert user_client.get(elsewhere).status_code == 404

    def test_reader_cannot_write(self, url, terminology, hierarchy):
        terms = hierarchy["terms"]
        reader = client_with("reader", terminology)
        response = reader.post(f"{url}/terms/{terms['E'].pk}/termRelationships",
                               {"sourceTerm": str(terms["E"].pk), "targetTerm": str(terms["C"].pk),
                                "relationshipType": str(hierarchy["same"].pk)}, format="json")
        assert response.status_code == 403 and m.TermRelationship.objects.count() == 4

    def test_list_query_count_is_fixed(self, user_client, url, terminology):
        hub, *others = make_terms(terminology, [f"C{n:03}" for n in range(60)])
        same = make_relationship_type(terminology, "sameAs")
        make_relationship(same, hub, others[0])
        path = f"{url}/terms/{hub.pk}/termRelationships?max=100"
        few = count_queries(user_client, path)
        for other in others[1:]:
            make_relationship(same, hub, other)
        assert count_queries(user_client, path) == few
        assert count_queries(user_client, f"{url}/termRelationshipTypes/{same.pk}/termRelationships?max=100") == few


# --- the tree -------------------------------------------------------------------------------------------------

class TestTree:
    def test_depths(self, hierarchy):
        depths = {t.code: (t.depth, t.is_parent) for t in m.Term.objects.all()}
        assert depths == {"A": (1, True), "B": (2, True), "C": (3, False), "D": (2, False), "E": (1, False)}

    def test_levels(self, user_client, url, terminology, hierarchy):
        terms = hierarchy["terms"]
        top = user_client.get(f"{url}/terms/tree").json()
        assert [(n["label"], n["hasChildren"]) for n in top] == [("E: Definition of E", False),
                                                                 ("A: Definition of A", True)]
        assert set(top[0]) == {"id", "domainType", "label", "hasChildren", "availableActions", "path", "modelId"}
        below = user_client.get(f"{url}/terms/tree/{terms['A'].pk}").json()
        assert [(n["label"][0], n["parentId"]) for n in below] == [("D", str(terms["A"].pk)),
                                                                   ("B", str(terms["A"].pk))]
        assert user_client.get(f"{url}/terms/tree/{terms['C'].pk}").json() == []
        assert user_client.get(f"{url}/terms/tree/{uuid.uuid4()}").status_code == 404
        model_tree = user_client.get(f"/api/tree/folders/terminologies/{terminology.pk}").json()
        assert [n["id"] for n in model_tree] == [n["id"] for n in top]
        term_tree = user_client.get(f"/api/tree/folders/terms/{terms['A'].pk}").json()
        assert [n["id"] for n in term_tree] == [n["id"] for n in below]

    def test_not_a_hierarchy_is_400(self, user_client, client, url, terminology):
        make_terms(terminology, ["C1"])
        make_relationship_type(terminology, "sameAs")
        response = user_client.get(f"{url}/terms/tree")
        assert response.status_code == 400 and response.json()["errorCode"] == "TMT01"
        assert client.get(f"{url}/terms/tree").status_code == 404

    def test_first_level_query_count_is_fixed(self, user_client, url, terminology):
        make_relationship_type(terminology, "broaderThan", parental=True)
        make_terms(terminology, ["C0"])
        few = count_queries(user_client, f"{url}/terms/tree")
        make_terms(terminology, [f"C{n:03}" for n in range(1, 90)])
        assert count_queries(user_client, f"{url}/terms/tree") == few
        assert len(user_client.get(f"{url}/terms/tree").json()) == 90
        make_terms(terminology, [f"D{n:03}" for n in range(20)])
        assert user_client.get(f"{url}/terms/tree").json() == []  # too many for a stable tree, as Mauro


# --- code sets ------------------------------------------------------------------------------------------------

class TestCodeSets:
    @pytest.fixture
    def code_set(self, user, folder):
        return make_code_set("Chosen", folder=folder, user=user)

    def test_choose_list_and_drop(self, user, user_client, url, terminology, code_set, folder):
        first, second = make_terms(terminology, ["C1", "C2"])
        other = make_terms(make_terminology("Other", folder=folder, user=user), ["X1"])[0]
        for term in (second, other, first, first):
            response = user_client.put(f"/api/codeSets/{code_set.pk}/terms/{term.pk}")
            assert response.status_code == 200 and response.json()["domainType"] == "CodeSet"
        listed = user_client.get(f"/api/codeSets/{code_set.pk}/terms").json()
        assert [(x["code"], x["path"]) for x in listed["items"]] == [
            ("C1", "te:Codes$main|tm:C1"), ("C2", "te:Codes$main|tm:C2"), ("X1", "te:Other$main|tm:X1")]
        sets = user_client.get(f"{url}/terms/{first.pk}/codeSets").json()
        assert [x["label"] for x in sets["items"]] == ["Chosen"] and sets["items"][0]["domainType"] == "CodeSet"
        assert user_client.delete(f"/api/codeSets/{code_set.pk}/terms/{first.pk}").status_code == 200
        assert set(m.CodeSetTerm.objects.values_list("term__code", flat=True)) == {"C2", "X1"}

    def test_bad_choices(self, user_client, client, terminology, code_set):
        term = make_terms(terminology, ["C1"])[0]
        hidden = make_terms(make_terminology("Hidden", folder=make_folder("Private")), ["H1"])[0]
        assert user_client.put(f"/api/codeSets/{code_set.pk}/terms/{hidden.pk}").status_code == 404
        assert user_client.put(f"/api/codeSets/{code_set.pk}/terms/{uuid.uuid4()}").status_code == 404
        assert user_client.put(f"/api/codeSets/{uuid.uuid4()}/terms/{term.pk}").status_code == 404
        assert user_client.put(f"/api/codeSets/{terminology.pk}/terms/{term.pk}").status_code == 404
        assert client.put(f"/api/codeSets/{code_set.pk}/terms/{term.pk}").status_code == 401
        reader = client_with("reader", code_set)
        assert reader.put(f"/api/codeSets/{code_set.pk}/terms/{term.pk}").status_code == 404  # cannot read term
        reader_of_both = make_user("both@example.com")
        grant(reader_of_both, code_set, "reader")
        grant(reader_of_both, terminology, "reader")
        assert logged_in_client(reader_of_both).put(
            f"/api/codeSets/{code_set.pk}/terms/{term.pk}").status_code == 403
        m.CatalogueModel.objects.filter(pk=code_set.pk).update(finalised=True, model_version="1.0.0")
        assert user_client.put(f"/api/codeSets/{code_set.pk}/terms/{term.pk}").status_code == 403
        assert not m.CodeSetTerm.objects.exists()

    def test_list_query_count_is_fixed(self, user, user_client, terminology, code_set, folder):
        terms = make_terms(terminology, [f"C{n:03}" for n in range(40)])
        others = make_terms(make_terminology("Other", folder=folder, user=user), ["X1", "X2"])
        m.CodeSetTerm.objects.create(code_set=code_set, term=terms[0])
        m.CodeSetTerm.objects.create(code_set=code_set, term=others[0])
        few = count_queries(user_client, f"/api/codeSets/{code_set.pk}/terms?max=100")
        m.CodeSetTerm.objects.bulk_create([m.CodeSetTerm(code_set=code_set, term=t) for t in terms[1:] + others[1:]])
        assert count_queries(user_client, f"/api/codeSets/{code_set.pk}/terms?max=100") == few


# --- facets, paths and the model's deletion ---------------------------------------------------------------------

def test_facets_on_terms_types_and_relationships(user_client, client, terminology, hierarchy):
    relationship = m.TermRelationship.objects.filter(relationship_type=hierarchy["same"]).get()
    for segment, item in (("terms", hierarchy["terms"]["A"]), ("termRelationshipTypes", hierarchy["same"]),
                          ("termRelationships", relationship)):
        created = user_client.post(f"/api/{segment}/{item.pk}/metadata",
                                   {"namespace": "ns", "key": "k", "value": "v"}, format="json")
        assert created.status_code == 201, (segment, created.json())
        assert user_client.get(f"/api/{segment}/{item.pk}/metadata").json()["count"] == 1
        assert client.get(f"/api/{segment}/{item.pk}/metadata").status_code == 404
    assert m.Metadata.objects.filter(model_id=terminology.pk).count() == 3


def test_paths(user_client, terminology, hierarchy):
    def lookup(path):
        return user_client.get(f"/api/terminologies/{terminology.pk}/path/{path}")

    assert lookup("tm:B").json()["code"] == "B"
    assert lookup("te:Codes$main|trt:broaderThan").json()["parentalRelationship"] is True
    found = lookup("tm:A|tr:A.broaderThan.B")
    assert found.status_code == 200 and found.json()["targetTerm"]["code"] == "B"
    assert lookup("tm:Z").status_code == 404


def test_permanent_delete_removes_content_and_choices(user, user_client, terminology, hierarchy, folder):
    code_set = make_code_set("Chosen", folder=folder, user=user)
    m.CodeSetTerm.objects.create(code_set=code_set, term=hierarchy["terms"]["A"])
    assert user_client.delete(f"/api/terminologies/{terminology.pk}?permanent=true").status_code == 204
    assert not m.Term.objects.exists() and not m.TermRelationship.objects.exists()
    assert not m.TermRelationshipType.objects.exists() and not m.CodeSetTerm.objects.exists()
    assert m.CatalogueModel.objects.filter(pk=code_set.pk).exists()


# --- the Django admin -------------------------------------------------------------------------------------------

def test_admin_makes_a_terminology_and_shows_each_kinds_content(admin_user, user, terminology, hierarchy, folder):
    from django.test import Client

    site = Client()
    site.force_login(admin_user)
    page = site.get(f"/admin/catalogue/cataloguemodel/{terminology.pk}/change/").content.decode()
    assert "5 terms, 3 term relationship types, 4 term relationships" in page and "Definition of C" in page
    code_set = make_code_set("Chosen", folder=folder, user=user)
    m.CodeSetTerm.objects.create(code_set=code_set, term=hierarchy["terms"]["B"])
    page = site.get(f"/admin/catalogue/cataloguemodel/{code_set.pk}/change/").content.decode()
    assert "1 terms" in page and "Definition of B" in page
    response = site.post("/admin/catalogue/cataloguemodel/add/", {
        "label": "Made here", "folder": folder.pk, "model_domain_type": "CodeSet",
        "authority": m.Authority.default().pk})
    assert response.status_code == 302, response.context["adminform"].form.errors
    made = m.CatalogueModel.objects.get(label="Made here")
    assert (made.model_domain_type, made.model_type) == ("CodeSet", "CodeSet")
    assert site.get(f"/api/codeSets/{made.pk}").status_code == 200
