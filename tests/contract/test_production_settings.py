"""Production settings: `check --deploy` is clean, a missing SECRET_KEY refuses to start, and an unreachable
database answers 503 rather than 500. Each runs the real settings module in a fresh process."""

import json
import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The shared autouse fixture clears the database cache, so these need the (cheap) test database too.
pytestmark = pytest.mark.django_db

#: Variables of the calling environment that would change what is being checked.
PROJECT_VARIABLES = ("PRODUCTION", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "USE_TLS", "DATABASE_URL", "REDIS_URL",
                     "SILENCED_SYSTEM_CHECKS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD",
                     "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SERVE_STATIC", "DJANGO_SETTINGS_MODULE")


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in PROJECT_VARIABLES}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def production(**overrides):
    env = {"PRODUCTION": "true", "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "catalogue.example.org",
           "USE_TLS": "true"}
    env.update(overrides)
    return env


def test_check_deploy_is_clean_with_production_settings():
    """Only the reminder to preload HSTS is silenced, because preloading is off unless configured."""
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout, result.stdout + result.stderr
    shown = run(["-c", SHOW_HSTS], **production())
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == {
        "preload": False, "silenced": ["security.W021"], "header": "max-age=31536000; includeSubDomains"}


def test_check_deploy_is_clean_with_nothing_silenced_when_preload_is_configured():
    env = production(SECURE_HSTS_PRELOAD="true")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout + result.stderr
    shown = run(["-c", SHOW_HSTS], **env)
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == {
        "preload": True, "silenced": [], "header": "max-age=31536000; includeSubDomains; preload"}


#: The HSTS settings and the header an HTTPS answer carries under them.
SHOW_HSTS = textwrap.dedent("""
    import json, django
    django.setup()
    from django.conf import settings
    from django.http import HttpResponse
    from django.middleware.security import SecurityMiddleware
    from django.test import RequestFactory
    response = SecurityMiddleware(lambda request: HttpResponse())(RequestFactory().get("/", secure=True))
    print(json.dumps({"preload": settings.SECURE_HSTS_PRELOAD, "silenced": settings.SILENCED_SYSTEM_CHECKS,
                      "header": response.get("Strict-Transport-Security")}))
""")


def test_check_deploy_notices_a_weakened_production():
    """The clean result above means something: switching hardening off is reported."""
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 **production(USE_TLS="false", DEBUG="true"))
    assert result.returncode != 0
    for check in ("security.W018", "security.W012"):
        assert check in result.stderr + result.stdout


@pytest.mark.parametrize("secret", [None, "", "   "])
def test_production_without_secret_key_refuses_to_start(secret):
    env = production()
    env.pop("SECRET_KEY")
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


UNREACHABLE_PROBE = textwrap.dedent("""
    import json, django
    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    setup_test_environment()
    client = Client(raise_request_exception=False)
    out = []
    login = {"username": "someone@example.com", "password": "secret"}
    for path in ("/api/openapi", "/api/noSuchRoute", "/api/health/ready", "/api/health/live",
                 "/api/authentication/login"):
        if path.endswith("login"):
            response = client.post(path, login, content_type="application/json")
        else:
            response = client.get(path)
        out.append({"path": path, "status": response.status_code, "body": response.json(),
                    "retryAfter": response.get("Retry-After")})
    print(json.dumps(out))
""")


def closed_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("database_url", [
    pytest.param(lambda tmp: f"postgres://postgres@127.0.0.1:{closed_port()}/nowhere", id="postgresql-refused"),
    pytest.param(lambda tmp: f"sqlite:///{tmp}/missing-directory/db.sqlite3", id="sqlite-unopenable"),
])
def test_an_unreachable_database_is_503_with_retry_after(tmp_path, database_url):
    import json

    result = run(["-c", UNREACHABLE_PROBE], DATABASE_URL=database_url(tmp_path), ALLOWED_HOSTS="testserver",
                 MAINTENANCE_FILE=str(tmp_path / "maintenance.on"), LOG_LEVEL="CRITICAL")
    assert result.returncode == 0, result.stderr
    answers = {a["path"]: a for a in json.loads(result.stdout.strip().splitlines()[-1])}
    for path in ("/api/openapi", "/api/noSuchRoute", "/api/health/ready", "/api/authentication/login"):
        answer = answers[path]
        assert answer["status"] == 503, answer
        assert answer["body"]["errorCode"] == "SVC02" and answer["body"]["reason"] == "Service Unavailable"
        assert int(answer["retryAfter"]) > 0
    # Liveness says only that the process is up.
    assert answers["/api/health/live"]["status"] == 200
