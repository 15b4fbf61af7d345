"""Session rules that must run before any view: idle/absolute expiry and the 409 on a repeated login."""

import time

from django.conf import settings
from django.contrib.auth import logout

from accounts.services.sessions import SESSION_LAST_SEEN, SESSION_STARTED
from config.api.errors import Conflict, NotAuthenticated, error_response
from config.api.middleware import is_api_path

LOGIN_PATH = "/api/authentication/login"
#: How stale `last seen` may get before it is written again (saves a session write per request); shorter
#: for short idle timeouts (see `last_seen_resolution`).
LAST_SEEN_RESOLUTION_SECONDS = 30


def last_seen_resolution():
    """At most a quarter of the idle timeout, so a session in use is never taken for an idle one."""
    return max(1, min(LAST_SEEN_RESOLUTION_SECONDS, settings.SESSION_IDLE_TIMEOUT_SECONDS // 4))


class SessionExpiryMiddleware:
    """A logged-in session idle for too long, or older than its absolute lifetime, answers 401 once and ends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED, now)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT_SECONDS
            too_old = now - started > settings.SESSION_ABSOLUTE_LIFETIME_SECONDS
            if idle or too_old:
                logout(request)
                if is_api_path(request.path) and request.path != LOGIN_PATH:
                    reason = "idle for too long" if idle else "past its lifetime"
                    return error_response(request, NotAuthenticated(
                        f"Session has expired ({reason}); please log in again", error_code="SES02"))
            elif now - last_seen >= last_seen_resolution() or SESSION_STARTED not in request.session:
                request.session[SESSION_LAST_SEEN] = now
                request.session.setdefault(SESSION_STARTED, started)
        return self.get_response(request)


class RepeatedLoginMiddleware:
    """A login on a session that is already logged in is a 409, decided before any credential is read.

    Django's `login()` would flush a session belonging to another user; the contract wants the
    existing session left exactly as it was, so the check happens here, ahead of the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.rstrip("/") == LOGIN_PATH and request.method == "POST":
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                return error_response(request, Conflict("A user is already logged in, logout first",
                                                        error_code="SES01"))
        return self.get_response(request)
