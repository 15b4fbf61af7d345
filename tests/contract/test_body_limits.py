"""Body limits by route and caller: a small limit everywhere, the upload limit only on upload routes when logged in.

Over the limit a request is refused from its headers before any of the body is read (the stream given to
the application fails the test if it is touched). Chunked bodies without Content-Length are read with the
limit as a cap.
"""

import io
import json
import re

import pytest
from django.urls import resolve

from accounts.models import ApiProperty
from catalogue import models as m
from config.api.body_limits import large_body_path_regex
from tests.catalogue.facets_support import item_url, make_world
from tests.catalogue.test_import_api import IMPORT_URL, fixture_bytes, import_body
from tests.contract.test_seed_status_table import make_api_key

pytestmark = pytest.mark.django_db

LOGIN = "/api/authentication/login"
SMALL = 2048
UPLOAD = 256 * 1024


@pytest.fixture(autouse=True)
def limits(settings):
    settings.MAX_SMALL_BODY_BYTES = SMALL
    settings.MAX_REQUEST_BODY_BYTES = UPLOAD
    settings.IMPORT_MAX_FILE_BYTES = UPLOAD


class UnreadableBody(io.RawIOBase):
    """A request body that must never be read."""

    def read(self, size=-1):
        pytest.fail("the body was read although its declared length is over the limit")

    def readline(self, size=-1):
        self.read()


