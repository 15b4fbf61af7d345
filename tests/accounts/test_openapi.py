"""The OpenAPI description of the account routes generates cleanly and describes each one."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ("/api/catalogueUsers/{user_id}/apiKeys/{key_id}/refresh/{days}:", "/api/admin/properties:",
                 "/api/admin/catalogueUsers/adminRegister:", "/api/catalogueUsers/search:", "/api/properties:"):
        assert path in text


def test_served_schema_names_both_ways_to_authenticate(client):
    response = client.get("/api/openapi", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schemes = response.json()["components"]["securitySchemes"]
    assert schemes["apiKey"] == {"type": "apiKey", "in": "header", "name": "apiKey",
                                 "description": schemes["apiKey"]["description"]}
    assert schemes["sessionCookie"]["in"] == "cookie"
