"""The statuses the nginx front answers itself (408, 413, 502, 503, 504), each with the contract's JSON body.

A real nginx and gunicorn run on loopback with short timeouts (client body 1 s, upstream read 2 s).
"""

import time
import uuid
from http import HTTPStatus

import pytest
from django.conf import settings

from tests.deploy.harness import PROXY_READ_TIMEOUT, RETRY_AFTER, SMALL_BODY_LIMIT, raw_exchange

CONTRACT_KEYS = {"status", "reason", "errorCode", "message", "path", "version"}


def assert_contract_error(response, status, path, error_code=None):
    assert response is not None, f"expected {status}, the server closed the connection without an answer"
    assert response.status == status, (response.status, response.body[:300])
    assert response.header("content-type").startswith("application/json")
    body = response.json()
    assert CONTRACT_KEYS <= set(body), body
    assert body["status"] == status
    assert body["reason"] == HTTPStatus(status).phrase
    assert body["path"] == path
    assert body["version"] == settings.PRODUCT_VERSION
    assert body["message"]
    if error_code:
        assert body["errorCode"] == error_code
    assert response.header("x-request-id")
    return body


def json_headers(request_id=None):
    headers = {"Content-Type": "application/json"}
    if request_id:
        headers["X-Request-ID"] = request_id
    return headers


