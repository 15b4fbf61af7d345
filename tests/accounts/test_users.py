"""Users: list, show, update, disable and permanent delete, and preferences."""

import uuid

import pytest

from accounts.models import ApiProperty, ApplicationRole, User, UserGroup
from tests.accounts.helpers import NOT_ADMIN, error, field_errors, make_role_user
from tests.conftest import PASSWORD, logged_in_client, make_user

pytestmark = pytest.mark.django_db

USERS = "/api/catalogueUsers"


def url(user_or_id, suffix=""):
    return f"{USERS}/{getattr(user_or_id, 'id', user_or_id)}{suffix}"


# --- list -----------------------------------------------------------------------------------------------------


class TestList:
    def test_anonymous_is_401(self, client, user):
        body = error(client.get(USERS), 401, message="User is not authenticated")
        assert body["additional"] == "User is not authenticated"

    def test_ordinary_user_is_403(self, user_client):
        error(user_client.get(USERS), 403, message=NOT_ADMIN)

    @pytest.mark.parametrize("role", [ApplicationRole.GROUP_ADMIN, ApplicationRole.CONTAINER_GROUP_ADMIN])
    def test_roles_below_user_admin_are_403(self, db, role):
        api = logged_in_client(make_role_user("low@example.com", role))
        error(api.get(USERS), 403)

    def test_admin_gets_every_user_as_full_users(self, admin_client, admin_user, user, other_user):
        body = admin_client.get(USERS).json()
        assert body["count"] == 3
        assert [item["emailAddress"] for item in body["items"]] == [
            "admin@example.com", "other@example.com", "reader@example.com"]
        by_email = {item["emailAddress"]: item for item in body["items"]}
        assert by_email["reader@example.com"]["availableActions"] == ["disable", "show", "update"]
        assert by_email["admin@example.com"]["availableActions"] == ["show", "update"]
        assert by_email["admin@example.com"]["groups"] == [
            {"id": str(UserGroup.administrators().id), "name": "administrators"}]
        assert by_email["reader@example.com"]["creationMethod"] == "Standard"

    def test_user_admin_may_list_and_sees_site_admins_read_only(self, user_admin_client, admin_user, user):
        body = user_admin_client.get(USERS).json()
        by_email = {item["emailAddress"]: item for item in body["items"]}
        assert by_email["admin@example.com"]["availableActions"] == ["show"]
        assert by_email["reader@example.com"]["availableActions"] == ["disable", "show", "update"]

    def test_paging_and_sorting(self, admin_client, user, other_user):
        body = admin_client.get(USERS, {"sort": "emailAddress", "order": "desc", "max": 1, "offset": 1}).json()
        assert body["count"] == 3
        assert [item["emailAddress"] for item in body["items"]] == ["other@example.com"]
        body = admin_client.get(USERS, {"sort": "lastName"}).json()
        assert [item["lastName"] for item in body["items"]] == ["Other", "Reader", "User"]

    def test_filters(self, admin_client, user, other_user):
        make_user("waiting@example.com", pending=True)
        assert [i["emailAddress"] for i in admin_client.get(USERS, {"emailAddress": "OTH"}).json()["items"]] == [
            "other@example.com"]
        assert [i["emailAddress"] for i in admin_client.get(USERS, {"pending": "true"}).json()["items"]] == [
            "waiting@example.com"]
        assert admin_client.get(USERS, {"pending": "false", "disabled": "false"}).json()["count"] == 3

    @pytest.mark.parametrize("params", [{"max": "ten"}, {"offset": "-1"}, {"sort": "password"},
                                        {"order": "sideways"}, {"pending": "maybe"}])
    def test_bad_query_parameters_are_400(self, admin_client, params):
        error(admin_client.get(USERS, params), 400)

    def test_max_is_capped_at_100(self, admin_client, db):
        User.objects.bulk_create([User(email_address=f"bulk{n}@example.com", first_name="B", last_name=str(n))
                                  for n in range(105)])
        body = admin_client.get(USERS, {"max": 500}).json()
        assert body["count"] == 106 and len(body["items"]) == 100
        assert len(admin_client.get(USERS, {"all": "true"}).json()["items"]) == 106


# --- show -----------------------------------------------------------------------------------------------------


