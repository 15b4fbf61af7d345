"""Lists (contract §1): `{"count", "items"}`, `max` (default 10, capped at 100), `offset`, `all`, `sort`/`order`."""

import pytest
from django.test import RequestFactory
from rest_framework.request import Request

from accounts.models import User
from config.api.errors import BadRequest
from config.api.pagination import deterministic, paginate
from tests.contract.shape import assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.contract.urls")]

USERS = "/api/test/users"


def make_users(count, *, first_name=None):
    User.objects.bulk_create([
        User(email_address=f"user{n:03d}@example.com", first_name=first_name or f"F{(n * 37) % 101:03d}",
             last_name="L", password="!") for n in range(count)])


def emails(response):
    return [item["emailAddress"] for item in response.json()["items"]]


@pytest.fixture
def hundred_and_five(db):
    make_users(105)


def test_default_page_is_ten_with_the_total(client, hundred_and_five):
    body = client.get(USERS).json()
    assert body["count"] == 105
    assert [i["emailAddress"] for i in body["items"]] == [f"user{n:03d}@example.com" for n in range(10)]


@pytest.mark.parametrize("max_,expected", [("0", 0), ("1", 1), ("100", 100), ("101", 100), ("5000", 100),
                                           ("99999999999999999999999", 100)])
def test_max_is_capped_at_100_silently(client, hundred_and_five, max_, expected):
    response = client.get(USERS, {"max": max_})
    assert response.status_code == 200
    assert response.json()["count"] == 105
    assert len(response.json()["items"]) == expected


def test_offset_pages_through_without_overlap(client, hundred_and_five):
    seen = []
    for offset in range(0, 105, 25):
        seen += emails(client.get(USERS, {"max": 25, "offset": offset}))
    assert seen == [f"user{n:03d}@example.com" for n in range(105)]


@pytest.mark.parametrize("offset", ["105", "1000", "123456789012345678901234567890"])
def test_offset_past_the_end_is_an_empty_page(client, hundred_and_five, offset):
    assert client.get(USERS, {"offset": offset}).json() == {"count": 105, "items": []}


def test_all_true_returns_everything(client, hundred_and_five):
    body = client.get(USERS, {"all": "true", "max": 3, "offset": 50}).json()
    assert body["count"] == 105 and len(body["items"]) == 105


def test_all_other_than_true_pages_normally(client, hundred_and_five):
    assert len(client.get(USERS, {"all": "no"}).json()["items"]) == 10


def test_sort_and_order(client, hundred_and_five):
    descending = emails(client.get(USERS, {"sort": "emailAddress", "order": "desc", "max": 100}))
    assert descending == sorted(descending, reverse=True)
    by_name = client.get(USERS, {"sort": "firstName", "all": "true"}).json()["items"]
    names = [item["firstName"] for item in by_name]
    assert names == sorted(names)


@pytest.mark.parametrize("query", [
    {"max": "-1"}, {"max": "abc"}, {"max": "1.0"}, {"max": " 5"}, {"max": "+5"}, {"max": "1_0"},
    {"max": "\u0665"}, {"offset": "-1"}, {"offset": "x"}, {"offset": "1e3"},
    {"order": "sideways"}, {"sort": "password"}, {"sort": "email_address"},
])
def test_bad_paging_parameters_are_400(client, hundred_and_five, query):
    assert_error(client.get(USERS, query), 400, path=USERS, error_code="REQ06")


def test_ties_are_broken_the_same_way_every_time(client, db):
    make_users(30, first_name="Same")
    pages = [emails(client.get(USERS, {"sort": "firstName", "max": 7, "offset": offset})) for offset in range(0, 30, 7)]
    flat = [email for page in pages for email in page]
    assert len(flat) == len(set(flat)) == 30
    again = [emails(client.get(USERS, {"sort": "firstName", "max": 7, "offset": o})) for o in range(0, 30, 7)]
    assert again == pages
    # The tie-breaker is the primary key.
    ids = [item["id"] for o in range(0, 30, 7)
           for item in client.get(USERS, {"sort": "firstName", "max": 7, "offset": o}).json()["items"]]
    assert ids == sorted(ids)


class TestPaginateDirectly:
    """`paginate` for list endpoints that don't sort themselves."""

    @staticmethod
    def request(**query):
        return Request(RequestFactory().get("/api/anything", query))

    def test_an_unordered_queryset_is_ordered_by_primary_key(self, db):
        make_users(12)
        count, page = paginate(self.request(max="12"), User.objects.order_by())
        assert count == 12
        assert [u.pk for u in page] == sorted(u.pk for u in User.objects.all())

    def test_a_non_unique_ordering_gets_the_primary_key_appended(self, db):
        queryset = deterministic(User.objects.order_by("first_name"))
        assert queryset.query.order_by == ("first_name", "pk")
        assert deterministic(User.objects.order_by("-id")).query.order_by == ("-id",)

    def test_a_model_default_ordering_is_kept_and_completed(self, db):
        assert deterministic(User.objects.all()).query.order_by == ("email_address", "pk")

    def test_a_plain_list(self):
        items = list(range(25))
        assert paginate(self.request(), items) == (25, list(range(10)))
        assert paginate(self.request(offset="20"), items) == (25, [20, 21, 22, 23, 24])
        assert paginate(self.request(all="true"), items) == (25, items)

    def test_bad_parameters_raise_bad_request(self):
        with pytest.raises(BadRequest):
            paginate(self.request(max="-3"), [])
