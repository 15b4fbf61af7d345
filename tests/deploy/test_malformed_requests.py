"""Malformed and oversized request heads, sent over raw sockets to the real front, get the contract's JSON.

nginx's limits are tighter than gunicorn's, so gunicorn's HTML error pages (414, 431, 400) never
reach a client: the longest request line and header nginx lets through are answered by the application.
"""

import pytest

from tests.deploy.harness import raw_exchange
from tests.deploy.test_gateway_errors import assert_contract_error

HEALTH = "/api/health/live"


def head(request_line, *headers):
    lines = [request_line, "Host: 127.0.0.1", *headers, "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1")


def assert_json(response):
    assert response is not None, "the server closed the connection without an answer"
    assert response.header("content-type").startswith("application/json"), (response.status, response.body[:300])
    return response.json()


def test_a_long_url_is_414_json(live_front):
    response = raw_exchange(live_front.port, head(f"GET {HEALTH}?q={'a' * 20000} HTTP/1.1"))
    assert_contract_error(response, 414, "", "REQ09")  # nginx never read the whole request line: no path


@pytest.mark.parametrize("extra", [0, 1, 2])
def test_the_longest_url_nginx_accepts_is_answered_by_the_application(live_front, extra):
    # The request line "GET <uri> HTTP/1.1" of nginx's largest header buffer (8 KiB), give or take a byte.
    query = "a" * (8192 - len(f"GET {HEALTH}?q= HTTP/1.1\r\n") - extra)
    response = raw_exchange(live_front.port, head(f"GET {HEALTH}?q={query} HTTP/1.1"))
    assert_json(response)
    assert response.status == 200, response.status


def test_a_huge_header_is_431_json(live_front):
    response = raw_exchange(live_front.port, head(f"GET {HEALTH} HTTP/1.1", f"X-Big: {'b' * 20000}"))
    assert_contract_error(response, 431, HEALTH, "GW04")
    cookie = raw_exchange(live_front.port, head(f"GET {HEALTH} HTTP/1.1", f"Cookie: JSESSIONID={'c' * 20000}"))
    assert_contract_error(cookie, 431, HEALTH, "GW04")


def test_too_many_header_bytes_in_all_is_431_json(live_front):
    headers = [f"X-Many-{i}: {'m' * 4000}" for i in range(12)]
    response = raw_exchange(live_front.port, head(f"GET {HEALTH} HTTP/1.1", *headers))
    assert_contract_error(response, 431, HEALTH, "GW04")


def test_the_largest_header_nginx_accepts_is_answered_by_the_application(live_front):
    # A forwarded-for header just under nginx's line limit grows by the client address on its way to gunicorn.
    value = "1.2.3.4, " * ((8192 - 40) // 9)
    response = raw_exchange(live_front.port, head(f"GET {HEALTH} HTTP/1.1", f"X-Forwarded-For: {value}"))
    assert response.status == 200 and assert_json(response) == {"status": "ok"}


def test_many_small_headers_are_answered_by_the_application(live_front):
    headers = [f"X-H{i}: v" for i in range(600)]  # gunicorn's default limit is 100 header lines
    response = raw_exchange(live_front.port, head(f"GET {HEALTH} HTTP/1.1", *headers))
    assert response.status == 200 and assert_json(response) == {"status": "ok"}


@pytest.mark.parametrize("data", [
    b"GARBAGE\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",  # a TLS hello on the plain port
    b"GET\r\n\r\n",
    b"GET /api/health/live HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /api/health/live HTTQ/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"G\x00T /api/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /api/he alth HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /api/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\x00b\r\n\r\n",
    b"GET /api/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n",
    b"GET /api/health/live HTTP/1.1\r\nHost: bad/host\r\n\r\n",
    b"GET /api/health/live HTTP/1.1\r\n\r\n",  # HTTP/1.1 without Host
    b"POST /api/authentication/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
    b"POST /api/authentication/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /api/authentication/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n",
])
def test_a_malformed_request_is_400_json(live_front, data):
    response = raw_exchange(live_front.port, data)
    body = assert_json(response)
    assert response.status == 400, (response.status, body)
    assert body["status"] == 400 and body["reason"] == "Bad Request" and body["errorCode"] == "REQ01"
    assert {"status", "reason", "errorCode", "message", "path", "version"} <= set(body)


@pytest.mark.parametrize("data, status", [
    (b"GET /api/health/live HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", 505),
    (b"POST /api/authentication/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
])
def test_other_refusals_of_nginx_are_json(live_front, data, status):
    response = raw_exchange(live_front.port, data)
    body = assert_json(response)
    assert response.status == status and body["status"] == status


@pytest.mark.parametrize("header", ["X-Forwarded-Ssl: on", "X-Forwarded-Protocol: ssl", "X-Forwarded-Proto: https"])
def test_scheme_headers_from_the_client_do_not_upset_the_application(live_front, header):
    response = raw_exchange(live_front.port, head("GET /api/test/slow?seconds=0 HTTP/1.1", header))
    assert response.status == 200 and assert_json(response)["secure"] is False