class TestShow:
    def test_self(self, user_client, user):
        body = user_client.get(url(user)).json()
        assert body["id"] == str(user.id)
        assert body["availableActions"] == ["show", "update"]
        assert body["creationMethod"] == "Standard"
        assert "lastLogin" in body  # set by logging in
        assert "password" not in body and "resetTokenHash" not in body

    def test_other_users_record_is_404_for_ordinary_users(self, user_client, other_user):
        body = error(user_client.get(url(other_user)), 404)
        assert body["resource"] == "CatalogueUser" and body["id"] == str(other_user.id)

    def test_missing_and_unreadable_look_the_same(self, user_client, other_user):
        hidden = user_client.get(url(other_user)).json()
        missing = user_client.get(url(uuid.uuid4())).json()
        assert {k for k in hidden if k not in ("id", "path")} == {k for k in missing if k not in ("id", "path")}
        assert hidden["message"] == missing["message"]

    def test_admin_sees_anyone(self, admin_client, user):
        body = admin_client.get(url(user)).json()
        assert body["emailAddress"] == "reader@example.com"
        assert body["availableActions"] == ["disable", "show", "update"]

    def test_anonymous_is_401(self, client, user):
        error(client.get(url(user)), 401)

    @pytest.mark.parametrize("bad", ["not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g", "%20"])
    def test_bad_uuid_is_404(self, admin_client, bad):
        body = error(admin_client.get(url(bad)), 404)
        assert body["resource"] == "CatalogueUser" and body["id"] == "null"

    def test_unknown_uuid_is_404(self, admin_client):
        unknown = uuid.uuid4()
        assert error(admin_client.get(url(unknown)), 404)["id"] == str(unknown)

    def test_patch_is_404_with_allow(self, user_client, user):
        response = user_client.patch(url(user), {}, format="json")
        error(response, 404)
        assert set(response["Allow"].replace(" ", "").split(",")) >= {"GET", "PUT", "DELETE"}


# --- update ---------------------------------------------------------------------------------------------------


