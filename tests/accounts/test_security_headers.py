"""Browser-facing headers: a Content-Security-Policy on the admin and the API docs that their pages keep to
(Swagger UI still loads everything from this origin), and `no-store` on JSON answered to a caller with a
session or an API key."""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.test import Client

from accounts.models import ApiKey, hash_api_key
from tests.conftest import PASSWORD, logged_in_client

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


class TestApiDocs:
    def test_scripts_are_same_origin_or_carry_the_nonce_of_this_response(self, client):
        response = client.get("/api/docs")
        assert response.status_code == 200
        policy = directives(response)
        scripts = policy["script-src"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
        nonces = [s[len("'nonce-"):-1] for s in scripts if s.startswith("'nonce-")]
        assert len(nonces) == 1 and len(nonces[0]) >= 16
        html = response.content.decode()
        tags = SCRIPT_TAG.findall(html)
        assert tags
        for attributes in tags:
            src = re.search(r'src="([^"]+)"', attributes)
            if src:
                assert src.group(1).startswith("/static/"), attributes
            else:
                assert f'nonce="{nonces[0]}"' in attributes, attributes
        # The inline start-up script is really there (Swagger UI is started under the nonce).
        assert "SwaggerUIBundle(" in html
        assert policy["default-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["connect-src"] == ["'self'"]  # the schema is fetched from /api/openapi

    def test_every_asset_the_page_names_is_served_from_this_origin(self, client):
        response = client.get("/api/docs")
        policy = directives(response)
        html = response.content.decode()
        assets = re.findall(r"""(?:src|href)="([^"]+)\"""", html)
        assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
        assert any(a.endswith("swagger-ui.css") for a in assets)
        for asset in assets:
            assert asset.startswith("/static/"), asset
            assert client.get(asset).status_code == 200, asset
        assert policy["style-src"][0] == "'self'" and policy["img-src"] == ["'self'", "data:"]

    def test_the_nonce_changes_with_every_response(self, client):
        first, second = (directives(client.get("/api/docs"))["script-src"] for _ in range(2))
        assert first != second


class TestAdmin:
    def test_login_page_has_a_strict_policy_and_no_inline_script_or_style(self):
        response = Client().get("/admin/login/")
        assert response.status_code == 200
        policy = directives(response)
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
        html = response.content.decode()
        assert all("src=" in tag for tag in SCRIPT_TAG.findall(html))
        assert "<style" not in html and 'style="' not in html

    def test_pages_behind_login_keep_to_it_too(self, admin_user):
        browser = Client()
        browser.force_login(admin_user)
        for path in ("/admin/", "/admin/catalogue/cataloguemodel/", "/admin/accounts/user/add/"):
            response = browser.get(path)
            assert response.status_code == 200, path
            assert directives(response)["script-src"] == ["'self'"], path
            html = response.content.decode()
            assert all("src=" in tag for tag in SCRIPT_TAG.findall(html)), path
            assert "<style" not in html and 'style="' not in html, path


class TestNoStore:
    def test_json_for_a_session_is_not_stored(self, user):
        api = logged_in_client(user)
        response = api.get("/api/folders")
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert api.get("/api/folders/" + str(uuid.uuid4()))["Cache-Control"] == "no-store"  # errors too

    def test_the_login_answer_is_not_stored(self, client, user):
        response = client.post("/api/authentication/login", {"username": user.email_address, "password": PASSWORD},
                               format="json")
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"

    def test_json_for_an_api_key_is_not_stored(self, client, user):
        key = uuid.uuid4()
        ApiKey.objects.create(user=user, name="script", key_hash=hash_api_key(key),
                              expiry_date=date.today() + timedelta(days=30))
        response = client.get("/api/catalogueUsers/" + str(user.pk), HTTP_APIKEY=str(key))
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"

    def test_anonymous_json_is_left_alone(self, client):
        response = client.get("/api/properties")
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")
