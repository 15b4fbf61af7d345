"""`/api/admin/status`, `/api/admin/modules`, `/api/admin/properties` and the open `/api/properties`."""

import platform
import uuid

import django
import pytest
from django.conf import settings as django_settings

from accounts.models import ApiProperty
from tests.accounts.helpers import NOT_ADMIN, error, field_errors
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

PROPERTIES = "/api/admin/properties"


@pytest.mark.parametrize("path", ["/api/admin/status", "/api/admin/modules", PROPERTIES])
class TestAdminOnly:
    def test_anonymous_is_401(self, client, path):
        error(client.get(path), 401, message="User is not authenticated")

    def test_ordinary_user_is_403(self, user_client, path):
        body = error(user_client.get(path), 403, message=NOT_ADMIN)
        assert body["additional"] == NOT_ADMIN

    def test_user_admin_is_403(self, user_admin_client, path):
        error(user_admin_client.get(path), 403, message=NOT_ADMIN)

    def test_application_admin_is_allowed(self, app_admin_client, path):
        assert app_admin_client.get(path).status_code == 200


def test_status_describes_this_product(admin_client):
    body = admin_client.get("/api/admin/status").json()
    assert body["Catalogue Version"] == django_settings.PRODUCT_VERSION
    assert body["Django Version"] == django.get_version()
    assert body["Python Version"] == platform.python_version()
    assert body["OS Name"] == platform.system()
    assert body["Database Engine"] in ("SQLite", "PostgreSQL")
    assert body["Database Version"]
    assert {"class", "version"} <= set(body["Driver Manager Drivers Available"][0])


def test_modules_is_a_bare_array(admin_client):
    body = admin_client.get("/api/admin/modules").json()
    assert isinstance(body, list)
    assert body[0] == {"name": "metadata-catalogue", "version": django_settings.PRODUCT_VERSION}
    names = {module["name"].lower() for module in body}
    assert {"django", "djangorestframework"} <= names


# --- properties -----------------------------------------------------------------------------------------------


def new_property(api, **overrides):
    body = {"key": "test.property", "value": "Test value", "category": "Test", "publiclyVisible": False}
    body.update(overrides)
    return api.post(PROPERTIES, body, format="json")


