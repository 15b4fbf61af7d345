"""Login throttling: one set of counters for every way to log in, counted atomically, in the configured windows."""

import sqlite3
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ThrottleCounter
from tests.accounts.hashers import use_counting_hasher
from tests.accounts.helpers import error
from tests.conftest import PASSWORD, make_user

LOGIN = "/api/authentication/login"
ADMIN_LOGIN = "/admin/login/?next=/admin/"
IS_AUTHENTICATED = "/api/session/isAuthenticated"


def api_login(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password}, format="json")


def admin_login(browser, email, password):
    return browser.post(ADMIN_LOGIN, {"username": email, "password": password})


def authenticated(client):
    return client.get(IS_AUTHENTICATED).json()["authenticatedSession"]


@pytest.fixture
def counting_hasher(settings):
    return use_counting_hasher(settings)


@pytest.mark.django_db
class TestAdminLoginShareTheThrottle:
    def test_guessing_on_the_admin_login_is_throttled(self, admin_user):
        browser = Client()
        answers = [admin_login(browser, admin_user.email_address, f"guess-{n}") for n in range(25)]
        assert [answer.status_code for answer in answers] == [200] * 25  # the form is shown again each time
        pages = [answer.content.decode() for answer in answers]
        assert all("Please enter the correct email address and password" in page for page in pages[:5])
        assert all("Too many failed login attempts" in page for page in pages[5:])
        response = admin_login(browser, admin_user.email_address, PASSWORD)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Too many failed login attempts" in page
        assert not authenticated(browser)
        assert browser.get("/admin/").status_code == 302  # still sent to the login page
        error(api_login(APIClient(), admin_user.email_address, PASSWORD), 429, code="THR02")

    def test_admin_failures_count_for_the_api_login(self, user, settings):
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 3
        for n in range(3):
            admin_login(Client(REMOTE_ADDR=f"10.0.0.{n}"), user.email_address, "wrong")
        error(api_login(APIClient(REMOTE_ADDR="10.0.1.1"), user.email_address, PASSWORD), 429, code="THR02")

    def test_api_failures_count_for_the_admin_login(self, admin_user, settings):
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 3
        for _ in range(3):
            error(api_login(APIClient(), admin_user.email_address, "wrong"), 401)
        browser = Client()
        response = admin_login(browser, admin_user.email_address, PASSWORD)
        assert "Too many failed login attempts" in response.content.decode()
        assert not authenticated(browser)

    def test_per_client_counter_is_shared(self, admin_user, settings):
        settings.LOGIN_FAILURE_LIMIT_PER_CLIENT = 4
        for n in range(4):
            api_login(APIClient(), f"nobody{n}@example.com", "wrong")
        response = admin_login(Client(), admin_user.email_address, PASSWORD)
        assert "Too many failed login attempts" in response.content.decode()

    def test_admin_login_still_works_and_clears_the_account_counter(self, admin_user, settings):
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 3
        admin_login(Client(), admin_user.email_address, "wrong")
        admin_login(Client(), admin_user.email_address, "wrong")
        browser = Client()
        assert admin_login(browser, admin_user.email_address, PASSWORD).status_code == 302
        assert browser.get("/admin/").status_code == 200
        for _ in range(2):
            admin_login(Client(), admin_user.email_address, "wrong")
        assert api_login(APIClient(), admin_user.email_address, PASSWORD).status_code == 200


