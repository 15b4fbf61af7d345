"""A session in use never expires as idle, even with an idle timeout shorter than the last-seen resolution."""

import types

import pytest

from accounts import middleware
from accounts.services import sessions
from tests.accounts.helpers import error
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

IS_AUTHENTICATED = "/api/session/isAuthenticated"


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock (login stamp and middleware), moved by hand; last-seen writes at their real resolution."""
    monkeypatch.setattr(middleware, "LAST_SEEN_RESOLUTION_SECONDS", 30)
    state = {"now": 1_900_000_000.0}
    fake_time = types.SimpleNamespace(time=lambda: state["now"])
    monkeypatch.setattr(middleware, "time", fake_time)
    monkeypatch.setattr(sessions, "time", fake_time)  # the login stamps the session with the same clock

    def at(seconds):
        state["now"] = 1_900_000_000.0 + seconds

    return at


@pytest.mark.parametrize("timeout", [8, 20, 29])
def test_a_session_used_within_the_timeout_stays_logged_in(user, settings, clock, timeout):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = timeout
    clock(0)
    client = logged_in_client(user)
    step = timeout * 3 // 4  # each request comes well within the timeout of the one before
    for n in range(1, 9):
        clock(n * step)
        assert client.get(IS_AUTHENTICATED).json() == {"authenticatedSession": True}, f"request {n}"


def test_a_short_timeout_still_expires_an_idle_session(user, settings, clock):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 20
    clock(0)
    client = logged_in_client(user)
    clock(15)
    assert client.get(IS_AUTHENTICATED).json() == {"authenticatedSession": True}
    clock(36)
    error(client.get(IS_AUTHENTICATED), 401, code="SES02")


def test_the_resolution_is_a_quarter_of_a_short_timeout(settings, clock):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 20
    assert middleware.last_seen_resolution() == 5
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
    assert middleware.last_seen_resolution() == 30
