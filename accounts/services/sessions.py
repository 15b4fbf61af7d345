"""Account operations: checking credentials with throttling, logging in and out, and the bootstrap administrator.

Every way to log in (the API's login endpoint and the operators' admin site) checks credentials through
`check_credentials`, so they share one set of failure counters per account and per client address.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import CreationMethod, User, UserGroup, normalise_email
from accounts.services import throttle
from config.api.errors import NotAuthenticated, TooManyRequests

logger = logging.getLogger(__name__)

INVALID_CREDENTIALS = "Invalid credentials"
TOO_MANY_FAILURES = "Too many failed login attempts; try again later"

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
    """Counter keys for an account and a client address; hashed so any input makes a short, safe key."""
    def digest(value):
        return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()

    return f"login-fail:acct:{digest(email)}", f"login-fail:addr:{digest(address)}"


def _reserve_attempt(account_key, address_key):
    """Count this attempt as a failure before the password is checked (429 once over a limit).

    Counting first, under the counters' row locks, means parallel guesses are each counted before any of
    them is checked: at most the limit of passwords get tried. A successful login gives the hits back.
    """
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    with transaction.atomic():
        by_address = throttle.hit(address_key, window)
        by_account = (throttle.hit(account_key, window)
                      if by_address.hits <= settings.LOGIN_FAILURE_LIMIT_PER_CLIENT else None)
    over = [counted.retry_after for counted, limit in ((by_address, settings.LOGIN_FAILURE_LIMIT_PER_CLIENT),
                                                      (by_account, settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT))
            if counted is not None and counted.hits > limit]
    if over:
        raise TooManyRequests(TOO_MANY_FAILURES, error_code="THR02", headers={"Retry-After": str(max(over))})


def check_credentials(*, username, password, address):
    """The user these credentials belong to, or 401 (the same for every failure) or 429 when throttled.

    A password is hashed exactly once whether or not the account exists, is pending or is disabled, so the
    time taken does not tell which accounts exist.
    """
    email = normalise_email(username)
    account_key, address_key = _failure_keys(email, address)
    _reserve_attempt(account_key, address_key)
    user = User.objects.filter(email_address=email).first()
    if user is None:
        make_password(password)
        valid = False
    else:
        valid = user.check_password(password) and user.is_active and not user.pending
    if not valid:
        logger.info("Failed login for %s from %s", email, address)
        raise NotAuthenticated(INVALID_CREDENTIALS, error_code="AUTH01")
    throttle.reset(account_key)
    throttle.release(address_key)
    return user


def log_in(*, request, username, password):
    """Check credentials and start a fresh session (new key: no fixation). Same 401 for every failure."""
    user = check_credentials(username=username, password=password, address=client_address(request))
    request.session.cycle_key()
    login(request, user, backend="accounts.backends.UserBackend")
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
