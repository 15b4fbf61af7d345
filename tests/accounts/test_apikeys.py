"""API keys: managing them under `/api/catalogueUsers/{id}/apiKeys`, and authenticating with the `apiKey` header."""

from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiKey, User, hash_api_key
from tests.accounts.helpers import error, field_errors

#: A well-formed key id no key has (fixed, so every pytest-xdist worker collects the same test ids).
UNKNOWN_KEY = "5d0c7f3e-0000-4000-8000-000000000000"

pytestmark = pytest.mark.django_db


def keys_url(user_or_id, suffix=""):
    return f"/api/catalogueUsers/{getattr(user_or_id, 'id', user_or_id)}/apiKeys{suffix}"


def create(api, user, **overrides):
    body = {"name": "script", "expiresInDays": 30, "refreshable": True}
    body.update(overrides)
    return api.post(keys_url(user), body, format="json")


@pytest.fixture
def created(user_client, user):
    response = create(user_client, user)
    assert response.status_code == 201, response.content
    return response.json()


def key_client(plain):
    """A client with no cookie at all: only the header identifies it."""
    api = APIClient()
    api.credentials(HTTP_APIKEY=str(plain))
    return api


class TestCreate:
    def test_answer_shows_the_key_once_and_only_a_hash_is_stored(self, user_client, user):
        response = create(user_client, user)
        assert response.status_code == 201
        body = response.json()
        assert set(body) == {"id", "apiKey", "name", "expiryDate", "expired", "disabled", "refreshable",
                             "createdDate"}
        assert body["name"] == "script" and body["refreshable"] is True
        assert body["expired"] is False and body["disabled"] is False
        assert body["expiryDate"] == (date.today() + timedelta(days=30)).isoformat()
        assert body["createdDate"] == date.today().isoformat()
        assert response["Location"].endswith(keys_url(user, f"/{body['id']}"))
        stored = ApiKey.objects.get(pk=body["id"])
        assert stored.key_hash == hash_api_key(body["apiKey"]) != body["apiKey"]
        assert body["apiKey"] not in str(ApiKey.objects.values().get(pk=body["id"]))

    def test_defaults(self, user_client, user):
        body = user_client.post(keys_url(user), {"name": "default"}, format="json").json()
        assert body["refreshable"] is False
        assert body["expiryDate"] == (date.today() + timedelta(days=365)).isoformat()

    def test_key_is_not_shown_again(self, user_client, user, created):
        listed = user_client.get(keys_url(user)).json()
        assert listed["count"] == 1 and "apiKey" not in listed["items"][0]
        assert "apiKey" not in user_client.get(keys_url(user, f"/{created['id']}")).json()
        assert created["apiKey"] not in user_client.get(keys_url(user)).content.decode()

    def test_duplicate_name_is_422(self, user_client, user, created):
        body = error(create(user_client, user, name=" script "), 422)
        assert field_errors(body) == {"name"}
        assert ApiKey.objects.count() == 1

    def test_same_name_for_different_users_is_fine(self, user_client, other_client, user, other_user, created):
        assert create(other_client, other_user).status_code == 201

    @pytest.mark.parametrize("overrides,status", [
        ({"name": "   "}, 422), ({"name": "x" * 256}, 422), ({"expiresInDays": 0}, 422),
        ({"expiresInDays": -5}, 422), ({"expiresInDays": 100000}, 422),
        ({"name": 12}, 422), ({"name": None}, 400), ({"expiresInDays": "30"}, 422), ({"expiresInDays": 1.5}, 422),
        ({"expiresInDays": True}, 422), ({"refreshable": "yes"}, 422),
    ])
    def test_bad_values(self, user_client, user, overrides, status):
        error(create(user_client, user, **overrides), status)
        assert not ApiKey.objects.exists()

    def test_missing_name_is_400(self, user_client, user):
        error(user_client.post(keys_url(user), {"expiresInDays": 3}, format="json"), 400)

    @pytest.mark.parametrize("data", ["{", "[]", "1"])
    def test_malformed_bodies_are_400(self, user_client, user, data):
        error(user_client.post(keys_url(user), data=data, content_type="application/json"), 400)

    def test_only_the_owner_creates(self, user_client, admin_client, client, other_user, user):
        error(user_client.post(keys_url(other_user), {"name": "x"}, format="json"), 404)
        error(admin_client.post(keys_url(user), {"name": "x"}, format="json"), 403)
        error(client.post(keys_url(user), {"name": "x"}, format="json"), 401)
        assert not ApiKey.objects.exists()

    def test_bad_user_id_is_404(self, user_client):
        error(user_client.post(keys_url("bad"), {"name": "x"}, format="json"), 404)


