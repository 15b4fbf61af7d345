"""Every account list costs a fixed number of queries, whatever its length (3 rows or 30)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiKey, ApiProperty, User, UserGroup, hash_api_key
from config.api.middleware import MaintenanceModeMiddleware

pytestmark = pytest.mark.django_db


def add_users(count, start, **fields):
    """Users that each belong to two groups, so a missing prefetch would show as extra queries."""
    groups = [UserGroup.objects.get_or_create(name=name)[0] for name in ("alpha", "beta")]
    users = User.objects.bulk_create([
        User(email_address=f"person{n:03d}@example.com", first_name="Person", last_name=f"N{n}", **fields)
        for n in range(start, start + count)])
    for group in groups:
        group.members.add(*users)


def add_keys(owner, count, start):
    ApiKey.objects.bulk_create([
        ApiKey(user=owner, name=f"key {n}", key_hash=hash_api_key(f"00000000-0000-0000-0000-{n:012d}"),
               expiry_date=date.today() + timedelta(days=1)) for n in range(start, start + count)])


def add_properties(count, start):
    ApiProperty.objects.bulk_create([
        ApiProperty(key=f"setting.n{n}", value="v", publicly_visible=True) for n in range(start, start + count)])


def fetch(api, path):
    """One request from a clean start (the maintenance switch re-read), consuming any streamed body."""
    MaintenanceModeMiddleware.forget()
    response = api.get(path)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content) if response.streaming else response.json()


def count_queries(api, path):
    with CaptureQueriesContext(connection) as queries:
        body = fetch(api, path)
    return len(queries.captured_queries), body


def size(body):
    if isinstance(body, bytes):
        return body.count(b"\n") - 1
    return len(body["items"])


USER_LISTS = [
    ("/api/catalogueUsers?max=100", {}),
    ("/api/catalogueUsers/search?searchTerm=person&max=100", {}),
    ("/api/admin/catalogueUsers/pending?max=100", {"pending": True}),
    ("/api/admin/catalogueUsers/exportUsers", {}),
]


@pytest.mark.parametrize("path,fields", USER_LISTS)
def test_user_lists(admin_client, path, fields, django_assert_num_queries):
    add_users(3, 0, **fields)
    few, small = count_queries(admin_client, path)
    add_users(27, 3, **fields)
    with django_assert_num_queries(few):
        large = fetch(admin_client, path)
    assert size(large) - size(small) == 27


def test_api_key_list(user_client, user, django_assert_num_queries):
    path = f"/api/catalogueUsers/{user.id}/apiKeys?max=100"
    add_keys(user, 3, 0)
    few, small = count_queries(user_client, path)
    add_keys(user, 27, 3)
    with django_assert_num_queries(few):
        large = fetch(user_client, path)
    assert size(small) == 3 and size(large) == 30


@pytest.mark.parametrize("path", ["/api/admin/properties?max=100", "/api/properties?max=100"])
def test_property_lists(admin_client, path, django_assert_num_queries):
    add_properties(3, 0)
    few, small = count_queries(admin_client, path)
    add_properties(27, 3)
    with django_assert_num_queries(few):
        large = fetch(admin_client, path)
    assert size(small) == 3 and size(large) == 30