def test_a_healthy_front_serves_the_api_the_health_checks_and_static_files(live_front):
    live = live_front.request("GET", "/api/health/live")
    assert live.status == 200 and live.json() == {"status": "ok"}
    ready = live_front.request("GET", "/api/health/ready")
    assert ready.status == 200 and ready.json() == {"status": "ok", "database": "ok"}

    css = live_front.request("GET", "/static/admin/css/base.css")
    assert css.status == 200 and css.header("content-type").startswith("text/css")
    assert "max-age" in css.header("cache-control")

    docs = live_front.request("GET", "/api/docs")
    assert docs.status == 200 and b"swagger" in docs.body.lower()
    asset = live_front.request("GET", "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status == 200


def test_a_body_passes_through_the_buffer_whole_with_the_client_address(live_front):
    payload = b"x" * SMALL_BODY_LIMIT
    response = live_front.request("POST", "/api/test/slow?seconds=0", body=payload,
                                  headers={"Content-Type": "application/octet-stream"})
    assert response.status == 200
    assert response.json()["bodySize"] == SMALL_BODY_LIMIT
    assert response.json()["clientAddress"] == "127.0.0.1"
    assert response.json()["secure"] is False

    chunked = raw_exchange(live_front.port, b"POST /api/test/slow?seconds=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                            b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
    assert chunked.status == 200 and chunked.json()["bodySize"] == 11


def test_the_request_id_is_shared_by_the_response_and_both_access_logs(live_front):
    request_id = f"trace-{uuid.uuid4().hex}"
    response = live_front.request("GET", "/api/health/live", headers={"X-Request-ID": request_id})
    assert response.header("x-request-id") == request_id
    generated = live_front.request("GET", "/api/health/live", headers={"X-Request-ID": "not sane!"})
    assert generated.header("x-request-id") not in ("", "not sane!")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if (request_id in live_front.app.access_log.read_text()
                and request_id in live_front.settings.access_log.read_text()):
            break
        time.sleep(0.1)
    assert f"id={request_id}" in live_front.app.access_log.read_text()
    assert f"id={request_id}" in live_front.settings.access_log.read_text()


def test_a_stalled_upload_gets_408_with_a_json_body_and_never_reaches_the_application(live_front):
    request_id = f"stalled-{uuid.uuid4().hex}"
    started = time.monotonic()
    response = raw_exchange(live_front.port, (
        "POST /api/test/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"X-Request-ID: {request_id}\r\nContent-Length: 1000\r\n\r\n" + '{"partial": ').encode())
    elapsed = time.monotonic() - started
    assert_contract_error(response, 408, "/api/test/slow", "REQ08")
    assert response.header("x-request-id") == request_id
    assert elapsed < 6
    assert request_id not in live_front.app.access_log.read_text()


def test_a_stalled_chunked_upload_gets_408_too(live_front):
    response = raw_exchange(live_front.port, b"PUT /api/test/slow?seconds=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                             b"Transfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n")
    assert_contract_error(response, 408, "/api/test/slow", "REQ08")


def test_an_oversize_body_gets_413_before_it_is_sent(live_front):
    response = raw_exchange(live_front.port, (
        "POST /api/authentication/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {SMALL_BODY_LIMIT + 1}\r\n\r\n").encode())
    body = assert_contract_error(response, 413, "/api/authentication/login", "REQ05")
    assert str(SMALL_BODY_LIMIT) in body["message"]


def test_an_oversize_chunked_body_gets_413(live_front):
    chunk = b"y" * 8192
    data = b"POST /api/test/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    data += (b"2000\r\n" + chunk + b"\r\n") * (SMALL_BODY_LIMIT // len(chunk) + 1) + b"0\r\n\r\n"
    try:
        response = raw_exchange(live_front.port, data)
    except ConnectionResetError:
        pytest.fail("nginx reset the connection instead of answering 413")
    assert_contract_error(response, 413, "/api/test/slow", "REQ05")


def test_a_stopped_application_gets_502_for_reads_and_writes(live_front):
    live_front.app.stop()
    read = live_front.request("GET", "/api/session/isAuthenticated")
    assert_contract_error(read, 502, "/api/session/isAuthenticated", "GW01")
    write = live_front.request("POST", "/api/authentication/login", body=b'{"username": "a", "password": "b"}',
                               headers=json_headers())
    assert_contract_error(write, 502, "/api/authentication/login", "GW01")
    live_front.app.start()
    assert live_front.request("GET", "/api/session/isAuthenticated").status == 200


def test_a_slow_application_gets_504_from_nginx_and_the_worker_survives(live_front):
    started = time.monotonic()
    read = live_front.request("GET", "/api/test/slow?seconds=5")
    elapsed = time.monotonic() - started
    assert_contract_error(read, 504, "/api/test/slow", "GW02")
    assert PROXY_READ_TIMEOUT <= elapsed < 5, "nginx, not the application, must end the wait"

    write = live_front.request("POST", "/api/test/slow?seconds=5", body=b'{"a": 1}', headers=json_headers())
    assert_contract_error(write, 504, "/api/test/slow", "GW02")
    assert live_front.request("GET", "/api/test/slow?seconds=0").status == 200


def test_the_maintenance_file_gives_503_with_retry_after_until_it_is_removed(live_front):
    path = "/api/test/slow?seconds=0"
    assert live_front.request("GET", path).status == 200
    live_front.maintenance_file.touch()

    answered_by_application = live_front.request("GET", path)
    assert_contract_error(answered_by_application, 503, "/api/test/slow", "SVC03")
    assert answered_by_application.header("retry-after") == str(RETRY_AFTER)
    assert live_front.request("GET", "/api/health/ready").status == 200, "orchestrators still see a ready server"

    # With the application stopped (a deploy in progress) nginx answers the same 503 itself.
    live_front.app.stop()
    for method, body in (("GET", None), ("POST", b'{"a": 1}')):
        answered_by_nginx = live_front.request(method, path, body=body, headers=json_headers())
        assert_contract_error(answered_by_nginx, 503, "/api/test/slow", "SVC03")
        assert answered_by_nginx.header("retry-after") == str(RETRY_AFTER)
    live_front.app.start()

    live_front.maintenance_file.unlink()
    assert live_front.request("GET", path).status == 200


def test_error_bodies_stay_valid_json_whatever_the_path(live_front):
    response = live_front.request("GET", '/static/no"such\\file.css?q="x"')
    body = assert_contract_error(response, 404, "/static/no", "NF03")
    assert body["path"] == "/static/no"
    unicode_path = live_front.request("GET", "/static/caf%C3%A9.css")
    assert_contract_error(unicode_path, 404, "/static/caf%C3%A9.css")


def test_security_headers_and_no_server_version(live_front):
    response = live_front.request("GET", "/api/health/live")
    assert response.header("x-content-type-options") == "nosniff"
    assert response.header("x-frame-options") == "DENY"
    assert response.header("referrer-policy") == "same-origin"
    assert response.header("server") == "nginx"
    nginx_error = live_front.request("GET", "/static/missing.js")
    assert nginx_error.header("x-content-type-options") == "nosniff"
    assert nginx_error.header("cache-control") == "no-store"


def test_login_through_the_front_keeps_the_session_across_workers(live_front):
    from tests.deploy.harness import ADMIN_EMAIL, ADMIN_PASSWORD

    login = live_front.request("POST", "/api/authentication/login", headers=json_headers(),
                               body=f'{{"username": "{ADMIN_EMAIL}", "password": "{ADMIN_PASSWORD}"}}'.encode())
    assert login.status == 200, login.body
    cookie, attributes = login.cookie("JSESSIONID")
    assert cookie and "httponly" in attributes and "secure" not in attributes  # plain HTTP here: no Secure flag
    for _ in range(6):  # several requests land on both workers
        seen = live_front.request("GET", "/api/session/isAuthenticated", headers={"Cookie": cookie})
        assert seen.json() == {"authenticatedSession": True}
    again = live_front.request("POST", "/api/authentication/login", headers={**json_headers(), "Cookie": cookie},
                               body=f'{{"username": "{ADMIN_EMAIL}", "password": "{ADMIN_PASSWORD}"}}'.encode())
    assert again.status == 409
    assert live_front.request("GET", "/api/authentication/logout", headers={"Cookie": cookie}).status == 204
    gone = live_front.request("GET", "/api/session/isAuthenticated", headers={"Cookie": cookie})
    assert gone.json() == {"authenticatedSession": False}
