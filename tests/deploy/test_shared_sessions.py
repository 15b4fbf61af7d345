"""With REDIS_URL set, sessions and the cache live in Redis, so several application servers behind one
nginx share logins: a session started on one gunicorn is seen by another."""

import socket

import pytest
from django.conf import settings as django_settings

from tests.deploy.harness import ADMIN_EMAIL, ADMIN_PASSWORD, build_front, destroy_front, free_port, request

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
#: A database number of its own, so the test never touches anyone else's keys.
REDIS_DB = 11


def redis_available():
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def two_server_front(nginx_binary, front_template):
    if not redis_available():
        pytest.skip(f"no Redis answers at {REDIS_HOST}:{REDIS_PORT}")
    ports = [free_port(), free_port()]
    running = build_front("redis", template=front_template, nginx_binary=nginx_binary,
                          version=django_settings.PRODUCT_VERSION,
                          app_binds=[f"127.0.0.1:{port}" for port in ports],
                          REDIS_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}", GUNICORN_WORKERS=1)
    try:
        running.start()
        yield running, ports
    finally:
        destroy_front(running)


def login_body():
    return f'{{"username": "{ADMIN_EMAIL}", "password": "{ADMIN_PASSWORD}"}}'.encode()


def authenticated(port, cookie):
    response = request(port, "GET", "/api/session/isAuthenticated", headers={"Cookie": cookie})
    assert response.status == 200
    return response.json()["authenticatedSession"]


def test_a_login_on_one_application_server_is_seen_by_the_other(two_server_front):
    import redis

    front, (first, second) = two_server_front
    login = request(first, "POST", "/api/authentication/login", body=login_body(),
                    headers={"Content-Type": "application/json"})
    assert login.status == 200, login.body
    cookie, _ = login.cookie("JSESSIONID")
    session_key = cookie.split("=", 1)[1]

    assert authenticated(second, cookie) is True
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    assert client.exists(f":1:django.contrib.sessions.cache{session_key}") == 1, "the session lives in Redis"
    assert front.database.query("SELECT COUNT(*) FROM django_session")[0][0] == 0, "and not in the database"

    # Through nginx, requests alternate between both servers and every one sees the session.
    assert all(authenticated(front.port, cookie) for _ in range(6))

    # A repeated login is refused on the other server too: the 409 rule holds across servers.
    again = request(second, "POST", "/api/authentication/login", body=login_body(),
                    headers={"Content-Type": "application/json", "Cookie": cookie})
    assert again.status == 409

    assert request(second, "POST", "/api/authentication/logout", headers={"Cookie": cookie}).status == 204
    assert authenticated(first, cookie) is False
    assert client.exists(f":1:django.contrib.sessions.cache{session_key}") == 0


def test_nginx_spreads_requests_over_both_servers(two_server_front):
    front, _ = two_server_front
    before = [len(app.access_log.read_text().splitlines()) for app in front.apps]
    for _ in range(10):
        assert front.request("GET", "/api/health/live").status == 200
    after = [len(app.access_log.read_text().splitlines()) for app in front.apps]
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)
