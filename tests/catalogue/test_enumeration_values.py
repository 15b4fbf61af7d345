"""Enumeration values under `…/dataTypes/{id}/enumerationValues` and `…/enumerationTypes/{id}/enumerationValues`."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from tests.catalogue.factories import make_data_model, make_data_type
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(user):
    return make_data_model("Cars", user=user)


@pytest.fixture
def colours(model):
    return make_data_type(model, "colours", kind=m.DataTypeKind.ENUMERATION, values=["R", "G", "B"])


@pytest.fixture(params=["dataTypes", "enumerationTypes"])
def values_url(request, model, colours):
    return f"/api/dataModels/{model.pk}/{request.param}/{colours.pk}/enumerationValues"


def keys(response):
    return [item["key"] for item in response.json()["items"]]


def test_list_and_show(user_client, values_url, colours):
    body = user_client.get(values_url).json()
    assert body["count"] == 3 and [i["key"] for i in body["items"]] == ["R", "G", "B"]
    green = m.EnumerationValue.objects.get(data_type=colours, key="G")
    assert user_client.get(f"{values_url}/{green.pk}").json() == {
        "index": 1, "id": str(green.pk), "key": "G", "value": "Value G", "category": None}
    missing = user_client.get(f"{values_url}/{uuid.uuid4()}").json()
    assert (missing["status"], missing["resource"]) == (404, "EnumerationValue")


def test_create_appends_or_inserts(user_client, values_url, colours, model):
    response = user_client.post(values_url, {"key": "Y", "value": "Yellow", "category": "warm"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["index"] == 3 and response.json()["category"] == "warm"
    assert response["Location"].endswith(f"{values_url}/{response.json()['id']}")
    stored = m.EnumerationValue.objects.get(pk=response.json()["id"])
    assert (stored.label, stored.model_id) == ("Y", model.pk)
    user_client.post(values_url, {"key": "W", "value": "White", "index": 0}, format="json")
    assert keys(user_client.get(values_url)) == ["W", "R", "G", "B", "Y"]
    assert m.Edit.objects.filter(resource_id=colours.pk, title="CREATE",
                                 description="[EnumerationValue:Y] added to component [EnumerationType:colours]"
                                 ).exists()


@pytest.mark.parametrize("body, status", [
    ({"value": "v"}, 400), ({"key": "k"}, 400), ({"key": "", "value": "v"}, 422), ({"key": "k", "value": " "}, 422),
    ({"key": "R", "value": "dup"}, 422), ({"key": "k" * 300, "value": "v"}, 422),
    ({"key": "k", "value": "v", "index": "x"}, 422),
])
def test_bad_value_bodies_change_nothing(user_client, values_url, body, status):
    response = user_client.post(values_url, body, format="json")
    assert response.status_code == status, response.content
    assert m.EnumerationValue.objects.count() == 3


def test_update_and_move(user_client, values_url, colours):
    blue = m.EnumerationValue.objects.get(data_type=colours, key="B")
    response = user_client.put(f"{values_url}/{blue.pk}", {"value": "Blue", "index": 0}, format="json")
    assert response.status_code == 200
    assert response.json()["value"] == "Blue" and response.json()["index"] == 0
    assert keys(user_client.get(values_url)) == ["B", "R", "G"]
    assert user_client.put(f"{values_url}/{blue.pk}", {"key": "R"}, format="json").status_code == 422
    assert user_client.put(f"{values_url}/{blue.pk}", {"key": ""}, format="json").status_code == 422
    blue.refresh_from_db()
    assert (blue.key, blue.value) == ("B", "Blue")
    response = user_client.put(f"{values_url}/{blue.pk}", {"key": "BL"}, format="json")
    assert response.json()["key"] == "BL"
    blue.refresh_from_db()
    assert blue.label == "BL"


def test_delete_closes_the_gap(user_client, values_url, colours):
    red = m.EnumerationValue.objects.get(data_type=colours, key="R")
    assert user_client.delete(f"{values_url}/{red.pk}").status_code == 204
    assert [(v.key, v.index) for v in m.EnumerationValue.objects.order_by("index")] == [("G", 0), ("B", 1)]


def test_only_enumeration_types_of_the_model_have_values(user_client, model, user):
    string = make_data_type(model, "string")
    assert user_client.get(f"/api/dataModels/{model.pk}/dataTypes/{string.pk}/enumerationValues").status_code == 404
    other = make_data_type(make_data_model("Other", user=user), "e", kind=m.DataTypeKind.ENUMERATION, values=["A"])
    assert user_client.get(f"/api/dataModels/{model.pk}/enumerationTypes/{other.pk}/enumerationValues"
                           ).status_code == 404


def test_value_access_rules(values_url, model, colours, other_user, client):
    red = m.EnumerationValue.objects.get(data_type=colours, key="R")
    other = logged_in_client(other_user)
    assert other.get(values_url).status_code == 404
    assert client.post(values_url, {"key": "k", "value": "v"}, format="json").status_code == 401
    model.readable_by_authenticated_users = True
    model.save()
    assert other.get(values_url).status_code == 200
    assert other.post(values_url, {"key": "k", "value": "v"}, format="json").status_code == 403
    assert other.delete(f"{values_url}/{red.pk}").status_code == 403
    m.CatalogueModel.objects.filter(pk=model.pk).update(finalised=True)
    owner = logged_in_client(_owner(model))
    assert owner.put(f"{values_url}/{red.pk}", {"value": "x"}, format="json").status_code == 403
    assert m.EnumerationValue.objects.count() == 3
    red.refresh_from_db()
    assert red.value == "Value R"


def _owner(model):
    from accounts.models import User

    return User.objects.get(email_address=model.created_by)


def test_value_list_costs_a_fixed_number_of_queries(user):
    client = logged_in_client(user)

    def count(size):
        model = make_data_model(f"Size {size}", user=user)
        enum = make_data_type(model, "e", kind=m.DataTypeKind.ENUMERATION, values=[f"K{n}" for n in range(size)])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/dataModels/{model.pk}/dataTypes/{enum.pk}/enumerationValues?all=true"
                              ).status_code == 200
        return len(queries)

    assert count(2) == count(40)
