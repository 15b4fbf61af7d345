"""Rules and their representations on any catalogue item."""

import pytest

from catalogue import models as m
from tests.catalogue.facets_support import item_url, make_world, set_model
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(user):
    return make_world(user)


def _rule(api, item, body=None):
    return api.post(item_url(item, "rules"), body or {"name": "Positive", "description": "Must be > 0"}, format="json")


def test_rule_crud(user_client, world):
    response = _rule(user_client, world.element)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "name", "description", "lastUpdated"}
    url = response["Location"]
    assert user_client.get(url).json() == body
    updated = user_client.put(url, {"description": None}, format="json")
    assert updated.status_code == 200 and "description" not in updated.json()
    assert user_client.get(item_url(world.element, "rules")).json()["count"] == 1
    assert user_client.delete(url).status_code == 204
    assert not m.Rule.objects.exists()
    titles = list(m.Edit.objects.filter(resource_id=world.element.pk).values_list("title", "description"))
    assert titles == [("CREATE", "[Rule:Positive] added to component [DataElement:Field]"),
                      ("UPDATE", "[Rule:Positive] changed properties [description]"),
                      ("DELETE", "[Rule:Positive] removed from component [DataElement:Field]")]


def test_representations_crud_and_nesting(user_client, world):
    rule = _rule(user_client, world.data_class).json()
    reps_url = f"{item_url(world.data_class, 'rules')}/{rule['id']}/representations"
    sql = user_client.post(reps_url, {"language": "sql", "representation": "x > 0"}, format="json")
    assert sql.status_code == 201, sql.content
    assert set(sql.json()) == {"id", "language", "representation", "lastUpdated"}
    user_client.post(reps_url, {"language": "dmn", "representation": "<x/>"}, format="json")
    listed = user_client.get(reps_url).json()
    assert [r["language"] for r in listed["items"]] == ["dmn", "sql"]
    shown = user_client.get(f"{item_url(world.data_class, 'rules')}/{rule['id']}").json()
    assert [r["language"] for r in shown["ruleRepresentations"]] == ["dmn", "sql"]
    index = user_client.get(item_url(world.data_class, "rules")).json()
    assert len(index["items"][0]["ruleRepresentations"]) == 2
    changed = user_client.put(sql["Location"], {"representation": "x >= 1"}, format="json")
    assert changed.status_code == 200 and changed.json()["representation"] == "x >= 1"
    assert user_client.delete(sql["Location"]).status_code == 204
    assert user_client.get(sql["Location"]).status_code == 404
    # deleting the rule removes its remaining representation
    assert user_client.delete(f"{item_url(world.data_class, 'rules')}/{rule['id']}").status_code == 204
    assert not m.RuleRepresentation.objects.exists()


@pytest.mark.parametrize("body,status", [({}, 400), ({"name": ""}, 422), ({"name": 1}, 422), ([], 400)])
def test_bad_rules(user_client, world, body, status):
    response = user_client.post(item_url(world.model, "rules"), body, format="json")
    assert response.status_code == status
    assert not m.Rule.objects.exists()


@pytest.mark.parametrize("body,status", [({"language": "sql"}, 400), ({"language": "", "representation": "x"}, 422),
                                         ({"language": "sql", "representation": " "}, 422)])
def test_bad_representations(user_client, world, body, status):
    rule = _rule(user_client, world.model).json()
    response = user_client.post(f"{item_url(world.model, 'rules')}/{rule['id']}/representations", body,
                                format="json")
    assert response.status_code == status
    assert not m.RuleRepresentation.objects.exists()


def test_rule_names_are_unique_per_item(user_client, world):
    assert _rule(user_client, world.model).status_code == 201
    assert _rule(user_client, world.model).status_code == 422
    assert _rule(user_client, world.element).status_code == 201
    other = _rule(user_client, world.model, {"name": "Other"}).json()
    clash = user_client.put(f"{item_url(world.model, 'rules')}/{other['id']}", {"name": "Positive"}, format="json")
    assert clash.status_code == 422
    assert m.Rule.objects.filter(catalogue_item_id=world.model.pk).count() == 2


def test_representation_of_another_rule_is_404(user_client, world):
    first = _rule(user_client, world.model).json()
    second = _rule(user_client, world.model, {"name": "Second"}).json()
    rep = user_client.post(f"{item_url(world.model, 'rules')}/{first['id']}/representations",
                           {"language": "sql", "representation": "x"}, format="json").json()
    response = user_client.get(f"{item_url(world.model, 'rules')}/{second['id']}/representations/{rep['id']}")
    assert response.status_code == 404 and response.json()["resource"] == "RuleRepresentation"
    foreign = user_client.get(f"{item_url(world.element, 'rules')}/{first['id']}/representations")
    assert foreign.status_code == 404 and foreign.json()["resource"] == "Rule"


def test_permissions(user_client, world, other_user, client):
    rule = _rule(user_client, world.model).json()
    url = f"{item_url(world.model, 'rules')}/{rule['id']}"
    set_model(world.model, readable_by_everyone=True)
    api = logged_in_client(other_user)
    assert api.get(url).status_code == 200
    assert api.put(url, {"name": "Changed"}, format="json").status_code == 403
    assert api.post(f"{url}/representations", {"language": "a", "representation": "b"},
                    format="json").status_code == 403
    assert client.delete(url).status_code == 401
    set_model(world.model, deleted=True)
    assert user_client.put(url, {"name": "Changed"}, format="json").status_code == 403
    assert m.Rule.objects.get().name == "Positive"