class CountingStream(io.RawIOBase):
    """A chunked body as gunicorn hands it over (no Content-Length): counts what the application reads."""

    def __init__(self, data):
        self.data = io.BytesIO(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = self.data.read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = self.data.readline(size)
        self.bytes_read += len(line)
        return line


def declared(api, method, path, length, **extra):
    """A request declaring `length` bytes of JSON whose body the application may not read."""
    return api.generic(method, path, b"", content_type="application/json", CONTENT_LENGTH=str(length),
                       **{"wsgi.input": UnreadableBody()}, **extra)


def chunked(api, path, data, content_type="application/json", **extra):
    stream = CountingStream(data)
    response = api.generic("POST", path, b"", content_type=content_type, CONTENT_LENGTH="",
                           HTTP_TRANSFER_ENCODING="chunked", **{"wsgi.input": stream}, **extra)
    return response, stream


def assert_error(response, status, error_code):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert body["status"] == status and body["errorCode"] == error_code
    assert {"status", "reason", "errorCode", "message", "path", "version"} <= set(body)
    return body


def big_import(folder):
    """An import body between the small and the upload limit."""
    body = json.dumps(import_body(folder, fixture_bytes("simpleDataModel"))).encode()
    assert SMALL < len(body) < UPLOAD
    return body


@pytest.fixture
def folder(user):
    return make_world(user).folder


# --- routes without file content: the small limit for everyone -------------------------------------


def test_an_anonymous_login_over_the_small_limit_is_413_before_reading(client):
    body = assert_error(declared(client, "POST", LOGIN, 98 * 1024 * 1024), 413, "REQ05")
    assert f"limit of {SMALL} bytes" in body["message"]
    assert_error(declared(client, "POST", LOGIN, SMALL + 1), 413, "REQ05")


def test_a_logged_in_create_over_the_small_limit_is_413_and_stores_nothing(user_client, user):
    before = m.Folder.objects.count()
    response = user_client.post("/api/folders", {"label": "x" * (SMALL + 10)}, format="json")
    assert_error(response, 413, "REQ05")
    assert m.Folder.objects.count() == before
    assert_error(declared(user_client, "PUT", "/api/folders/00000000-0000-0000-0000-000000000000", SMALL + 1),
                 413, "REQ05")


def test_a_body_at_the_small_limit_is_read(client, user):
    payload = json.dumps({"username": user.email_address, "password": "wrong"}).encode()
    payload += b" " * (SMALL - len(payload))
    response = client.generic("POST", LOGIN, payload, content_type="application/json")
    assert_error(response, 401, "AUTH01")


def test_an_api_key_does_not_lift_the_small_limit_on_other_routes(client, user):
    key = make_api_key(user)
    assert_error(declared(client, "POST", "/api/folders", SMALL + 1, HTTP_APIKEY=key), 413, "REQ05")


# --- upload routes: the upload limit for logged-in callers only ------------------------------------


def test_a_logged_in_import_between_the_limits_is_accepted(user_client, folder):
    response = user_client.generic("POST", IMPORT_URL, big_import(folder), content_type="application/json")
    assert response.status_code == 201, response.content[:300]


def test_an_api_key_import_between_the_limits_is_accepted(client, user, folder):
    response = client.generic("POST", IMPORT_URL, big_import(folder), content_type="application/json",
                              HTTP_APIKEY=make_api_key(user))
    assert response.status_code == 201, response.content[:300]


def test_an_upload_over_the_upload_limit_is_413_before_reading(user_client):
    body = assert_error(declared(user_client, "POST", IMPORT_URL, UPLOAD + 1), 413, "REQ05")
    assert f"limit of {UPLOAD} bytes" in body["message"]


def test_an_anonymous_upload_over_the_small_limit_is_401_before_reading(client, user):
    before = m.CatalogueModel.objects.count()
    body = assert_error(declared(client, "POST", IMPORT_URL, SMALL + 1), 401, "AUTH02")
    assert str(SMALL) in body["message"]
    assert_error(declared(client, "POST", IMPORT_URL, 98 * 1024 * 1024), 401, "AUTH02")
    assert_error(declared(client, "POST", IMPORT_URL, SMALL + 1, HTTP_APIKEY=make_api_key(user, disabled=True)),
                 401, "AUTH02")
    assert m.CatalogueModel.objects.count() == before


def test_reference_files_take_the_upload_limit_when_logged_in(user_client, client, user):
    world = make_world(user, label="Files")
    contents = list(b"p" * (SMALL * 2))
    body = {"fileName": "big.bin", "fileType": "application/octet-stream", "fileContents": contents}
    response = user_client.post(item_url(world.model, "referenceFiles"), body, format="json")
    assert response.status_code == 201, response.content[:300]
    assert_error(declared(client, "POST", item_url(world.model, "referenceFiles"), SMALL + 1), 401, "AUTH02")
    assert m.ReferenceFile.objects.count() == 1


# --- chunked bodies (no Content-Length): read with a cap -------------------------------------------


def test_a_small_chunked_body_is_read(client, user):
    payload = json.dumps({"username": user.email_address, "password": "wrong"}).encode()
    response, stream = chunked(client, LOGIN, payload)
    assert_error(response, 401, "AUTH01")  # the credentials were read: not "missing fields" (400)
    assert stream.bytes_read == len(payload)


def test_a_chunked_body_over_the_limit_is_413_and_read_no_further_than_the_cap(client):
    response, stream = chunked(client, LOGIN, b"x" * (5 * 1024 * 1024))
    assert_error(response, 413, "REQ05")
    assert stream.bytes_read == SMALL + 1


def test_a_chunked_import_between_the_limits_is_accepted_when_logged_in(user_client, client, folder):
    response, _ = chunked(user_client, IMPORT_URL, big_import(folder))
    assert response.status_code == 201, response.content[:300]
    response, stream = chunked(client, IMPORT_URL, big_import(folder))
    assert_error(response, 401, "AUTH02")
    assert stream.bytes_read == SMALL + 1


@pytest.mark.urls("tests.contract.urls")
def test_a_chunked_body_over_the_limit_changes_nothing(user_client):
    data = json.dumps({"key": "big", "value": "v" * (SMALL * 2)}).encode()
    response, _ = chunked(user_client, "/api/test/properties", data)
    assert_error(response, 413, "REQ05")
    assert not ApiProperty.objects.filter(key="big").exists()


# --- the list of upload routes ------------------------------------------------------------------


def test_every_upload_route_name_is_a_route_and_the_front_gets_their_paths(settings):
    regex = re.compile(large_body_path_regex())
    for path in (IMPORT_URL, "/api/dataModels/6f1c/referenceFiles", "/api/folders/6f1c/referenceFiles/9a2b"):
        assert regex.match(path), path
        assert resolve(path).url_name in settings.LARGE_BODY_ROUTES
    for path in (LOGIN, "/api/folders", "/api/dataModels/6f1c/metadata", "/api/catalogueUsers/adminRegister",
                 IMPORT_URL + "/more", "/api/dataModels/6f1c/referenceFiles/9a2b/x"):
        assert not regex.match(path), path
    found = {p.name for p in _all_patterns()}
    assert settings.LARGE_BODY_ROUTES <= found, settings.LARGE_BODY_ROUTES - found


def _all_patterns():
    from django.urls import URLResolver, get_resolver

    stack = list(get_resolver().url_patterns)
    while stack:
        pattern = stack.pop()
        if isinstance(pattern, URLResolver):
            stack.extend(pattern.url_patterns)
        else:
            yield pattern
