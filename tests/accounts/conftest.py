"""Fixtures for the account tests: callers holding each application role, and a user owning a folder (the grant
and public-flag tests)."""

import pytest

from accounts.models import ApplicationRole
from tests.accounts.helpers import make_role_user
from tests.catalogue.factories import make_folder
from tests.conftest import logged_in_client, make_user


@pytest.fixture
def user_admin(db):
    return make_role_user("useradmin@example.com", ApplicationRole.USER_ADMIN, first_name="Una", last_name="Admin")


@pytest.fixture
def user_admin_client(user_admin):
    return logged_in_client(user_admin)


@pytest.fixture
def app_admin(db):
    return make_role_user("appadmin@example.com", ApplicationRole.APPLICATION_ADMIN, first_name="Ada",
                          last_name="Appadmin")


@pytest.fixture
def app_admin_client(app_admin):
    return logged_in_client(app_admin)


@pytest.fixture
def other_client(other_user):
    return logged_in_client(other_user)


@pytest.fixture
def owner(db):
    return make_user("owner@example.com")


@pytest.fixture
def owner_client(owner):
    return logged_in_client(owner)


@pytest.fixture
def folder(owner):
    return make_folder("Owned", user=owner)
