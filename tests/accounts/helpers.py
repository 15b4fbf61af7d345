"""Helpers for the account tests: users with an application role, and checks of error bodies."""

from accounts.models import UserGroup
from tests.conftest import make_user


def make_role_user(email, role, **fields):
    """A user holding `role` through a group named after it."""
    group, _ = UserGroup.objects.get_or_create(name=f"{role} group", defaults={"application_role": role})
    user = make_user(email, **fields)
    group.members.add(user)
    return user


def error(response, status, *, message=None, code=None):
    """Assert an error answer in the contract's shape and return its body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert body["status"] == status
    assert {"reason", "errorCode", "message", "path", "version"} <= set(body)
    if message is not None:
        assert body["message"] == message, body
    if code is not None:
        assert body["errorCode"] == code, body
    return body


def field_errors(body):
    return {entry.get("field") for entry in body.get("errors", [])}


NOT_ADMIN = "User must be an application administrator"
