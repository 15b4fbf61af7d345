"""Login takes the same work whether or not the account exists: the password is hashed exactly once.

Counting the hasher's work rather than timing requests keeps the test exact and fast.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.hashers import use_counting_hasher
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/api/authentication/login"


@pytest.fixture
def counting_hasher(settings):
    return use_counting_hasher(settings)


def attempt(email, password):
    return APIClient().post(LOGIN, {"username": email, "password": password}, format="json")


@pytest.fixture
def accounts(db):
    make_user("active@example.com")
    make_user("pending@example.com", pending=True)
    make_user("disabled@example.com", disabled=True)
    User.objects.create_user("nopassword@example.com", None, first_name="No", last_name="Password")


@pytest.mark.parametrize("email,password", [
    ("active@example.com", "wrong-password"),
    ("unknown@example.com", "wrong-password"),
    ("unknown@example.com", PASSWORD),
    ("pending@example.com", PASSWORD),
    ("pending@example.com", "wrong-password"),
    ("disabled@example.com", PASSWORD),
    ("disabled@example.com", "wrong-password"),
    ("nopassword@example.com", PASSWORD),
])
def test_every_refused_login_hashes_the_password_once(accounts, counting_hasher, email, password):
    response = attempt(email, password)
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid credentials"
    assert counting_hasher.calls == 1


def test_a_successful_login_hashes_the_password_once(accounts, counting_hasher):
    assert attempt("active@example.com", PASSWORD).status_code == 200
    assert counting_hasher.calls == 1


@pytest.mark.parametrize("email", ["unknown@example.com", "pending@example.com", "disabled@example.com"])
def test_the_admin_login_hashes_once_too(accounts, counting_hasher, email):
    response = Client().post("/admin/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 200 and "Please enter the correct" in response.content.decode()
    assert counting_hasher.calls == 1
