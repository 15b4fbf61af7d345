"""Authorities (who publishes a model): read for logged-in users, write for site administrators."""

import uuid

import pytest

from catalogue import models as m
from tests.catalogue.factories import make_data_model

pytestmark = pytest.mark.django_db


def test_default_authority_exists_once():
    first = m.Authority.default()
    assert m.Authority.default() == first and first.default_authority
    assert m.Authority.objects.count() == 1


def test_list_and_show_need_a_login(client, user_client):
    default = m.Authority.default()
    assert client.get("/api/authorities").status_code == 401
    assert client.get(f"/api/authorities/{default.pk}").status_code == 401
    body = user_client.get("/api/authorities").json()
    assert body == {"count": 1, "items": [{"id": str(default.pk), "url": default.url, "label": default.label,
                                           "defaultAuthority": True}]}
    assert user_client.get(f"/api/authorities/{default.pk}").json()["label"] == default.label
    assert user_client.get(f"/api/authorities/{uuid.uuid4()}").status_code == 404


def test_admin_creates_updates_and_deletes(admin_client):
    response = admin_client.post("/api/authorities", {"label": "NHS", "url": "https://nhs.example",
                                                      "description": "Publisher"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body == {"id": body["id"], "url": "https://nhs.example", "label": "NHS", "defaultAuthority": False,
                    "description": "Publisher"}
    assert response["Location"].endswith(f"/api/authorities/{body['id']}")
    response = admin_client.put(f"/api/authorities/{body['id']}", {"label": "NHS England"}, format="json")
    assert response.status_code == 200 and response.json()["label"] == "NHS England"
    assert m.Edit.objects.filter(resource_id=body["id"], title="UPDATE").exists()
    assert admin_client.delete(f"/api/authorities/{body['id']}").status_code == 204
    assert not m.Authority.objects.filter(pk=body["id"]).exists()


def test_making_another_authority_the_default(admin_client):
    old = m.Authority.default()
    response = admin_client.post("/api/authorities", {"label": "New", "url": "http://new", "defaultAuthority": True},
                                 format="json")
    assert response.status_code == 201 and response.json()["defaultAuthority"] is True
    old.refresh_from_db()
    assert not old.default_authority
    assert m.Authority.default().label == "New"


def test_the_default_cannot_be_unset_or_deleted(admin_client):
    default = m.Authority.default()
    assert admin_client.put(f"/api/authorities/{default.pk}", {"defaultAuthority": False},
                            format="json").status_code == 422
    assert admin_client.delete(f"/api/authorities/{default.pk}").status_code == 403
    default.refresh_from_db()
    assert default.default_authority


def test_authority_in_use_cannot_be_deleted(admin_client):
    other = m.Authority.objects.create(label="Other", url="http://other")
    model = make_data_model("Published")
    model.authority = other
    model.save()
    response = admin_client.delete(f"/api/authorities/{other.pk}")
    assert response.status_code == 422
    assert m.Authority.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("body,status", [
    ({}, 400), ({"label": "x"}, 400), ({"url": "http://x"}, 400), ({"label": "", "url": "http://x"}, 422),
    ({"label": "x", "url": "  "}, 422), ({"label": 5, "url": "http://x"}, 422),
])
def test_bad_bodies(admin_client, body, status):
    m.Authority.default()
    assert admin_client.post("/api/authorities", body, format="json").status_code == status
    assert m.Authority.objects.count() == 1


def test_duplicate_label_and_url_is_422(admin_client):
    default = m.Authority.default()
    response = admin_client.post("/api/authorities", {"label": default.label, "url": default.url}, format="json")
    assert response.status_code == 422
    assert m.Authority.objects.count() == 1


def test_writes_need_a_site_administrator(client, user_client):
    default = m.Authority.default()
    assert client.post("/api/authorities", {"label": "x", "url": "http://x"}, format="json").status_code == 401
    response = user_client.post("/api/authorities", {"label": "x", "url": "http://x"}, format="json")
    assert response.status_code == 403
    assert response.json()["message"] == "User must be an application administrator"
    assert user_client.put(f"/api/authorities/{default.pk}", {"label": "y"}, format="json").status_code == 403
    assert user_client.delete(f"/api/authorities/{default.pk}").status_code == 403
    assert m.Authority.objects.count() == 1
