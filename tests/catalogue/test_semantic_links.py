"""Semantic links between catalogue items: creation rules, the two ends' shapes, visibility and confirmation."""

import uuid

import pytest

from catalogue import models as m
from tests.catalogue.facets_support import item_url, make_world, set_model
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user):
    return make_world(user)


def _link(api, source, target, link_type="Refines", domain_type=None):
    return api.post(item_url(source, "semanticLinks"), {
        "linkType": link_type, "targetMultiFacetAwareItemId": str(target.pk),
        "targetMultiFacetAwareItemDomainType": domain_type or target.domain_type}, format="json")


def test_link_between_model_items_shows_both_ends_with_breadcrumbs(user_client, world):
    response = _link(user_client, world.element, world.parent)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["linkType"] == "Refines" and body["domainType"] == "SemanticLink" and body["unconfirmed"] is False
    assert body["sourceMultiFacetAwareItem"] == {
        "id": str(world.element.pk), "domainType": "DataElement", "label": "Field", "model": str(world.model.pk),
        "breadcrumbs": [
            {"id": str(world.model.pk), "label": "Owned", "domainType": "DataModel", "finalised": False},
            {"id": str(world.parent.pk), "label": "Parent", "domainType": "DataClass"},
            {"id": str(world.data_class.pk), "label": "Child", "domainType": "DataClass"},
        ]}
    assert body["targetMultiFacetAwareItem"]["label"] == "Parent"
    assert body["targetMultiFacetAwareItem"]["breadcrumbs"] == [
        {"id": str(world.model.pk), "label": "Owned", "domainType": "DataModel", "finalised": False}]
    link = m.SemanticLink.objects.get(pk=body["id"])
    assert link.model_id == world.model.pk and link.target_domain_type == "DataClass"
    assert m.Edit.objects.get(resource_id=world.element.pk).description.startswith("[SemanticLink:Refines:")
    assert user_client.get(response["Location"]).json() == body


def test_links_to_models_containers_and_values(user_client, world):
    for target in (world.model, world.folder, world.value, world.enum):
        response = _link(user_client, world.element, target, "Abstracts")
        assert response.status_code == 201, response.content
    enum_value_end = m.SemanticLink.objects.get(target_id=world.value.pk)
    assert enum_value_end.target_domain_type == "EnumerationValue"
    listed = user_client.get(item_url(world.element, "semanticLinks")).json()
    targets = {i["targetMultiFacetAwareItem"]["id"]: i["targetMultiFacetAwareItem"] for i in listed["items"]}
    assert targets[str(world.model.pk)] == {"id": str(world.model.pk), "domainType": "DataModel", "label": "Owned"}
    assert targets[str(world.folder.pk)] == {"id": str(world.folder.pk), "domainType": "Folder",
                                             "label": "Owned folder"}
    assert [c["label"] for c in targets[str(world.value.pk)]["breadcrumbs"]] == ["Owned", "colours"]
    assert targets[str(world.enum.pk)]["domainType"] == "EnumerationType"


@pytest.mark.parametrize("given", ["Does Not Refine", "does not refine", "DOES_NOT_REFINE"])
def test_link_types_are_matched_like_mauro(user_client, world, given):
    response = _link(user_client, world.element, world.parent, given)
    assert response.status_code == 201
    assert response.json()["linkType"] == "Does Not Refine"


def test_target_type_accepts_url_segment_spellings(user_client, world):
    assert _link(user_client, world.element, world.parent, domain_type="dataClasses").status_code == 201


def test_links_show_on_both_ends_and_filter_by_direction(user_client, world):
    out = _link(user_client, world.element, world.parent).json()
    incoming = _link(user_client, world.data_class, world.element, "Abstracts").json()
    listed = user_client.get(item_url(world.element, "semanticLinks")).json()
    assert listed["count"] == 2
    assert [i["id"] for i in listed["items"]] == [out["id"], incoming["id"]]
    assert [i["id"] for i in user_client.get(item_url(world.element, "semanticLinks") + "?type=source")
            .json()["items"]] == [out["id"]]
    assert [i["id"] for i in user_client.get(item_url(world.element, "semanticLinks") + "?type=target")
            .json()["items"]] == [incoming["id"]]
    assert user_client.get(item_url(world.element, "semanticLinks") + "?type=sideways").status_code == 400
    # the target end may show a link but only the source end changes it
    shown = user_client.get(f"{item_url(world.element, 'semanticLinks')}/{incoming['id']}")
    assert shown.status_code == 200
    assert user_client.delete(f"{item_url(world.element, 'semanticLinks')}/{incoming['id']}").status_code == 404
    assert m.SemanticLink.objects.count() == 2


MISSING = object()


