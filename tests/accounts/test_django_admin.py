"""The operators' admin site (/admin/) for users, groups, API keys and properties."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from accounts.models import ApiKey, ApiProperty, ApplicationRole, User, UserGroup, hash_api_key
from tests.accounts.helpers import make_role_user
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin_browser(admin_user):
    browser = Client()
    browser.force_login(admin_user)
    return browser


@pytest.fixture
def app_admin_browser(app_admin):
    browser = Client()
    browser.force_login(app_admin)
    return browser


def test_ordinary_users_cannot_enter(user):
    browser = Client()
    browser.force_login(user)
    response = browser.get("/admin/accounts/user/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_login_page_accepts_application_administrators(app_admin):
    from tests.conftest import PASSWORD

    browser = Client()
    response = browser.post("/admin/login/?next=/admin/", {"username": app_admin.email_address,
                                                            "password": PASSWORD})
    assert response.status_code == 302
    assert browser.get("/admin/").status_code == 200


@pytest.mark.parametrize("path", ["/admin/accounts/user/", "/admin/accounts/usergroup/", "/admin/accounts/apikey/",
                                  "/admin/accounts/apiproperty/", "/admin/accounts/user/add/",
                                  "/admin/accounts/usergroup/add/", "/admin/accounts/apikey/add/",
                                  "/admin/accounts/apiproperty/add/"])
def test_pages_open(site_admin_browser, user, path):
    assert site_admin_browser.get(path).status_code == 200


class TestUsers:
    def test_search_and_filters(self, site_admin_browser, user, other_user):
        make_user("waiting@example.com", first_name="Wanda", pending=True)
        page = site_admin_browser.get("/admin/accounts/user/", {"q": "wanda"}).content.decode()
        assert "waiting@example.com" in page and "reader@example.com" not in page
        page = site_admin_browser.get("/admin/accounts/user/", {"pending__exact": "1"}).content.decode()
        assert "waiting@example.com" in page and "other@example.com" not in page
        page = site_admin_browser.get("/admin/accounts/user/", {"disabled__exact": "0"}).content.decode()
        assert "other@example.com" in page

    def test_change_form_has_no_password_hash(self, site_admin_browser, user):
        page = site_admin_browser.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
        assert user.password not in page and 'name="password"' not in page

    def test_add_user(self, site_admin_browser):
        response = site_admin_browser.post("/admin/accounts/user/add/", {
            "email_address": "Added@Example.com", "first_name": "Ad", "last_name": "Ded", "organisation": "",
            "job_title": "", "password": "a-Temp-passw0rd"})
        assert response.status_code == 302, response.content.decode()[:2000]
        added = User.objects.get(email_address="added@example.com")
        assert added.check_password("a-Temp-passw0rd") and added.needs_to_reset_password
        assert added.created_by == "admin@example.com" and added.creation_method == "Admin registered"

    def test_approve_and_disable_actions(self, site_admin_browser, user, mailoutbox):
        waiting = make_user("waiting@example.com", pending=True)
        site_admin_browser.post("/admin/accounts/user/", {"action": "approve_registrations",
                                                          "_selected_action": [waiting.pk]})
        waiting.refresh_from_db()
        assert not waiting.pending and mailoutbox[-1].to == ["waiting@example.com"]
        site_admin_browser.post("/admin/accounts/user/", {"action": "disable_users", "_selected_action": [user.pk]})
        user.refresh_from_db()
        assert user.disabled

    def test_refused_action_is_reported_and_changes_nothing(self, site_admin_browser, user):
        response = site_admin_browser.post("/admin/accounts/user/", {
            "action": "approve_registrations", "_selected_action": [user.pk]}, follow=True)
        assert any("not awaiting approval" in str(message) for message in get_messages(response.wsgi_request))
        user.refresh_from_db()
        assert not user.pending and not user.disabled

    def test_application_admin_cannot_edit_a_site_admin(self, app_admin_browser, admin_user):
        response = app_admin_browser.post(f"/admin/accounts/user/{admin_user.pk}/change/", {
            "email_address": admin_user.email_address, "first_name": "Changed", "last_name": "X"})
        assert response.status_code == 403
        admin_user.refresh_from_db()
        assert admin_user.first_name == "Admin"

    def test_delete_anonymises(self, site_admin_browser, user):
        ApiProperty.objects.create(key="k.v", value="1", created_by=user.email_address)
        response = site_admin_browser.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert not User.objects.filter(pk=user.pk).exists()
        assert ApiProperty.objects.get().created_by == "anonymous@maurodatamapper.com"


class TestGroups:
    def test_filter_by_application_role(self, site_admin_browser, user_admin):
        UserGroup.objects.create(name="plain group")
        page = site_admin_browser.get("/admin/accounts/usergroup/",
                                      {"application_role__exact": ApplicationRole.USER_ADMIN}).content.decode()
        assert "user_admin group" in page and "plain group" not in page

    def test_site_admin_edits_members(self, site_admin_browser, admin_user, user):
        group = UserGroup.objects.create(name="editors")
        response = site_admin_browser.post(f"/admin/accounts/usergroup/{group.pk}/change/", {
            "name": "editors", "description": "", "application_role": "", "members": [user.pk]})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert list(group.members.all()) == [user]

    def test_application_admin_cannot_touch_the_administrators_group(self, app_admin_browser, app_admin):
        admins = UserGroup.administrators()
        response = app_admin_browser.post(f"/admin/accounts/usergroup/{admins.pk}/change/", {
            "name": "administrators", "members": [app_admin.pk]})
        assert response.status_code == 403
        assert not admins.members.filter(pk=app_admin.pk).exists()

    def test_application_admin_cannot_grant_roles(self, app_admin_browser, user):
        group = UserGroup.objects.create(name="editors")
        app_admin_browser.post(f"/admin/accounts/usergroup/{group.pk}/change/", {
            "name": "editors", "description": "", "members": [user.pk],
            "application_role": ApplicationRole.SITE_ADMIN})
        group.refresh_from_db()
        assert group.application_role == ""

    def test_undeletable_group_cannot_be_deleted(self, site_admin_browser):
        admins = UserGroup.administrators()
        assert site_admin_browser.post(f"/admin/accounts/usergroup/{admins.pk}/delete/",
                                       {"post": "yes"}).status_code == 403
        assert UserGroup.objects.filter(pk=admins.pk).exists()


class TestApiKeys:
    def test_created_key_is_shown_once_and_only_its_hash_kept(self, site_admin_browser, admin_user):
        response = site_admin_browser.post("/admin/accounts/apikey/add/", {
            "user": admin_user.pk, "name": "from admin", "expiry_date": "2099-01-01", "refreshable": "on"}, follow=True)
        assert response.status_code == 200
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        match = re.search(r"The new API key is ([0-9a-f-]{36})", " ".join(shown))
        assert match, shown
        key = ApiKey.objects.get(name="from admin")
        assert key.key_hash == hash_api_key(match.group(1))
        page = site_admin_browser.get(f"/admin/accounts/apikey/{key.pk}/change/").content.decode()
        assert key.key_hash not in page and match.group(1) not in page and 'name="key_hash"' not in page
        from rest_framework.test import APIClient

        api = APIClient()
        api.credentials(HTTP_APIKEY=match.group(1))
        assert api.get(f"/api/catalogueUsers/{admin_user.id}").status_code == 200

    def test_list_never_shows_hashes(self, site_admin_browser, user):
        key = ApiKey.objects.create(user=user, name="k", key_hash=hash_api_key("x"), expiry_date="2099-01-01")
        page = site_admin_browser.get("/admin/accounts/apikey/").content.decode()
        assert "k" in page and key.key_hash not in page


class TestProperties:
    def test_bad_key_is_refused(self, site_admin_browser):
        response = site_admin_browser.post("/admin/accounts/apiproperty/add/", {"key": "Bad Key", "value": "v"})
        assert response.status_code == 200 and "lowercase" in response.content.decode()
        assert not ApiProperty.objects.exists()

    def test_saving_maintenance_mode_takes_effect_at_once(self, site_admin_browser, user_client, user):
        assert user_client.get(f"/api/catalogueUsers/{user.id}").status_code == 200
        response = site_admin_browser.post("/admin/accounts/apiproperty/add/", {
            "key": "maintenance.mode", "value": "true", "category": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
        prop = ApiProperty.objects.get()
        assert prop.created_by == "admin@example.com"
        assert user_client.get(f"/api/catalogueUsers/{user.id}").status_code == 503
        site_admin_browser.post(f"/admin/accounts/apiproperty/{prop.pk}/delete/", {"post": "yes"})
        assert user_client.get(f"/api/catalogueUsers/{user.id}").status_code == 200

    def test_maintenance_value_is_checked(self, site_admin_browser):
        response = site_admin_browser.post("/admin/accounts/apiproperty/add/", {"key": "maintenance.mode",
                                                                               "value": "maybe"})
        assert response.status_code == 200 and not ApiProperty.objects.exists()


def test_role_helper_gives_staff(db):
    assert make_role_user("ops@example.com", ApplicationRole.APPLICATION_ADMIN).is_staff
    assert not make_role_user("ua@example.com", ApplicationRole.USER_ADMIN).is_staff


class TestApiKeyRules:
    def test_operators_create_keys_only_for_themselves(self, app_admin_browser, app_admin, user):
        response = app_admin_browser.post("/admin/accounts/apikey/add/", {
            "user": user.pk, "name": "impersonate", "expiry_date": "2099-01-01"})
        assert response.status_code == 200  # the form refuses another user
        assert not ApiKey.objects.filter(name="impersonate").exists()
        response = app_admin_browser.post("/admin/accounts/apikey/add/", {
            "user": app_admin.pk, "name": "mine", "expiry_date": "2099-01-01"})
        assert response.status_code == 302
        assert ApiKey.objects.get(name="mine").user == app_admin

    def test_others_keys_may_be_disabled_but_not_edited(self, site_admin_browser, user):
        key = ApiKey.objects.create(user=user, name="k", key_hash=hash_api_key("y"), expiry_date="2099-01-01")
        response = site_admin_browser.post(f"/admin/accounts/apikey/{key.pk}/change/", {
            "name": "k", "expiry_date": "2199-01-01", "refreshable": "on"})
        assert response.status_code == 403
        site_admin_browser.post("/admin/accounts/apikey/", {"action": "disable_keys", "_selected_action": [key.pk]})
        key.refresh_from_db()
        assert key.disabled and str(key.expiry_date) == "2099-01-01"

    def test_keys_of_a_higher_ranked_user_cannot_be_touched(self, app_admin_browser, admin_user):
        """As in the API, such keys are not even listed: the page, the action and the delete page miss them."""
        key = ApiKey.objects.create(user=admin_user, name="site-admin-key", key_hash=hash_api_key("z"),
                                    expiry_date="2099-01-01")
        assert "site-admin-key" not in app_admin_browser.get("/admin/accounts/apikey/").content.decode()
        app_admin_browser.post("/admin/accounts/apikey/", {"action": "disable_keys", "_selected_action": [key.pk]})
        assert app_admin_browser.post(f"/admin/accounts/apikey/{key.pk}/delete/", {"post": "yes"}).status_code == 404
        assert app_admin_browser.get(f"/admin/accounts/apikey/{key.pk}/change/").status_code == 404
        key.refresh_from_db()
        assert not key.disabled


def test_bulk_delete_cannot_remove_the_administrators_group(site_admin_browser):
    admins = UserGroup.administrators()
    site_admin_browser.post("/admin/accounts/usergroup/", {"action": "delete_selected",
                                                           "_selected_action": [admins.pk], "post": "yes"})
    assert UserGroup.objects.filter(pk=admins.pk).exists()
