"""The API's routes, read from the URLconf: the tests that must cover every endpoint enumerate them here, so a new
route is covered (or fails a test) without anyone listing it by hand."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    pattern: str      # the whole pattern from the site root, e.g. "api/dataModels/<str:dm>/dataClasses"
    callback: object  # the view function Django calls
    name: str | None

    @property
    def viewset(self):
        return getattr(self.callback, "cls", None)

    @property
    def actions(self):
        """HTTP method → viewset action, for routes that map a viewset's actions."""
        return getattr(self.callback, "actions", None) or {}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield Route(prefix + str(entry.pattern), entry.callback, entry.name)


def api_routes():
    """Every route under /api/, in URLconf order."""
    return [route for route in _walk(get_resolver().url_patterns)
            if route.pattern.startswith(("api/", "^api/", "^api"))]
