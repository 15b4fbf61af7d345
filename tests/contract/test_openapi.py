"""The OpenAPI schema and the Swagger UI: served by the application, usable offline, generated without warnings."""

import json
import re

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

#: Anything that would make the browser fetch from the network instead of from this server.
EXTERNAL_URL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_schema_is_served_as_json_by_default(client):
    response = client.get("/api/openapi")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "0.1.0"
    assert "/api/authentication/login" in schema["paths"]


def test_schema_is_served_as_yaml_on_request(client):
    response = client.get("/api/openapi", HTTP_ACCEPT="application/yaml")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["paths"]


@pytest.mark.parametrize("accept", [None, "application/vnd.oai.openapi+json"])
def test_schema_documents_both_ways_to_authenticate(client, accept):
    response = client.get("/api/openapi", **({"HTTP_ACCEPT": accept} if accept else {}))
    assert response.status_code == 200
    schemes = response.json()["components"]["securitySchemes"]
    assert schemes["apiKey"] == {"type": "apiKey", "in": "header", "name": "apiKey",
                                 "description": schemes["apiKey"]["description"]}
    assert schemes["sessionCookie"]["in"] == "cookie" and schemes["sessionCookie"]["name"] == "JSESSIONID"


def test_operation_ids_are_unique_and_keep_path_variables(client):
    paths = client.get("/api/openapi").json()["paths"]
    ids = [op["operationId"] for item in paths.values() for op in item.values() if isinstance(op, dict)]
    assert len(ids) == len(set(ids))
    assert paths["/api/session/isAuthenticated/{session_id}"]["get"]["operationId"] != \
        paths["/api/session/isAuthenticated"]["get"]["operationId"]


def test_swagger_ui_is_served_without_any_cdn(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert not EXTERNAL_URL.search(html), EXTERNAL_URL.search(html)
    for marker in ("cdn", "unpkg", "jsdelivr", "cloudflare", "googleapis"):
        assert marker not in html.lower()
    assert "/api/openapi" in html
    # Swagger UI's validator badge would call validator.swagger.io; it is switched off.
    assert '"validatorUrl": null' in html


def test_swagger_ui_assets_are_served_by_the_application(client):
    html = client.get("/api/docs").content.decode()
    assets = re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 100, asset


def test_generator_reports_no_warning_or_error(tmp_path):
    """drf-spectacular's own validation: any warning (an unresolvable view, a collision) fails."""
    target = tmp_path / "schema.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(target))
    paths = json.loads(target.read_text())["paths"]
    for path in ("/api/catalogueUsers/{user_id}/apiKeys/{key_id}/refresh/{days}", "/api/admin/properties",
                 "/api/admin/catalogueUsers/adminRegister", "/api/catalogueUsers/search", "/api/properties"):
        assert path in paths


def test_every_operation_documents_the_error_shape(client):
    schema = client.get("/api/openapi").json()
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"status", "reason", "errorCode", "message", "path", "version"}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            default = operation["responses"]["default"]["content"]["application/json"]["schema"]
            assert default == {"$ref": "#/components/schemas/Error"}, (method, path)


def _untyped(schema, components):
    """True for a schema that says nothing of its content: missing, or an object with no properties."""
    while isinstance(schema, dict) and "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if not schema:
        return True
    if schema.get("type") == "array":
        return _untyped(schema.get("items", {}), components)
    composed = any(key in schema for key in ("properties", "allOf", "oneOf", "anyOf", "additionalProperties"))
    return schema.get("type") == "object" and not composed


def test_every_success_answer_is_typed(client):
    """Clients and the generated-request run rely on the documented shapes: no answer is a bare `object`."""
    document = client.get("/api/openapi").json()
    components = document["components"]["schemas"]
    untyped = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation.get("responses", {}).items():
                if not status.startswith("2") or (status == "204" and not answer.get("content")):
                    continue
                contents = answer.get("content") or {"": {}}
                untyped += [f"{method.upper()} {path} {status} {media}" for media, body in contents.items()
                            if "json" in media and _untyped(body.get("schema"), components) or not media]
    assert untyped == []
