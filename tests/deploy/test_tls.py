"""The front with TLS configured: HSTS on every answer, Secure session cookies, no redirect loop."""

import pytest
from django.conf import settings as django_settings

from tests.deploy.harness import ADMIN_EMAIL, ADMIN_PASSWORD, build_front, destroy_front


@pytest.fixture(scope="module")
def tls_front(nginx_binary, front_template):
    running = build_front("tls", template=front_template, nginx_binary=nginx_binary,
                          version=django_settings.PRODUCT_VERSION, tls=True,
                          USE_TLS="true")
    try:
        running.start()
        yield running
    finally:
        destroy_front(running)


def test_answers_over_tls_carry_hsts_and_sessions_get_secure_cookies(tls_front):
    live = tls_front.request("GET", "/api/health/live")
    assert live.status == 200, live.body
    assert "max-age=31536000" in live.header("strict-transport-security")

    missing = tls_front.request("GET", "/static/missing.css")
    assert missing.status == 404 and missing.json()["status"] == 404
    assert "max-age=31536000" in missing.header("strict-transport-security")

    login = tls_front.request("POST", "/api/authentication/login", headers={"Content-Type": "application/json"},
                              body=f'{{"username": "{ADMIN_EMAIL}", "password": "{ADMIN_PASSWORD}"}}'.encode())
    assert login.status == 200, login.body
    cookie, attributes = login.cookie("JSESSIONID")
    assert cookie and "secure" in attributes and "httponly" in attributes
    seen = tls_front.request("GET", "/api/session/isAuthenticated", headers={"Cookie": cookie})
    assert seen.json() == {"authenticatedSession": True}
    assert tls_front.request("GET", "/api/test/slow?seconds=0").json()["secure"] is True