@pytest.mark.parametrize("changes,status,field", [
    ({"linkType": MISSING}, 400, None),
    ({"targetMultiFacetAwareItemId": MISSING}, 400, None),
    ({"targetMultiFacetAwareItemDomainType": MISSING}, 400, None),
    ({"linkType": None}, 400, None),
    ({"linkType": "Is From"}, 422, "linkType"),
    ({"linkType": "Related"}, 422, "linkType"),
    ({"linkType": 7}, 422, "linkType"),
    ({"targetMultiFacetAwareItemDomainType": "Widget"}, 422, "targetMultiFacetAwareItemDomainType"),
    ({"targetMultiFacetAwareItemDomainType": ""}, 422, "targetMultiFacetAwareItemDomainType"),
    ({"targetMultiFacetAwareItemDomainType": 12}, 422, "targetMultiFacetAwareItemDomainType"),
    ({"targetMultiFacetAwareItemId": "not-a-uuid"}, 422, "targetMultiFacetAwareItemId"),
    ({"targetMultiFacetAwareItemId": ["x"]}, 422, "targetMultiFacetAwareItemId"),
    ({"targetMultiFacetAwareItemId": ""}, 422, "targetMultiFacetAwareItemId"),
])
def test_bad_link_bodies(user_client, world, changes, status, field):
    body = {"linkType": "Refines", "targetMultiFacetAwareItemId": str(world.parent.pk),
            "targetMultiFacetAwareItemDomainType": "DataClass"}
    for name, value in changes.items():
        if value is MISSING:
            body.pop(name)
        else:
            body[name] = value
    response = user_client.post(item_url(world.element, "semanticLinks"), body, format="json")
    assert response.status_code == status, response.content
    if field:
        assert response.json()["errors"][0]["field"] == field
    assert not m.SemanticLink.objects.exists() and not m.Edit.objects.exists()


def test_non_object_link_body_is_400(user_client, world):
    assert user_client.post(item_url(world.element, "semanticLinks"), [], format="json").status_code == 400


def test_a_link_to_itself_is_refused(user_client, world):
    response = _link(user_client, world.element, world.element)
    assert response.status_code == 422
    assert not m.SemanticLink.objects.exists()


def test_missing_and_unreadable_targets_are_404(user_client, world, other_user):
    hidden = make_world(other_user, "Hidden")
    for target_id, domain_type in ((hidden.data_class.pk, "DataClass"), (uuid.uuid4(), "DataClass"),
                                   (world.parent.pk, "DataElement")):
        response = user_client.post(item_url(world.element, "semanticLinks"), {
            "linkType": "Refines", "targetMultiFacetAwareItemId": str(target_id),
            "targetMultiFacetAwareItemDomainType": domain_type}, format="json")
        assert response.status_code == 404
        assert response.json()["resource"] == domain_type
    assert not m.SemanticLink.objects.exists()


def test_links_whose_other_end_is_unreadable_are_hidden(user_client, world, other_user):
    stranger = make_world(other_user, "Stranger")
    m.CatalogueModel.objects.filter(pk=stranger.model.pk).update(readable_by_authenticated_users=True)
    m.CatalogueModel.objects.filter(pk=world.model.pk).update(readable_by_authenticated_users=True)
    # the stranger links to the user's element; the user links to the stranger's class
    assert _link(logged_in_client(other_user), stranger.element, world.element).status_code == 201
    assert _link(user_client, world.element, stranger.data_class).status_code == 201
    assert user_client.get(item_url(world.element, "semanticLinks")).json()["count"] == 2
    m.CatalogueModel.objects.filter(pk=stranger.model.pk).update(readable_by_authenticated_users=False)
    listed = user_client.get(item_url(world.element, "semanticLinks")).json()
    assert listed["count"] == 0 and listed["items"] == []
    hidden_id = m.SemanticLink.objects.get(catalogue_item_id=world.element.pk).pk
    assert user_client.get(f"{item_url(world.element, 'semanticLinks')}/{hidden_id}").status_code == 404


def test_update_and_confirm(user_client, world):
    link = _link(user_client, world.element, world.parent).json()
    url = f"{item_url(world.element, 'semanticLinks')}/{link['id']}"
    changed = user_client.put(url, {"linkType": "Abstracts"}, format="json")
    assert changed.status_code == 200 and changed.json()["linkType"] == "Abstracts"
    assert changed.json()["targetMultiFacetAwareItem"]["id"] == str(world.parent.pk)
    moved = user_client.put(url, {"targetMultiFacetAwareItemId": str(world.model.pk),
                                  "targetMultiFacetAwareItemDomainType": "DataModel"}, format="json")
    assert moved.status_code == 200 and moved.json()["targetMultiFacetAwareItem"]["domainType"] == "DataModel"
    assert user_client.put(url, {"linkType": "Nope"}, format="json").status_code == 422
    m.SemanticLink.objects.filter(pk=link["id"]).update(unconfirmed=True)
    confirmed = user_client.put(f"{url}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["unconfirmed"] is False
    stored = m.SemanticLink.objects.get(pk=link["id"])
    assert (stored.link_type, stored.target_id, stored.unconfirmed) == ("Abstracts", world.model.pk, False)
    titles = list(m.Edit.objects.filter(resource_id=world.element.pk).values_list("title", flat=True))
    assert titles == ["CREATE", "UPDATE", "UPDATE", "UPDATE"]
    assert user_client.delete(url).status_code == 204
    assert not m.SemanticLink.objects.exists()


def test_writes_follow_the_model_rules(user_client, world, other_user, client):
    link = _link(user_client, world.element, world.parent).json()
    url = f"{item_url(world.element, 'semanticLinks')}/{link['id']}"
    set_model(world.model, readable_by_everyone=True)
    api = logged_in_client(other_user)
    assert api.get(url).status_code == 200
    assert _link(api, world.element, world.parent).status_code == 403
    assert api.put(f"{url}/confirm").status_code == 403
    assert api.delete(url).status_code == 403
    assert client.delete(url).status_code == 401
    set_model(world.model, finalised=True)
    assert _link(user_client, world.element, world.parent).status_code == 403
    assert user_client.put(url, {"linkType": "Abstracts"}, format="json").status_code == 403
    assert user_client.delete(url).status_code == 403
    assert m.SemanticLink.objects.get().link_type == "Refines"


def test_hidden_source_is_404_for_others(world, other_user):
    api = logged_in_client(other_user)
    assert api.get(item_url(world.element, "semanticLinks")).status_code == 404
