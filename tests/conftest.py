"""Shared fixtures: API clients for each kind of caller, users and the administrator."""

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from accounts.models import User, UserGroup

PASSWORD = "s3cret-Passw0rd"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, the built-in group roles that the migrations seed
    included; put them back, so the tests that a worker runs next find the database as migrated."""
    yield
    marker = item.get_closest_marker("django_db")
    if nextitem is None or marker is None or not (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return  # (after the last test the test database is already gone)
    from pytest_django.plugin import blocking_manager_key

    from accounts.models import GroupRole
    from accounts.roles import ensure_built_in_roles

    with item.config.stash[blocking_manager_key].unblock():
        ensure_built_in_roles(GroupRole)


#: Test files that run for minutes: scheduled first, so that the parallel workers (pytest-xdist, a file at a time)
#: finish together instead of one of them starting a long file last.
LONG_FILES = ("test_generated_requests_",)


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not item.path.name.startswith(LONG_FILES))  # stable: the rest keep their order


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAINTENANCE_FILE = str(tmp_path / "maintenance.on")
    from config.api.middleware import MaintenanceModeMiddleware

    MaintenanceModeMiddleware.forget()
    # Keep query counts steady: the maintenance flag is re-read (and the session's last-seen time
    # re-written) only after a timer, which would add a query to whichever request crosses it.
    monkeypatch.setattr(MaintenanceModeMiddleware, "TTL_SECONDS", 10**9)
    MaintenanceModeMiddleware._memo.update(value=False, expires=float("inf"))
    monkeypatch.setattr("accounts.middleware.LAST_SEEN_RESOLUTION_SECONDS", 10**9)
    from django.core.cache import cache

    cache.clear()
    yield
    MaintenanceModeMiddleware.forget()


@pytest.fixture
def client():
    """An anonymous API client that sends JSON by default."""
    return APIClient()


def make_user(email, *, admin=False, **fields):
    defaults = {"first_name": "Test", "last_name": email.split("@")[0].title(), "pending": False}
    defaults.update(fields)
    user = User.objects.create_user(email, PASSWORD, **defaults)
    if admin:
        UserGroup.administrators().members.add(user)
    return user


@pytest.fixture
def user(db):
    return make_user("reader@example.com")


@pytest.fixture
def other_user(db):
    return make_user("other@example.com")


@pytest.fixture
def admin_user(db):
    return make_user("admin@example.com", admin=True, first_name="Admin", last_name="User")


def logged_in_client(user):
    """A client holding a session of `user`, as the login endpoint leaves it (the endpoint itself, its
    throttling and its failures are tested in tests/accounts/test_login.py); skipping the request keeps the
    hundreds of tests that only need a logged-in caller fast."""
    from accounts.services.sessions import stamp_new_session

    api = APIClient()
    # As stored now: a session carries the hash of the user's password and session generation at login.
    api.force_login(User.objects.get(pk=user.pk), backend="accounts.backends.UserBackend")
    session = api.session
    stamp_new_session(session)
    session.save()
    return api


@pytest.fixture
def user_client(user):
    return logged_in_client(user)


@pytest.fixture
def admin_client(admin_user):
    return logged_in_client(admin_user)


#: Real exports written by Mauro's JSON exporter (Apache-2.0; licence and notice beside them).
MAURO_EXPORTS = Path(__file__).resolve().parent / "fixtures" / "mauro-exports"
