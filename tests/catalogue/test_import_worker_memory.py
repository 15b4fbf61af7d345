"""A worker that served a large import gives its memory back once it has answered (config.memory wraps the WSGI
application that gunicorn serves).

The request, view, serializers and response of one call refer to one another, so a request's parsed body lives
until Python's cycle collector runs; these tests switch the automatic collector off to see what a call leaves.
"""

import gc
import json

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.db import close_old_connections
from django.test import RequestFactory

from catalogue import models as m
from config import memory
from config.wsgi import application
from tests.catalogue.factories import make_folder
from tests.catalogue.test_import_api import IMPORT_URL, import_body, mauro_document, table_counts
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def serve():
    """Call a WSGI application as gunicorn does (iterate the answer, then close it) -> (status, JSON body, environ).

    As Django's test client does, the test's database connection is kept open across the call; the automatic
    cycle collector is off for the test, so nothing is freed behind its back."""

    def call(app, body, cookie):
        environ = RequestFactory().generic("POST", IMPORT_URL, json.dumps(body), content_type="application/json",
                                           HTTP_COOKIE=cookie).environ
        started = []
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            answer = app(environ, lambda status, headers, exc_info=None: started.append(status))
            try:
                content = b"".join(answer)
            finally:
                answer.close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
        del answer
        return int(started[0].split()[0]), json.loads(content), environ

    gc.disable()
    yield call
    gc.enable()


@pytest.fixture
def session_cookie(user):
    return f"JSESSIONID={logged_in_client(user).cookies['JSESSIONID'].value}"


@pytest.fixture
def release_every_body(monkeypatch):
    """Treat the small files of a test like large uploads."""
    monkeypatch.setattr(memory, "RELEASE_AFTER_BODY_BYTES", 1)
    monkeypatch.setattr(memory, "RELEASE_AFTER_GROWTH_BYTES", 0)


def left_behind(environ):
    """The Django requests of the call with this environ still in memory (reachable or not yet collected)."""
    return [o for o in gc.get_objects() if type(o) is WSGIRequest and o.environ is environ]


def test_a_served_import_leaves_its_request_behind_unless_released(serve, session_cookie, user,
                                                                   release_every_body):
    folder = make_folder("Imports", user=user)
    document = mauro_document("Kept", classes=3, elements_per_class=5)

    status, body, environ = serve(WSGIHandler(), import_body(folder, document), session_cookie)
    assert status == 201, body
    assert left_behind(environ), "the bare handler leaves the request (and its parsed body) to the collector"
    gc.collect()

    status, body, environ = serve(application, import_body(folder, document, modelName="Released"),
                                  session_cookie)
    assert status == 201, body
    assert [item["label"] for item in body["items"]] == ["Released"]
    assert m.DataElement.objects.filter(model_id=body["items"][0]["id"]).count() == 30
    assert left_behind(environ) == []


def test_a_refused_import_is_released_too_and_answers_as_before(serve, session_cookie, user, release_every_body):
    folder = make_folder("Imports", user=user)
    document = mauro_document("Refused")
    document["dataModel"]["childDataClasses"][0]["label"] = ""
    before = table_counts()

    status, body, environ = serve(application, import_body(folder, document), session_cookie)
    assert status == 422
    assert body["errorCode"] == "IMPC01"
    assert body["errors"][0]["path"] == "dataModel.childDataClasses[0]"
    assert left_behind(environ) == []
    assert table_counts() == before


class FakeAnswer:
    def __init__(self, log):
        self.log = log

    def __iter__(self):
        return iter([b"answer"])

    def close(self):
        self.log.append("closed")


def fake_app(log):
    def app(environ, start_response):
        start_response("200 OK", [])
        return FakeAnswer(log)
    return app


@pytest.mark.parametrize(("length", "grown_mb", "released"), [
    (memory.RELEASE_AFTER_BODY_BYTES - 1, 500, False),  # small body: passed through untouched
    (memory.RELEASE_AFTER_BODY_BYTES, 1, False),  # large body that did not grow the worker
    (memory.RELEASE_AFTER_BODY_BYTES, 64, True),
])
def test_memory_is_released_after_the_answer_of_a_large_body_that_grew_the_worker(monkeypatch, length, grown_mb,
                                                                                  released):
    log = []
    sizes = iter([100 * 2 ** 20, (100 + grown_mb) * 2 ** 20])
    monkeypatch.setattr(memory, "resident_bytes", lambda: next(sizes))
    monkeypatch.setattr(memory, "release_memory", lambda: log.append("released"))
    answer = memory.ReleaseMemoryAfterLargeBodies(fake_app(log))({"CONTENT_LENGTH": str(length)}, lambda *a: None)
    assert b"".join(answer) == b"answer"
    assert log == []
    answer.close()
    assert log == (["closed", "released"] if released else ["closed"])


def test_a_chunked_body_of_unknown_size_counts_as_large():
    assert memory.large_body({"HTTP_TRANSFER_ENCODING": "chunked"})
    assert not memory.large_body({"CONTENT_LENGTH": ""})
    assert not memory.large_body({"CONTENT_LENGTH": "not a number"})
