"""The JSON renderer writes exactly DRF's bytes (config.api.renderers), only faster."""

import datetime
import decimal
import math
import random
import struct
import uuid

import pytest
from rest_framework.renderers import JSONRenderer

from config.api.renderers import FastJSONRenderer

pytestmark = pytest.mark.django_db

DRF, FAST = JSONRenderer(), FastJSONRenderer()


def _floats():
    rng = random.Random(7)
    values = [v for v in (struct.unpack("d", rng.randbytes(8))[0] for _ in range(20000)) if math.isfinite(v)]
    values += [rng.uniform(-1e-3, 1e-3) for _ in range(5000)]
    values += [m * 10.0**e for e in range(-320, 300) for m in (1.0, -1.5, 9.999999)]
    values += [0.0, -0.0, 0.1, 1e-05, 1e-07, 0.0001, 1e16, 1e22, 5e-324, 1.7976931348623157e308, 123456789.123]
    return values


@pytest.mark.parametrize("data", [
    {"b": 1, "a": [True, False, None, 0, -1, 2**63 - 1, -(2**63)], "c": {}},
    ["é日本😀", "</script><script>alert(1)</script>", "a\u2028b\u2029c", "\x00\x1f\x7f\"\\/\t\n", "\ud7ff"],
    {"é": "clé", "</script>": "x"},
    {"id": uuid.UUID("12345678-1234-5678-1234-567812345678"), "when": datetime.datetime(2026, 1, 2, 3, 4, 5, 678901,
                                                                                      tzinfo=datetime.UTC),
     "day": datetime.date(2026, 1, 2), "amount": decimal.Decimal("1.5"), "pair": (1, 2)},
    {"wide": 2**70, "key": {1: "int key"}},
    [], {}, "text", 0, 12.5,
], ids=["scalars", "text", "keys", "other-types", "refused-by-orjson", "empty-list", "empty-object", "string",
        "zero", "float"])
def test_same_bytes_as_drf(data):
    assert FAST.render(data) == DRF.render(data)


def test_every_float_is_written_as_drf_writes_it():
    values = _floats()
    for start in range(0, len(values), 50):
        chunk = values[start:start + 50]
        for data in (chunk, {"x": chunk}, chunk[0]):
            assert FAST.render(data) == DRF.render(data), data


def test_text_that_looks_like_a_float_is_still_the_same():
    data = {"a": "e-1,", "b": "0.00001", "c": ["1e-7", "x"]}
    assert FAST.render(data) == DRF.render(data)


def test_indented_on_request_as_drf_does():
    data = {"a": [1, {"b": "c"}]}
    media_type = "application/json; indent=4"
    assert FAST.render(data, media_type) == DRF.render(data, media_type)
    assert b"\n    " in FAST.render(data, media_type)


def test_nothing_is_an_empty_body():
    assert FAST.render(None) == b""


def test_api_answers_through_it(client):
    response = client.get("/api/session/isAuthenticated")
    assert isinstance(response.accepted_renderer, FastJSONRenderer)
    assert response.content == b'{"authenticatedSession":false}'
