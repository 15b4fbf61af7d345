"""Serving a built copy of Mauro's web UI (`MDM_UI_DIR`) at `/` on the API's origin, by the application itself
(`make run`). A tiny fake build stands in for mdm-ui: an index.html, a script and an asset in a sub-folder."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
INDEX = "<!doctype html><html><body><mdm-root></mdm-root><script src='main.1a2b.js'></script></body></html>"


def fake_build(folder):
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(INDEX)
    (folder / "main.1a2b.js").write_text("console.log('mdm-ui');")
    (folder / "assets").mkdir(exist_ok=True)
    (folder / "assets" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    return folder


def _reload_urls():
    import config.urls

    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def ui(settings, tmp_path):
    build = fake_build(tmp_path / "dist")
    (tmp_path / "secret.txt").write_text("outside the build")
    settings.MDM_UI_DIR = str(build)
    _reload_urls()
    yield build
    settings.MDM_UI_DIR = ""
    _reload_urls()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_index_is_served_at_the_root_and_for_the_uis_own_routes(client, ui):
    for path in ("/", "/home", "/catalogue/dataModel/123/description", "/apis-are-not-api"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("text/html")
        assert response["Cache-Control"] == "no-cache"
        assert body(response).decode() == INDEX


def test_the_builds_files_are_served_with_their_types(client, ui):
    script = client.get("/main.1a2b.js")
    assert script.status_code == 200 and "javascript" in script["Content-Type"]
    assert body(script) == b"console.log('mdm-ui');"
    logo = client.get("/assets/logo.svg")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/svg+xml"
    assert client.head("/main.1a2b.js").status_code == 200


def test_missing_files_and_paths_outside_the_build_are_json_404s(client, ui):
    for path in ("/missing.js", "/assets/missing.png", "/../secret.txt", "/%2e%2e/secret.txt"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json")


def test_the_api_and_the_admin_keep_their_own_routes(client, user_client, ui):
    assert client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": False}
    assert user_client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": True}
    missing = client.get("/api/nothing/here")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/json")
    assert client.get("/api").status_code == 404
    assert client.get("/admin/login/").status_code == 200
    assert b"mdm-root" not in client.get("/admin/login/").content


def test_writes_to_the_ui_are_refused(client, ui):
    assert client.post("/", {}).status_code == 405
    assert not (ui / "new").exists()


def test_without_the_setting_nothing_is_served_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 404


def test_a_folder_without_index_html_stops_the_application_from_starting(tmp_path):
    env = {**os.environ, "MDM_UI_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    assert result.returncode != 0
    assert "holds no index.html" in result.stderr