class TestProperties:
    def test_create_show_list_update_delete(self, admin_client, admin_user):
        response = new_property(admin_client)
        assert response.status_code == 201, response.content
        created = response.json()
        assert response["Location"].endswith(f"{PROPERTIES}/{created['id']}")
        assert set(created) == {"id", "key", "value", "category", "publiclyVisible", "lastUpdatedBy", "createdBy",
                                "lastUpdated"}
        assert created["createdBy"] == created["lastUpdatedBy"] == "admin@example.com"
        assert created["lastUpdated"].endswith("Z")
        assert admin_client.get(f"{PROPERTIES}/{created['id']}").json() == created
        listed = admin_client.get(PROPERTIES).json()
        assert listed["count"] == 1 and listed["items"] == [created]

        response = admin_client.put(f"{PROPERTIES}/{created['id']}", {"value": "Changed", "category": None},
                                    format="json")
        assert response.status_code == 200
        updated = response.json()
        assert updated["value"] == "Changed" and "category" not in updated and updated["key"] == "test.property"

        response = admin_client.delete(f"{PROPERTIES}/{created['id']}")
        assert response.status_code == 204 and response.content == b""
        assert not ApiProperty.objects.exists()

    def test_put_accepts_the_whole_item_back(self, admin_client):
        created = new_property(admin_client).json()
        created["value"] = "v2"
        assert admin_client.put(f"{PROPERTIES}/{created['id']}", created, format="json").json()["value"] == "v2"

    def test_records_who_changed_it(self, admin_client, app_admin_client):
        created = new_property(admin_client).json()
        body = app_admin_client.put(f"{PROPERTIES}/{created['id']}", {"value": "x"}, format="json").json()
        assert body["createdBy"] == "admin@example.com" and body["lastUpdatedBy"] == "appadmin@example.com"

    @pytest.mark.parametrize("key", ["Upper.case", "has space", "trailing.", ".leading", "double..dot", "dash-ed",
                                     "", "1starts.with.digit", "ünïcode"])
    def test_bad_keys_are_422(self, admin_client, key):
        body = error(new_property(admin_client, key=key), 422)
        assert field_errors(body) == {"key"}
        assert not ApiProperty.objects.exists()

    @pytest.mark.parametrize("key", ["site.url", "email.self_register.subject", "a", "security.hide.exception",
                                     "feature.copy_annotations_to_new_version", "v2.setting"])
    def test_good_keys(self, admin_client, key):
        assert new_property(admin_client, key=key).status_code == 201

    def test_duplicate_key_is_422(self, admin_client):
        new_property(admin_client)
        body = error(new_property(admin_client, value="other"), 422)
        assert field_errors(body) == {"key"}
        assert ApiProperty.objects.get().value == "Test value"

    def test_renaming_onto_an_existing_key_is_422_and_changes_nothing(self, admin_client):
        new_property(admin_client)
        second = new_property(admin_client, key="second.property").json()
        error(admin_client.put(f"{PROPERTIES}/{second['id']}", {"key": "test.property", "value": "new"},
                               format="json"), 422)
        assert ApiProperty.objects.get(pk=second["id"]).value == "Test value"

    @pytest.mark.parametrize("missing", ["key", "value"])
    def test_missing_fields_are_400(self, admin_client, missing):
        body = {"key": "a.b", "value": "v"}
        del body[missing]
        error(admin_client.post(PROPERTIES, body, format="json"), 400)

    @pytest.mark.parametrize("overrides", [{"key": 5}, {"value": 5}, {"publiclyVisible": "true"},
                                           {"category": ["x"]}])
    def test_wrong_types_are_422(self, admin_client, overrides):
        error(new_property(admin_client, **overrides), 422)
        assert not ApiProperty.objects.exists()

    def test_null_value_is_400(self, admin_client):
        error(new_property(admin_client, value=None), 400)
        assert not ApiProperty.objects.exists()

    @pytest.mark.parametrize("data", ["{", "[]", '"x"'])
    def test_malformed_bodies_are_400(self, admin_client, data):
        error(admin_client.post(PROPERTIES, data=data, content_type="application/json"), 400)

    def test_empty_value_is_allowed(self, admin_client):
        assert new_property(admin_client, value="").status_code == 201

    def test_bad_and_unknown_ids_are_404(self, admin_client):
        for path in (f"{PROPERTIES}/nope", f"{PROPERTIES}/{uuid.uuid4()}"):
            body = error(admin_client.get(path), 404)
            assert body["resource"] == "ApiProperty"
            error(admin_client.put(path, {"value": "x"}, format="json"), 404)
            error(admin_client.delete(path), 404)

    def test_refused_writes_change_nothing(self, admin_client, user_client, client):
        created = new_property(admin_client).json()
        for api, status in ((user_client, 403), (client, 401)):
            error(new_property(api, key="other.key"), status)
            error(api.put(f"{PROPERTIES}/{created['id']}", {"value": "x"}, format="json"), status)
            error(api.delete(f"{PROPERTIES}/{created['id']}"), status)
        assert ApiProperty.objects.count() == 1 and ApiProperty.objects.get().value == "Test value"

    def test_sorting_and_paging(self, admin_client):
        for key in ("c.key", "a.key", "b.key"):
            new_property(admin_client, key=key)
        body = admin_client.get(PROPERTIES, {"sort": "key", "order": "desc", "max": 2}).json()
        assert body["count"] == 3 and [item["key"] for item in body["items"]] == ["c.key", "b.key"]
        error(admin_client.get(PROPERTIES, {"sort": "nonsense"}), 400)


class TestPublicProperties:
    def test_anyone_sees_only_public_ones(self, admin_client, client, user_client):
        new_property(admin_client, key="private.one")
        new_property(admin_client, key="public.one", publiclyVisible=True)
        for api in (client, user_client, admin_client):
            body = api.get("/api/properties").json()
            assert body["count"] == 1 and body["items"][0]["key"] == "public.one"

    def test_bad_paging_is_400(self, client):
        error(client.get("/api/properties", {"offset": "x"}), 400)


