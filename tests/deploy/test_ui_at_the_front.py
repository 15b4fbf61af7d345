"""The nginx front of `make serve-prod` serves a built copy of Mauro's web UI (`MDM_UI_DIR`) at `/`, beside the
application's `/api` and `/admin`, on one origin. A tiny fake build stands in for mdm-ui."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from deploy.nginx import render
from tests.deploy.harness import build_front, destroy_front, state_directory
from tests.ui.test_serving_the_ui import INDEX, fake_build


@pytest.fixture(scope="module")
def ui_front(nginx_binary, front_template):
    build = fake_build(state_directory("ui-build") / "dist")
    running = build_front("ui", template=front_template, nginx_binary=nginx_binary,
                          version=django_settings.PRODUCT_VERSION, MDM_UI_DIR=str(build))
    running.nginx.settings.ui_root = build
    try:
        running.start()
        yield running
    finally:
        destroy_front(running)


def test_the_front_serves_the_ui_and_the_api_on_one_origin(ui_front):
    index = ui_front.request("GET", "/")
    assert index.status == 200 and index.body.decode() == INDEX
    assert index.header("content-type").startswith("text/html")
    assert index.header("cache-control") == "no-store"
    route = ui_front.request("GET", "/catalogue/dataModel/123")
    assert route.status == 200 and route.body.decode() == INDEX
    script = ui_front.request("GET", "/main.1a2b.js")
    assert script.status == 200 and script.body == b"console.log('mdm-ui');"
    assert "javascript" in script.header("content-type")
    api = ui_front.request("GET", "/api/session/isAuthenticated")
    assert api.status == 200 and api.json() == {"authenticatedSession": False}
    missing = ui_front.request("GET", "/api/nothing")
    assert missing.status == 404 and missing.header("content-type").startswith("application/json")
    assert ui_front.request("GET", "/admin/login/").status == 200


def test_without_a_ui_everything_goes_to_the_application(front):
    conf = render(front.settings)
    assert "try_files" not in conf
    with_ui = front.settings.__class__(**{**vars(front.settings), "ui_root": Path("/srv/mdm-ui")})
    assert "root /srv/mdm-ui;" in render(with_ui) and "location /api {" in render(with_ui)