class TestAuthentication:
    def test_created_key_authenticates_without_a_cookie(self, created, user):
        api = key_client(created["apiKey"])
        response = api.get(f"/api/catalogueUsers/{user.id}")
        assert response.status_code == 200 and response.json()["emailAddress"] == user.email_address
        assert api.get("/api/session/isAuthenticated").json() == {"authenticatedSession": True}
        assert "JSESSIONID" not in api.cookies or not api.cookies["JSESSIONID"].value

    def test_key_in_upper_case_works(self, created, user):
        assert key_client(created["apiKey"].upper()).get(f"/api/catalogueUsers/{user.id}").status_code == 200

    def test_key_may_write(self, created, user):
        response = key_client(created["apiKey"]).put(f"/api/catalogueUsers/{user.id}",
                                                     {"organisation": "Scripted"}, format="json")
        assert response.status_code == 200
        assert User.objects.get(pk=user.pk).organisation == "Scripted"

    def test_disabled_key_is_401(self, created, user):
        ApiKey.objects.filter(pk=created["id"]).update(disabled=True)
        error(key_client(created["apiKey"]).get(f"/api/catalogueUsers/{user.id}"), 401)

    def test_expired_key_is_401(self, created, user):
        ApiKey.objects.filter(pk=created["id"]).update(expiry_date=date.today() - timedelta(days=1))
        error(key_client(created["apiKey"]).get(f"/api/catalogueUsers/{user.id}"), 401)

    def test_key_of_a_disabled_user_is_401(self, created, user):
        User.objects.filter(pk=user.pk).update(disabled=True)
        error(key_client(created["apiKey"]).get(f"/api/catalogueUsers/{user.id}"), 401)

    @pytest.mark.parametrize("header", [UNKNOWN_KEY, "garbage", "", "' OR 1=1 --"])
    def test_unknown_or_garbage_keys_are_401(self, user, header):
        error(key_client(header).get(f"/api/catalogueUsers/{user.id}"), 401)

    def test_deleted_key_is_401(self, user_client, created, user):
        assert user_client.delete(keys_url(user, f"/{created['id']}")).status_code == 204
        error(key_client(created["apiKey"]).get(f"/api/catalogueUsers/{user.id}"), 401)

    def test_key_hash_is_not_a_key(self, created, user):
        stored = ApiKey.objects.get(pk=created["id"])
        error(key_client(stored.key_hash).get(f"/api/catalogueUsers/{user.id}"), 401)


class TestList:
    def test_sorted_by_name_with_paging(self, user_client, user):
        for name in ("b", "a", "c"):
            create(user_client, user, name=name)
        body = user_client.get(keys_url(user)).json()
        assert [item["name"] for item in body["items"]] == ["a", "b", "c"]
        body = user_client.get(keys_url(user), {"max": 1, "offset": 2, "sort": "name", "order": "desc"}).json()
        assert body["count"] == 3 and [item["name"] for item in body["items"]] == ["a"]

    def test_shows_expired(self, user_client, user, created):
        ApiKey.objects.filter(pk=created["id"]).update(expiry_date=date.today() - timedelta(days=1))
        assert user_client.get(keys_url(user)).json()["items"][0]["expired"] is True

    def test_only_own_keys(self, user_client, other_client, user, other_user, created):
        assert other_client.get(keys_url(other_user)).json()["count"] == 0
        error(other_client.get(keys_url(user)), 404)

    def test_admin_may_list_others(self, admin_client, user, created):
        assert admin_client.get(keys_url(user)).json()["count"] == 1

    def test_user_admin_cannot_list_a_site_admins_keys(self, user_admin_client, admin_user):
        error(user_admin_client.get(keys_url(admin_user)), 403)

    def test_anonymous_is_401(self, client, user):
        error(client.get(keys_url(user)), 401)

    def test_bad_paging_is_400(self, user_client, user):
        error(user_client.get(keys_url(user), {"max": "lots"}), 400)


