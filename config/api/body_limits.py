"""Which body limit a request gets: small everywhere, the upload limit only on upload routes for logged-in callers.

The upload routes are named once, in `settings.LARGE_BODY_ROUTES`. The application resolves a request's
path to its route name; the nginx front gets the same routes as path regexes (`large_body_path_regex`),
so a big body is refused at the edge on every other path.
"""

import re

from django.conf import settings
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")


def small_body_limit():
    return min(settings.MAX_SMALL_BODY_BYTES, settings.MAX_REQUEST_BODY_BYTES)


def upload_body_limit():
    return settings.MAX_REQUEST_BODY_BYTES


def is_large_body_route(path_info):
    try:
        match = resolve(path_info)
    except Resolver404:
        return False
    return match.url_name in settings.LARGE_BODY_ROUTES


def caller_is_logged_in(request):
    """A logged-in session or a usable API key, found from the headers alone (the body stays unread)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active:
        return True
    raw = request.headers.get("apiKey")
    if not raw:
        return False
    from accounts.authentication import user_for_api_key

    return user_for_api_key(raw) is not None


def _route_regexes(patterns, prefix, names, found):
    for pattern in patterns:
        part = pattern.pattern.regex.pattern.removeprefix("^")
        if isinstance(pattern, URLResolver):
            _route_regexes(pattern.url_patterns, prefix + part, names, found)
        elif pattern.name in names:
            found.append(prefix + part.removesuffix(r"\Z").removesuffix("$"))


def large_body_path_regex(urlconf=None):
    """One anchored regex (PCRE and Python) matching the paths of every upload route, or None if there are none.

    Named groups become plain groups, so nginx sets no variables from them.
    """
    found = []
    _route_regexes(get_resolver(urlconf).url_patterns, "", settings.LARGE_BODY_ROUTES, found)
    if not found:
        return None
    alternatives = sorted({NAMED_GROUP.sub("(?:", regex) for regex in found})
    return "^/(?:" + "|".join(alternatives) + ")$"
