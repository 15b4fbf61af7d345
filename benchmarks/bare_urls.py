"""The bare-view baseline of `benchmarks/compare_refs.py`: `GET /bare/<name>` answers the bytes of a body
the product answered, read once from `BARE_BODIES_DIR/<name>.body` (content type from `<name>.type`).

It goes through the same middleware, session and database as the product's views, and nothing else: no
DRF, no serializer, no query besides the session's. The gap between it and an API endpoint serving the same
bytes is what the API layer costs. Routed only by `benchmarks.bare_settings`."""

import os
from functools import cache
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import path


@cache
def _body(name):
    folder = Path(os.environ["BARE_BODIES_DIR"])
    try:
        return (folder / f"{name}.body").read_bytes(), (folder / f"{name}.type").read_text().strip()
    except FileNotFoundError:
        return None


def bare(request, name):
    found = _body(name)
    if found is None:
        raise Http404(name)
    body, content_type = found
    return HttpResponse(body, content_type=content_type)


urlpatterns = [path("bare/<str:name>", bare)]