class TestChanges:
    def test_disable_and_enable(self, user_client, user, created):
        body = user_client.put(keys_url(user, f"/{created['id']}/disable")).json()
        assert body["disabled"] is True
        error(key_client(created["apiKey"]).get(f"/api/catalogueUsers/{user.id}"), 401)
        body = user_client.put(keys_url(user, f"/{created['id']}/enable")).json()
        assert body["disabled"] is False and "apiKey" not in body
        assert key_client(created["apiKey"]).get(f"/api/catalogueUsers/{user.id}").status_code == 200

    def test_admin_may_disable_but_not_enable_others_keys(self, admin_client, user, created):
        assert admin_client.put(keys_url(user, f"/{created['id']}/disable")).status_code == 200
        error(admin_client.put(keys_url(user, f"/{created['id']}/enable")), 403)
        assert ApiKey.objects.get(pk=created["id"]).disabled

    def test_refresh(self, user_client, user, created):
        ApiKey.objects.filter(pk=created["id"]).update(expiry_date=date.today() - timedelta(days=3))
        body = user_client.put(keys_url(user, f"/{created['id']}/refresh/10")).json()
        assert body["expiryDate"] == (date.today() + timedelta(days=10)).isoformat() and body["expired"] is False
        assert key_client(created["apiKey"]).get(f"/api/catalogueUsers/{user.id}").status_code == 200

    def test_refresh_of_a_non_refreshable_key_is_422(self, user_client, user):
        key = create(user_client, user, refreshable=False).json()
        before = ApiKey.objects.get(pk=key["id"]).expiry_date
        error(user_client.put(keys_url(user, f"/{key['id']}/refresh/10")), 422)
        assert ApiKey.objects.get(pk=key["id"]).expiry_date == before

    @pytest.mark.parametrize("days,status", [("ten", 400), ("1.5", 400), ("0", 422), ("-3", 422), ("99999", 422)])
    def test_refresh_with_bad_days(self, user_client, user, created, days, status):
        error(user_client.put(keys_url(user, f"/{created['id']}/refresh/{days}")), status)

    def test_others_cannot_refresh(self, admin_client, other_client, user, created):
        error(admin_client.put(keys_url(user, f"/{created['id']}/refresh/10")), 403)
        error(other_client.put(keys_url(user, f"/{created['id']}/refresh/10")), 404)

    def test_delete(self, user_client, user, created):
        response = user_client.delete(keys_url(user, f"/{created['id']}"))
        assert response.status_code == 204 and response.content == b""
        assert not ApiKey.objects.exists()
        error(user_client.delete(keys_url(user, f"/{created['id']}")), 404)

    def test_others_cannot_delete(self, other_client, client, user, created):
        error(other_client.delete(keys_url(user, f"/{created['id']}")), 404)
        error(client.delete(keys_url(user, f"/{created['id']}")), 401)
        assert ApiKey.objects.filter(pk=created["id"]).exists()

    def test_admin_may_delete(self, admin_client, user, created):
        assert admin_client.delete(keys_url(user, f"/{created['id']}")).status_code == 204

    def test_key_under_another_users_id_is_404(self, other_client, other_user, created):
        error(other_client.put(keys_url(other_user, f"/{created['id']}/disable")), 404)
        assert not ApiKey.objects.get(pk=created["id"]).disabled

    @pytest.mark.parametrize("suffix", ["/nope", "/nope/disable", "/nope/enable", "/nope/refresh/3",
                                        f"/{UNKNOWN_KEY}", f"/{UNKNOWN_KEY}/disable"])
    def test_bad_or_unknown_key_ids_are_404(self, user_client, user, suffix):
        method = user_client.get if suffix.count("/") == 1 else user_client.put
        body = error(method(keys_url(user, suffix)), 404)
        assert body["resource"] == "ApiKey"

    def test_post_on_a_key_is_404_with_allow(self, user_client, user, created):
        response = user_client.post(keys_url(user, f"/{created['id']}"), {}, format="json")
        error(response, 404)
        assert "DELETE" in response["Allow"]
