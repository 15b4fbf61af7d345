"""Body limits through the real front: nginx refuses a big body at the edge except on the upload routes, and
gunicorn + the application refuse it from the headers, before reading it, when nginx is not in front.

Limits here: SMALL_BODY_LIMIT (16 KiB) everywhere, BODY_LIMIT (64 KiB) on the upload routes.
"""

import json
import socket
import time
import uuid

import pytest

from tests.catalogue.test_import_api import IMPORTER, fixture_bytes
from tests.deploy.harness import ADMIN_EMAIL, ADMIN_PASSWORD, BODY_LIMIT, SMALL_BODY_LIMIT, parse_raw, raw_exchange
from tests.deploy.test_gateway_errors import assert_contract_error, json_headers

LOGIN = "/api/authentication/login"
IMPORT = f"/api/dataModels/import/{IMPORTER}"


@pytest.fixture
def session(live_front):
    login = live_front.request("POST", LOGIN, headers=json_headers(),
                               body=json.dumps({"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).encode())
    assert login.status == 200, login.body
    cookie, _ = login.cookie("JSESSIONID")
    yield {**json_headers(), "Cookie": cookie}
    live_front.request("GET", "/api/authentication/logout", headers={"Cookie": cookie})


def import_payload(folder_id):
    """An import body between the small limit and the upload limit."""
    body = json.dumps({"folderId": folder_id, "finalised": False, "importAsNewDocumentationVersion": False,
                       "importFile": {"fileName": "m.json", "fileType": "application/json",
                                      "fileContents": list(fixture_bytes("complexDataModel"))}}).encode()
    assert SMALL_BODY_LIMIT < len(body) < BODY_LIMIT
    return body


def new_folder(front, headers):
    response = front.request("POST", "/api/folders", body=json.dumps({"label": f"f-{uuid.uuid4().hex[:8]}"}).encode(),
                             headers=headers)
    assert response.status == 201, response.body
    return response.json()["id"]


def declared_only(port, path, length, request_id):
    """Headers declaring a JSON body of `length` bytes, and none of the body."""
    return raw_exchange(port, (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                               f"X-Request-ID: {request_id}\r\nContent-Length: {length}\r\n\r\n").encode(), wait=5)


def test_a_big_login_body_is_refused_at_the_edge(live_front):
    request_id = f"big-login-{uuid.uuid4().hex}"
    response = declared_only(live_front.port, LOGIN, SMALL_BODY_LIMIT + 1, request_id)
    body = assert_contract_error(response, 413, LOGIN, "REQ05")
    assert f"limit of {SMALL_BODY_LIMIT} bytes" in body["message"]
    time.sleep(0.3)
    assert request_id not in live_front.app.access_log.read_text(), "the application saw the request"


def test_a_big_chunked_create_is_refused_at_the_edge(live_front, session):
    chunk = b"y" * 4096
    data = ("POST /api/folders HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            f"Cookie: {session['Cookie']}\r\nContent-Type: application/json\r\n\r\n").encode()
    data += (b"1000\r\n" + chunk + b"\r\n") * (SMALL_BODY_LIMIT // len(chunk) + 1) + b"0\r\n\r\n"
    assert_contract_error(raw_exchange(live_front.port, data), 413, "/api/folders", "REQ05")


def test_a_logged_in_import_between_the_limits_passes_the_front(live_front, session):
    folder_id = new_folder(live_front, session)
    response = live_front.request("POST", IMPORT, body=import_payload(folder_id), headers=session)
    assert response.status == 201, response.body[:300]


def test_an_upload_over_the_upload_limit_is_refused_at_the_edge(live_front, session):
    response = live_front.request("POST", IMPORT, body=b" " * (BODY_LIMIT + 1), headers=session)
    body = assert_contract_error(response, 413, IMPORT, "REQ05")
    assert f"limit of {BODY_LIMIT} bytes" in body["message"]


def test_an_anonymous_upload_between_the_limits_is_401(live_front, session):
    folder_id = new_folder(live_front, session)
    response = live_front.request("POST", IMPORT, body=import_payload(folder_id), headers=json_headers())
    assert_contract_error(response, 401, IMPORT, "AUTH02")


# --- gunicorn without nginx: refused from the headers, chunked bodies read with a cap --------------


def exchange_with_app(front, data, *, body_chunks=(), wait=5.0):
    """Send a request head straight to gunicorn's socket, then body chunks for as long as it keeps listening."""
    path = front.app.bind.removeprefix("unix:")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(wait)
        sock.connect(path)
        sock.sendall(data)
        sent = 0
        try:
            for chunk in body_chunks:
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        received = b""
        try:
            while b"\r\n\r\n" not in received or not _complete(received):
                part = sock.recv(65536)
                if not part:
                    break
                received += part
        except (TimeoutError, ConnectionResetError):
            pass
    return parse_raw(received), sent


def _complete(received):
    head, _, rest = received.partition(b"\r\n\r\n")
    lengths = [int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
    return bool(lengths) and len(rest) >= lengths[0]


def test_the_application_refuses_a_declared_big_body_without_waiting_for_it(live_front):
    head = (f"POST {LOGIN} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {50 * 1024 * 1024}\r\n\r\n").encode()
    started = time.monotonic()
    response, _ = exchange_with_app(live_front, head)
    assert_contract_error(response, 413, LOGIN, "REQ05")
    assert time.monotonic() - started < 3, "the application waited for the body"


def test_the_application_reads_a_small_chunked_body(live_front):
    payload = json.dumps({"username": ADMIN_EMAIL, "password": "wrong"}).encode()
    head = (f"POST {LOGIN} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode()
    body = f"{len(payload):x}\r\n".encode() + payload + b"\r\n0\r\n\r\n"
    response, _ = exchange_with_app(live_front, head + body)
    assert_contract_error(response, 401, LOGIN, "AUTH01")  # the credentials were read


def test_the_application_stops_reading_a_chunked_body_at_the_limit(live_front):
    head = (f"POST {LOGIN} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    chunk = b"2000\r\n" + b"z" * 0x2000 + b"\r\n"
    response, _ = exchange_with_app(live_front, head, body_chunks=[chunk] * (SMALL_BODY_LIMIT // 0x2000 + 2))
    assert_contract_error(response, 413, LOGIN, "REQ05")


def test_the_configuration_gives_the_upload_limit_to_the_upload_locations_only(tmp_path):
    from config.api.body_limits import large_body_path_regex
    from deploy.nginx import NginxSettings, render

    text = render(NginxSettings(state_dir=tmp_path, static_root=tmp_path / "static", maintenance_file=tmp_path / "m",
                                app_servers=["unix:/run/app.sock"], version="9.9.9", max_body_bytes=5000,
                                small_body_bytes=700, upload_path_regex=large_body_path_regex()))
    sizes = [line.strip() for line in text.splitlines() if "client_max_body_size" in line]
    assert sizes == ["client_max_body_size 700;", "client_max_body_size 5000;", "client_max_body_size 5000;"]
    uploads = [line.strip() for line in text.splitlines() if line.strip().startswith("location ~ ")]
    assert len(uploads) == 2 and all("dataModels/import" in line and "referenceFiles" in line for line in uploads)
    assert "limit of 700 bytes" in text and "limit of 5000 bytes" in text
