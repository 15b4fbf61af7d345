"""Routes the web UI calls before federation and OpenID Connect exist: both answer empty lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_openid_connect_providers_are_an_empty_public_array(client, user_client):
    for api in (client, user_client):
        response = api.get("/api/openidConnectProviders")
        assert response.status_code == 200
        assert response.json() == []
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/openidConnectProviders")
    assert len(captured) == 0


def test_subscribed_catalogues_are_an_empty_page_for_logged_in_callers(user_client, admin_client):
    for api in (user_client, admin_client):
        response = api.get("/api/subscribedCatalogues?sort=label&order=asc")
        assert response.status_code == 200
        assert response.json() == {"count": 0, "items": []}


def test_subscribed_catalogues_need_a_login(client):
    response = client.get("/api/subscribedCatalogues")
    assert response.status_code == 401
    assert response.json()["status"] == 401


@pytest.mark.parametrize("query", ["max=-1", "offset=x", "sort=nothing", "order=sideways"])
def test_subscribed_catalogues_refuse_bad_list_parameters(user_client, query):
    response = user_client.get(f"/api/subscribedCatalogues?{query}")
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_neither_route_takes_writes(user_client):
    assert user_client.post("/api/openidConnectProviders", {}, format="json").status_code == 404
    assert user_client.post("/api/subscribedCatalogues", {}, format="json").status_code == 404
