"""Account operations: logging in with throttling, logging out, and the bootstrap administrator."""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.auth import login, logout
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.models import CreationMethod, User, UserGroup, normalise_email
from config.api.errors import NotAuthenticated, TooManyRequests

logger = logging.getLogger(__name__)

INVALID_CREDENTIALS = "Invalid credentials"
#: Session keys: when the login happened and when the session was last used (epoch seconds). The session
#: middleware reads them for the idle and absolute timeouts, the active-sessions list for display.
SESSION_STARTED = "_auth_started"
SESSION_LAST_SEEN = "_auth_last_seen"


def stamp_new_session(session):
    now = int(time.time())
    session[SESSION_STARTED] = now
    session[SESSION_LAST_SEEN] = now


def client_address(request):
    """The caller's address; behind the project's nginx the real one arrives in X-Real-IP."""
    if settings.TRUST_PROXY_HEADERS:
        forwarded = request.headers.get("X-Real-IP")
        if forwarded:
            return forwarded.strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def _failure_keys(email, address):
    """Cache keys for the failure counters; hashed so any input makes a short, safe key."""
    def digest(value):
        return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()

    return f"login-fail:acct:{digest(email)}", f"login-fail:addr:{digest(address)}"


def _check_throttle(email, address):
    account_key, address_key = _failure_keys(email, address)
    counts = cache.get_many([account_key, address_key])
    if (counts.get(account_key, 0) >= settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT
            or counts.get(address_key, 0) >= settings.LOGIN_FAILURE_LIMIT_PER_CLIENT):
        raise TooManyRequests("Too many failed login attempts; try again later", error_code="THR02",
                              headers={"Retry-After": str(settings.LOGIN_FAILURE_WINDOW_SECONDS)})


def _record_failure(email, address):
    for key in _failure_keys(email, address):
        if cache.add(key, 1, settings.LOGIN_FAILURE_WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)


def log_in(*, request, username, password):
    """Check credentials and start a fresh session (new key: no fixation). Same 401 for every failure."""
    email = normalise_email(username)
    address = client_address(request)
    _check_throttle(email, address)
    user = User.objects.filter(email_address=email).first()
    if user is None or user.disabled or user.pending or not user.check_password(password):
        _record_failure(email, address)
        logger.info("Failed login for %s from %s", email, address)
        raise NotAuthenticated(INVALID_CREDENTIALS, error_code="AUTH01")
    cache.delete(_failure_keys(email, address)[0])
    request.session.cycle_key()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    stamp_new_session(request.session)
    return user


def log_out(*, request):
    logout(request)


@transaction.atomic
def ensure_bootstrap_administrator():
    """Create the built-in administrators group and the bootstrap administrator if they are missing.

    Returns the user if it was created now (the caller warns that the password must be changed).
    """
    group = UserGroup.administrators()
    if User.objects.filter(email_address=settings.BOOTSTRAP_ADMIN_EMAIL).exists():
        return None
    user = User.objects.create_user(
        settings.BOOTSTRAP_ADMIN_EMAIL, settings.BOOTSTRAP_ADMIN_PASSWORD,
        first_name="Admin", last_name="User", organisation="", creation_method=CreationMethod.BOOTSTRAP,
        created_by="bootstrap", last_login=None, date_created=timezone.now())
    group.members.add(user)
    return user
