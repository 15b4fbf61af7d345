"""Production settings (DEBUG off, secure cookies under TLS, HSTS), the session and cache backends chosen by
REDIS_URL, the test-only routes kept out by default, and the nginx renderer. `check --deploy` and the refusal to
start without a SECRET_KEY are in tests/contract/test_production_settings.py."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import resolve

from config.api.views import api_route_not_found
from deploy.front import FrontError, check_timeouts
from deploy.nginx import GATEWAY_ERRORS, NginxSettings, error_json, render

ROOT = Path(__file__).resolve().parents[2]
SHOW_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k, None) for k in ["
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', "
    "'SECURE_CONTENT_TYPE_NOSNIFF', 'SESSION_ENGINE', 'ROOT_URLCONF', 'SECURE_PROXY_SSL_HEADER']}"
    " | {'CACHE': s.CACHES['default']['BACKEND']}))"
)


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "USE_TLS", "DEBUG")}
    base.update({"PRODUCTION": "true", "SECRET_KEY": secrets.token_urlsafe(50)}, **env)
    base = {k: v for k, v in base.items() if v is not None}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True)


def production_settings(**env):
    result = manage("shell", "-c", SHOW_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_with_tls_is_hardened():
    values = production_settings(USE_TLS="true")
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["ROOT_URLCONF"] == "config.urls"


def test_production_without_tls_sends_no_hsts_and_no_secure_only_cookies():
    values = production_settings(USE_TLS="false")
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is False and values["SECURE_HSTS_SECONDS"] == 0


def test_sessions_and_cache_go_to_redis_only_when_redis_url_is_set():
    with_redis = production_settings(REDIS_URL="redis://127.0.0.1:6379/11")
    assert with_redis["SESSION_ENGINE"] == "django.contrib.sessions.backends.cache"
    assert with_redis["CACHE"] == "django_redis.cache.RedisCache"
    without = production_settings()
    assert without["SESSION_ENGINE"] == "accounts.session_store"
    assert without["CACHE"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_product_routes_none_of_the_deployment_tests_views():
    for path in ("/api/test/slow", "/api/test/pairedWrite"):
        assert resolve(path, urlconf="config.urls").func is api_route_not_found, f"{path} is routed"
        assert resolve(path, urlconf="tests.support.deploy_urls").url_name in ("test-slow", "test-paired-write")


def settings_for_rendering(tmp_path, **overrides):
    values = dict(state_dir=tmp_path, static_root=tmp_path / "static", maintenance_file=tmp_path / "maintenance.on",
                  app_servers=["unix:/run/app.sock"], version="9.9.9", max_body_bytes=1234)
    values.update(overrides)
    return NginxSettings(**values)


@pytest.mark.parametrize("status", sorted(GATEWAY_ERRORS))
def test_every_nginx_error_body_is_contract_json(tmp_path, status):
    text = error_json(status, settings_for_rendering(tmp_path)).replace("$mdm_error_path", "/api/x")
    body = json.loads(text)
    assert set(body) == {"status", "reason", "errorCode", "message", "path", "version"}
    assert body["status"] == status and body["path"] == "/api/x" and body["version"] == "9.9.9"
    if status == 413:
        assert "1234" in body["message"]


def test_the_rendered_configuration_binds_loopback_and_rejects_unsafe_paths(tmp_path):
    text = render(settings_for_rendering(tmp_path))
    listens = [line.strip() for line in text.splitlines() if line.strip().startswith("listen ")]
    assert listens == ["listen 127.0.0.1:8080;", f"listen unix:{tmp_path}/run/nginx-body-buffer.sock;"]
    assert "client_max_body_size 1234;" in text
    with pytest.raises(ValueError):
        render(settings_for_rendering(tmp_path, static_root=Path("/srv/my static")))
    with pytest.raises(ValueError):
        render(settings_for_rendering(tmp_path, app_servers=[]))


def test_gunicorn_must_wait_longer_than_nginx_or_504_would_be_a_502(tmp_path):
    nginx = settings_for_rendering(tmp_path, proxy_read_timeout=60)
    check_timeouts(nginx, {"GUNICORN_TIMEOUT": "75"})
    with pytest.raises(FrontError, match="GUNICORN_TIMEOUT"):
        check_timeouts(nginx, {"GUNICORN_TIMEOUT": "60"})


def test_the_tls_and_balancer_configuration_passes_nginx_own_check(tmp_path, nginx_binary):
    from deploy.front import Nginx
    from tests.deploy.harness import self_signed_certificate

    cert, key = self_signed_certificate(tmp_path)
    settings = settings_for_rendering(tmp_path, tls_certificate=cert, tls_certificate_key=key,
                                      trusted_proxies=["10.0.0.0/8", "192.168.1.7"], user=None)
    nginx = Nginx(settings, binary=nginx_binary)
    text = nginx.write_config().read_text()
    assert "set_real_ip_from 10.0.0.0/8;" in text and "ssl http2;" in text
    nginx.test_config()
    with pytest.raises(ValueError):
        render(settings_for_rendering(tmp_path, trusted_proxies=["10.0.0.0/8; evil"]))
