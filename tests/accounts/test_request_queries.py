"""The session, user and application-role reads of every request run SQL compiled once (`config.prepared`):
they must give exactly what the ORM gives, and a session that is gone, expired or from another backend
must leave the caller anonymous."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ApplicationRole, User, UserGroup
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


def field_values(instance):
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_the_session_user_is_the_instance_the_orm_loads(user):
    from accounts.backends import UserBackend

    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    loaded = UserBackend().get_user(str(user.pk))
    assert field_values(loaded) == field_values(User.objects.get(pk=user.pk))
    assert isinstance(loaded.pk, uuid.UUID) and loaded.last_login.tzinfo is not None
    assert loaded._state.adding is False and loaded._state.db == "default"
    assert UserBackend().get_user(str(uuid.uuid4())) is None
    assert UserBackend().get_user("not-a-uuid") is None


def test_application_roles_are_the_orm_rows(admin_user):
    group = UserGroup.objects.create(name="Editors of things", application_role=ApplicationRole.USER_ADMIN)
    group.members.add(admin_user)
    fresh = User.objects.get(pk=admin_user.pk)
    expected = set(UserGroup.objects.filter(members=admin_user).exclude(application_role="")
                   .values_list("application_role", flat=True))
    assert fresh.application_roles == expected == {ApplicationRole.SITE_ADMIN, ApplicationRole.USER_ADMIN}


def test_application_roles_take_effect_on_the_next_request(user):
    client = logged_in_client(user)
    assert client.get("/api/admin/status").status_code == 403
    UserGroup.administrators().members.add(user)
    assert client.get("/api/admin/status").status_code == 200


def test_an_expired_session_row_leaves_the_caller_anonymous(user):
    client = logged_in_client(user)
    assert client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": True}
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": False}


def test_a_deleted_session_row_leaves_the_caller_anonymous(user):
    client = logged_in_client(user)
    Session.objects.all().delete()
    assert client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": False}


def test_a_session_naming_an_unknown_backend_leaves_the_caller_anonymous(user):
    from django.contrib.auth import BACKEND_SESSION_KEY

    from accounts.session_store import SessionStore

    client = logged_in_client(user)
    store = SessionStore(session_key=client.cookies["JSESSIONID"].value)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.RemoteUserBackend"
    store.save()
    assert client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": False}


def test_a_disabled_user_is_anonymous_on_the_next_request(user):
    client = logged_in_client(user)
    User.objects.filter(pk=user.pk).update(disabled=True)
    assert client.get("/api/session/isAuthenticated").json() == {"authenticatedSession": False}


def test_a_logged_in_session_check_costs_two_queries(user):
    client = logged_in_client(user)
    client.get("/api/session/isAuthenticated")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/session/isAuthenticated").status_code == 200
    assert len(queries) == 2, [q["sql"] for q in queries]