@pytest.fixture
def database_shared_like_workers(tmp_path):
    """Threads reach the database as separate workers do in production.

    On PostgreSQL that is the test database as it is. The in-memory SQLite test database shares one cache
    between connections and fails at once on a lock instead of waiting (`database table is locked`), so for
    SQLite the test runs on a copy in a file, with the settings' WAL mode, busy timeout and IMMEDIATE writes.
    """
    default = connections["default"]
    if default.vendor != "sqlite" or not default.is_in_memory_db():
        yield
        return
    path = tmp_path / "workers.sqlite3"
    default.ensure_connection()
    copy = sqlite3.connect(path)
    default.connection.backup(copy)
    copy.close()
    original_settings = connections.settings["default"]
    connections.settings["default"] = {**original_settings, "NAME": str(path)}
    connections["default"] = type(default)(connections.settings["default"], "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = original_settings
        connections["default"] = default


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_get_only_the_limit_of_checks(database_shared_like_workers, settings,
                                                               counting_hasher):
    """40 guesses at once: exactly 5 passwords are checked, the other 35 are refused before any check."""
    settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 5
    settings.LOGIN_FAILURE_LIMIT_PER_CLIENT = 1000
    victim = make_user("victim@example.com")
    counting_hasher.calls = 0
    start = threading.Barrier(40)
    statuses = []

    def guess(n):
        try:
            client = APIClient()
            start.wait()
            statuses.append(api_login(client, victim.email_address, f"guess-{n}").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(statuses) == {401: 5, 429: 35}
    assert counting_hasher.calls == 5
    assert api_login(APIClient(), victim.email_address, PASSWORD).status_code == 429


@pytest.fixture
def clock(monkeypatch):
    """A controlled clock for everything that asks `django.utils.timezone.now()` (counters and the cache)."""
    start = timezone.now()
    state = {"now": start}

    def now():
        return state["now"]

    def advance(**delta):
        state["now"] = start + timedelta(**delta)

    monkeypatch.setattr(timezone, "now", now)
    return advance


@pytest.mark.django_db
class TestWindows:
    def test_failed_logins_are_counted_for_the_whole_window(self, user, settings, clock):
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 5
        settings.LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
        for n in range(5):
            clock(seconds=n)
            error(api_login(APIClient(), user.email_address, "wrong"), 401)
        clock(minutes=6)
        response = api_login(APIClient(), user.email_address, PASSWORD)
        error(response, 429)
        assert 0 < int(response["Retry-After"]) <= 9 * 60
        clock(minutes=14, seconds=59)
        error(api_login(APIClient(), user.email_address, PASSWORD), 429)
        clock(minutes=15, seconds=1)
        assert api_login(APIClient(), user.email_address, PASSWORD).status_code == 200

    def test_hits_do_not_extend_the_window(self, user, settings, clock):
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT = 3
        settings.LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
        for _ in range(3):
            api_login(APIClient(), user.email_address, "wrong")
        for minutes in (5, 10, 14):
            clock(minutes=minutes)
            error(api_login(APIClient(), user.email_address, "wrong"), 429)
        clock(minutes=15, seconds=1)
        assert api_login(APIClient(), user.email_address, PASSWORD).status_code == 200

    def test_registrations_are_counted_for_the_whole_hour(self, settings, clock):
        settings.REGISTRATION_LIMIT_PER_CLIENT = 2
        settings.ACCOUNT_REQUEST_WINDOW_SECONDS = 60 * 60

        def register(n):
            return APIClient().post("/api/catalogueUsers", {
                "emailAddress": f"new{n}@example.com", "firstName": "New", "lastName": "Person",
                "password": "a-Good-passw0rd"}, format="json")

        assert [register(n).status_code for n in range(2)] == [201, 201]
        clock(minutes=10)
        error(register(2), 429, code="THR03")
        clock(minutes=59)
        error(register(3), 429)
        clock(minutes=60, seconds=1)
        assert register(4).status_code == 201

    def test_ended_windows_are_purged(self, user, settings, clock, django_capture_on_commit_callbacks):
        settings.LOGIN_FAILURE_WINDOW_SECONDS = 60
        with django_capture_on_commit_callbacks(execute=True):
            api_login(APIClient(), "first@example.com", "wrong")
        assert ThrottleCounter.objects.count() == 2  # the account and the client address
        clock(minutes=2)
        with django_capture_on_commit_callbacks(execute=True):
            api_login(APIClient(), "second@example.com", "wrong")
        assert ThrottleCounter.objects.count() == 2