class TestUpdate:
    def test_self_updates_details(self, user_client, user):
        response = user_client.put(url(user), {"firstName": "Rita", "lastName": "Reader", "organisation": "Lab",
                                               "jobTitle": "Curator"}, format="json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert (body["firstName"], body["organisation"], body["jobTitle"]) == ("Rita", "Lab", "Curator")
        user.refresh_from_db()
        assert (user.first_name, user.last_name, user.organisation, user.job_title) == (
            "Rita", "Reader", "Lab", "Curator")

    def test_self_may_send_the_whole_record_back(self, user_client, user):
        record = user_client.get(url(user)).json()
        record["firstName"] = "Changed"
        response = user_client.put(url(user), record, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["firstName"] == "Changed"

    def test_clearing_optional_fields(self, user_client, user):
        User.objects.filter(pk=user.pk).update(organisation="Org")
        assert user_client.put(url(user), {"organisation": None}, format="json").status_code == 200
        user.refresh_from_db()
        assert user.organisation == ""

    def test_self_cannot_disable_themselves(self, user_client, admin_client, user, admin_user):
        error(user_client.put(url(user), {"disabled": True}, format="json"), 403)
        error(admin_client.put(url(admin_user), {"disabled": True}, format="json"), 403)
        user.refresh_from_db()
        admin_user.refresh_from_db()
        assert not user.disabled and not admin_user.disabled

    def test_ordinary_user_cannot_join_groups(self, user_client, user):
        group = UserGroup.administrators()
        error(user_client.put(url(user), {"groups": [{"id": str(group.id)}]}, format="json"), 403)
        assert not group.members.filter(pk=user.pk).exists()

    def test_other_users_record_is_404_and_unchanged(self, user_client, other_user):
        error(user_client.put(url(other_user), {"firstName": "Hacked"}, format="json"), 404)
        other_user.refresh_from_db()
        assert other_user.first_name == "Test"

    def test_anonymous_is_401(self, client, user):
        error(client.put(url(user), {"firstName": "X"}, format="json"), 401)

    def test_admin_disables_and_enables_another_user(self, admin_client, user):
        body = admin_client.put(url(user), {"disabled": True}, format="json").json()
        assert body["disabled"] is True
        user.refresh_from_db()
        assert user.disabled
        assert admin_client.put(url(user), {"disabled": False}, format="json").json()["disabled"] is False

    def test_admin_sets_groups(self, admin_client, user):
        editors = UserGroup.objects.create(name="editors")
        readers = UserGroup.objects.create(name="readers")
        body = admin_client.put(url(user), {"groups": [{"id": str(editors.id), "label": "editors"},
                                                       str(readers.id)]}, format="json").json()
        assert [g["name"] for g in body["groups"]] == ["editors", "readers"]
        body = admin_client.put(url(user), {"groups": []}, format="json").json()
        assert "groups" not in body
        assert not user.user_groups.exists()

    def test_unknown_group_is_422(self, admin_client, user):
        body = error(admin_client.put(url(user), {"groups": [str(uuid.uuid4())]}, format="json"), 422)
        assert field_errors(body) == {"groups"}

    @pytest.mark.parametrize("groups", ["editors", [42], [{"name": "x"}], {"id": "x"}])
    def test_wrongly_typed_groups_are_422(self, admin_client, user, groups):
        body = error(admin_client.put(url(user), {"groups": groups}, format="json"), 422)
        assert field_errors(body) == {"groups"}

    def test_group_id_that_is_not_a_uuid_is_422(self, admin_client, user):
        error(admin_client.put(url(user), {"groups": ["not-a-uuid"]}, format="json"), 422)

    def test_user_admin_cannot_grant_a_higher_role(self, user_admin_client, user):
        admins = UserGroup.administrators()
        error(user_admin_client.put(url(user), {"groups": [str(admins.id)]}, format="json"), 403)
        assert not admins.members.filter(pk=user.pk).exists()

    def test_user_admin_cannot_change_a_site_admin(self, user_admin_client, admin_user):
        error(user_admin_client.put(url(admin_user), {"disabled": True}, format="json"), 403)
        error(user_admin_client.put(url(admin_user), {"firstName": "X"}, format="json"), 403)
        admin_user.refresh_from_db()
        assert not admin_user.disabled and admin_user.first_name == "Admin"

    def test_last_site_admin_cannot_leave_the_administrators(self, admin_client, admin_user):
        body = error(admin_client.put(url(admin_user), {"groups": []}, format="json"), 422)
        assert "last site administrator" in body["message"]
        assert UserGroup.administrators().members.filter(pk=admin_user.pk).exists()

    def test_a_site_admin_may_leave_when_another_remains(self, admin_client, admin_user):
        make_user("admin2@example.com", admin=True)
        assert admin_client.put(url(admin_user), {"groups": []}, format="json").status_code == 200

    def test_email_change(self, user_client, user):
        body = user_client.put(url(user), {"emailAddress": "Renamed@Example.com"}, format="json").json()
        assert body["emailAddress"] == "renamed@example.com"
        assert User.objects.filter(email_address="renamed@example.com").exists()

    def test_duplicate_email_is_422_and_nothing_changes(self, user_client, user, other_user):
        body = error(user_client.put(url(user), {"emailAddress": "OTHER@example.com", "firstName": "New"},
                                     format="json"), 422)
        assert field_errors(body) == {"emailAddress"}
        user.refresh_from_db()
        assert user.email_address == "reader@example.com" and user.first_name == "Test"

    def test_invalid_email_is_422(self, user_client, user):
        error(user_client.put(url(user), {"emailAddress": "nope"}, format="json"), 422)

    @pytest.mark.parametrize("body", [{"firstName": 5, "lastName": "New"}, {"disabled": "yes", "firstName": "New"},
                                      {"organisation": [], "firstName": "New"}])
    def test_wrong_types_are_422(self, user_client, user, body):
        error(user_client.put(url(user), body, format="json"), 422)
        user.refresh_from_db()
        assert user.first_name == "Test" and user.last_name != "New"

    @pytest.mark.parametrize("body", [{"lastName": None}, {"emailAddress": None}])
    def test_nulls_are_400(self, user_client, user, body):
        error(user_client.put(url(user), body, format="json"), 400)
        user.refresh_from_db()
        assert user.first_name == "Test"

    @pytest.mark.parametrize("data", ["{oops", "[]", '"x"'])
    def test_malformed_bodies_are_400(self, user_client, user, data):
        error(user_client.put(url(user), data=data, content_type="application/json"), 400)

    def test_blank_name_is_422(self, user_client, user):
        error(user_client.put(url(user), {"firstName": " "}, format="json"), 422)

    def test_403_comes_before_400(self, user_admin_client, admin_user):
        error(user_admin_client.put(url(admin_user), data="{oops", content_type="application/json"), 403)

    def test_bad_uuid_is_404(self, admin_client):
        error(admin_client.put(url("nope"), {"firstName": "X"}, format="json"), 404)


# --- delete ---------------------------------------------------------------------------------------------------


class TestDelete:
    def test_admin_disables_with_200(self, admin_client, user):
        response = admin_client.delete(url(user))
        assert response.status_code == 200
        assert response.json()["disabled"] is True
        user.refresh_from_db()
        assert user.disabled
        assert admin_client.delete(url(user)).status_code == 200  # already disabled: same answer

    def test_disabled_user_is_logged_out_and_cannot_log_in(self, admin_client, user_client, user, client):
        admin_client.delete(url(user))
        error(user_client.get(url(user)), 401)
        login = client.post("/api/authentication/login", {"username": user.email_address, "password": PASSWORD},
                            format="json")
        assert login.status_code == 401

    def test_self_delete_is_403(self, user_client, admin_client, user, admin_user):
        error(user_client.delete(url(user)), 403, message="Cannot delete your own account")
        error(admin_client.delete(url(admin_user)), 403)
        error(admin_client.delete(url(admin_user) + "?permanent=true"), 403)
        assert User.objects.filter(pk=admin_user.pk, disabled=False).exists()
        assert User.objects.filter(pk=user.pk, disabled=False).exists()

    def test_other_users_record_is_404(self, user_client, other_user):
        error(user_client.delete(url(other_user)), 404)
        other_user.refresh_from_db()
        assert not other_user.disabled

    def test_anonymous_is_401(self, client, user):
        error(client.delete(url(user)), 401)
        user.refresh_from_db()
        assert not user.disabled

    def test_permanent_delete_anonymises_and_removes(self, admin_client, user, admin_user):
        ApiProperty.objects.create(key="x.y", value="1", created_by=user.email_address,
                                   last_updated_by=user.email_address)
        invited = make_user("invited@example.com", created_by=user.email_address)
        response = admin_client.delete(url(user) + "?permanent=true")
        assert response.status_code == 204 and response.content == b""
        assert not User.objects.filter(pk=user.pk).exists()
        prop = ApiProperty.objects.get(key="x.y")
        assert prop.created_by == prop.last_updated_by == "anonymous@maurodatamapper.com"
        invited.refresh_from_db()
        assert invited.created_by == "anonymous@maurodatamapper.com"

    def test_permanent_delete_needs_an_application_administrator(self, user_admin_client, app_admin_client, user):
        error(user_admin_client.delete(url(user) + "?permanent=true"), 403)
        assert User.objects.filter(pk=user.pk, disabled=False).exists()
        assert app_admin_client.delete(url(user) + "?permanent=true").status_code == 204

    def test_user_admin_may_disable_ordinary_users_only(self, user_admin_client, user, admin_user):
        assert user_admin_client.delete(url(user)).status_code == 200
        error(user_admin_client.delete(url(admin_user)), 403)
        admin_user.refresh_from_db()
        assert not admin_user.disabled

    def test_permanent_false_disables(self, admin_client, user):
        assert admin_client.delete(url(user) + "?permanent=false").json()["disabled"] is True
        assert User.objects.filter(pk=user.pk).exists()

    def test_bad_permanent_value_is_400(self, admin_client, user):
        error(admin_client.delete(url(user) + "?permanent=perhaps"), 400)
        user.refresh_from_db()
        assert not user.disabled

    def test_bad_uuid_is_404(self, admin_client):
        error(admin_client.delete(url("zzz")), 404)


# --- preferences ----------------------------------------------------------------------------------------------


class TestPreferences:
    def test_empty_at_first(self, user_client, user):
        response = user_client.get(url(user, "/userPreferences"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        assert response.content == b""

    def test_stored_exactly_as_sent(self, user_client, user):
        text = '{"theme": "dark", "pageSize": 25, "note": "naïve ☃"}'
        response = user_client.put(url(user, "/userPreferences"), data=text.encode(), content_type="text/plain")
        assert response.status_code == 200, response.content
        assert response.json()["id"] == str(user.id)
        assert user_client.get(url(user, "/userPreferences")).content.decode() == text

    def test_json_content_type_is_stored_as_text_too(self, user_client, user):
        user_client.put(url(user, "/userPreferences"), data='["a", 1]', content_type="application/json")
        assert user_client.get(url(user, "/userPreferences")).content == b'["a", 1]'

    def test_invalid_utf8_is_400(self, user_client, user):
        error(user_client.put(url(user, "/userPreferences"), data=b"\xff\xfe", content_type="text/plain"), 400)

    def test_too_long_is_422(self, user_client, user, settings, monkeypatch):
        from accounts.services import users

        monkeypatch.setattr(users, "PREFERENCES_MAX_CHARS", 10)
        error(user_client.put(url(user, "/userPreferences"), data="x" * 11, content_type="text/plain"), 422)
        user.refresh_from_db()
        assert user.user_preferences == ""

    def test_other_users_preferences_are_404(self, user_client, other_user):
        User.objects.filter(pk=other_user.pk).update(user_preferences="secret")
        error(user_client.get(url(other_user, "/userPreferences")), 404)
        error(user_client.put(url(other_user, "/userPreferences"), data="x", content_type="text/plain"), 404)
        other_user.refresh_from_db()
        assert other_user.user_preferences == "secret"

    def test_admin_may_read_others(self, admin_client, user):
        User.objects.filter(pk=user.pk).update(user_preferences="p")
        assert admin_client.get(url(user, "/userPreferences")).content == b"p"

    def test_anonymous_is_401(self, client, user):
        error(client.get(url(user, "/userPreferences")), 401)
        error(client.put(url(user, "/userPreferences"), data="x", content_type="text/plain"), 401)

    def test_bad_uuid_is_404(self, user_client):
        error(user_client.get(url("bad", "/userPreferences")), 404)