class TestMaintenanceMode:
    def test_switching_on_and_off_takes_effect_at_once(self, admin_client, user_client, user):
        own = f"/api/catalogueUsers/{user.id}"
        assert user_client.get(own).status_code == 200  # the middleware now remembers "off"
        created = new_property(admin_client, key="maintenance.mode", value="true").json()
        body = error(user_client.get(own), 503)
        assert body["errorCode"] == "SVC03"
        assert admin_client.get(PROPERTIES).status_code == 200  # administrators still work
        admin_client.put(f"{PROPERTIES}/{created['id']}", {"value": "false"}, format="json")
        assert user_client.get(own).status_code == 200
        admin_client.put(f"{PROPERTIES}/{created['id']}", {"value": "TRUE"}, format="json")
        error(user_client.get(own), 503)
        admin_client.delete(f"{PROPERTIES}/{created['id']}")
        assert user_client.get(own).status_code == 200

    def test_renaming_the_property_away_switches_it_off(self, admin_client, user_client, user):
        created = new_property(admin_client, key="maintenance.mode", value="true").json()
        error(user_client.get(f"/api/catalogueUsers/{user.id}"), 503)
        admin_client.put(f"{PROPERTIES}/{created['id']}", {"key": "old.maintenance.mode"}, format="json")
        assert user_client.get(f"/api/catalogueUsers/{user.id}").status_code == 200

    @pytest.mark.parametrize("value", ["yes", "1", "on", ""])
    def test_value_must_be_true_or_false(self, admin_client, value):
        body = error(new_property(admin_client, key="maintenance.mode", value=value), 422)
        assert field_errors(body) == {"value"}
        assert not ApiProperty.objects.exists()


class TestActiveSessions:
    PATH = "/api/admin/activeSessions"

    def test_lists_logged_in_users_without_session_keys(self, admin_client, user_client, user, admin_user):
        body = admin_client.get(self.PATH).json()
        assert body["countAuthorised"] == 2 and body["countUnauthorised"] == 0
        assert {item["userEmailAddress"] for item in body["authorisedItems"]} == {
            "reader@example.com", "admin@example.com"}
        assert body["items"] == body["authorisedItems"] and body["unauthorisedItems"] == []
        keys = {user_client.cookies["JSESSIONID"].value, admin_client.cookies["JSESSIONID"].value}
        item = body["items"][0]
        assert item["id"] not in keys and not any(key in str(body) for key in keys)
        assert item["creationDateTime"].endswith("Z") and item["lastAccessedDateTime"].endswith("Z")

    def test_logged_out_and_idle_sessions_are_not_listed(self, admin_client, user_client, settings):
        user_client.post("/api/authentication/logout")
        assert admin_client.get(self.PATH).json()["countAuthorised"] == 1
        from django.contrib.sessions.backends.db import SessionStore

        from accounts.middleware import SESSION_LAST_SEEN

        other = logged_in_client(make_user("idle@example.com"))
        store = SessionStore(session_key=other.cookies["JSESSIONID"].value)
        store[SESSION_LAST_SEEN] -= settings.SESSION_IDLE_TIMEOUT_SECONDS + 5
        store.save()
        emails = {item["userEmailAddress"] for item in admin_client.get(self.PATH).json()["items"]}
        assert emails == {"admin@example.com"}

    def test_permissions(self, client, user_client, user_admin_client):
        error(client.get(self.PATH), 401)
        error(user_client.get(self.PATH), 403, message=NOT_ADMIN)
        error(user_admin_client.get(self.PATH), 403, message=NOT_ADMIN)

    def test_not_available_with_cache_sessions(self, admin_client, monkeypatch):
        from accounts.services import active_sessions

        # The client's middleware keeps the session engine it starts with; only the listing sees the change.
        assert admin_client.get("/api/session/isAuthenticated").status_code == 200
        monkeypatch.setattr(active_sessions.settings, "SESSION_ENGINE", "django.contrib.sessions.backends.cache")
        assert not active_sessions.listable()
        error(admin_client.get(self.PATH), 404, code="NF04")
