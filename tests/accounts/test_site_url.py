"""The address in password-reset links: the SITE_URL setting wins when configured; otherwise the `site.url`
property, which only site administrators may create, change or remove (an application administrator could
otherwise send the reset links of accounts that outrank them to a host of their choosing)."""

import re

import pytest
from django.test import Client

from accounts.models import ApiProperty, ApplicationRole
from tests.accounts.helpers import error, make_role_user
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

EVIL = "https://evil.example.net"


@pytest.fixture
def app_admin(db):
    return make_role_user("appadmin@example.com", ApplicationRole.APPLICATION_ADMIN)


@pytest.fixture
def site_url_property(admin_user):
    return ApiProperty.objects.create(key="site.url", value="https://catalogue.example.org",
                                      created_by=admin_user.email_address)


def reset_link_host(email, mailoutbox):
    """Ask for a reset link as an anonymous visitor and return the base address the mail points to."""
    count = len(mailoutbox)
    assert Client().get(f"/api/catalogueUsers/resetPasswordLink/{email}").status_code == 200
    assert len(mailoutbox) == count + 1
    return re.search(r"(\S+)/#/resetpassword\?uid=", mailoutbox[-1].body).group(1)


def stored():
    return sorted(ApiProperty.objects.values_list("key", "value", "last_updated_by"))


class TestApplicationAdministrators:
    def test_cannot_change_site_url_and_the_reset_link_keeps_its_host(self, app_admin, admin_user, site_url_property,
                                                                      mailoutbox):
        before = stored()
        api = logged_in_client(app_admin)
        body = error(api.put(f"/api/admin/properties/{site_url_property.pk}", {"value": EVIL}, format="json"), 403)
        assert body["errorCode"] == "PERM08"
        assert stored() == before
        assert reset_link_host(admin_user.email_address, mailoutbox) == "https://catalogue.example.org"

    def test_cannot_create_or_remove_it(self, app_admin, admin_user, mailoutbox):
        api = logged_in_client(app_admin)
        error(api.post("/api/admin/properties", {"key": "site.url", "value": EVIL}, format="json"), 403)
        assert not ApiProperty.objects.filter(key="site.url").exists()
        assert reset_link_host(admin_user.email_address, mailoutbox) == "http://127.0.0.1:8000"
        prop = ApiProperty.objects.create(key="site.url", value="https://catalogue.example.org")
        error(api.delete(f"/api/admin/properties/{prop.pk}"), 403)
        assert ApiProperty.objects.filter(key="site.url").exists()

    def test_cannot_rename_another_property_into_it(self, app_admin, admin_user, mailoutbox):
        other = ApiProperty.objects.create(key="site.home", value=EVIL)
        error(logged_in_client(app_admin).put(f"/api/admin/properties/{other.pk}", {"key": "site.url"},
                                              format="json"), 403)
        other.refresh_from_db()
        assert other.key == "site.home"
        assert reset_link_host(admin_user.email_address, mailoutbox) == "http://127.0.0.1:8000"

    def test_other_properties_stay_theirs(self, app_admin):
        response = logged_in_client(app_admin).post("/api/admin/properties", {"key": "site.name", "value": "Ours"},
                                                    format="json")
        assert response.status_code == 201

    def test_the_admin_site_refuses_it_too(self, app_admin, site_url_property):
        browser = Client()
        browser.force_login(app_admin)
        url = f"/admin/accounts/apiproperty/{site_url_property.pk}/change/"
        page = browser.get(url)
        assert page.status_code == 200 and 'name="value"' not in page.content.decode()  # shown read-only
        assert browser.post(url, {"key": "site.url", "value": EVIL, "category": ""}).status_code == 403
        assert browser.post(f"/admin/accounts/apiproperty/{site_url_property.pk}/delete/",
                            {"post": "yes"}).status_code == 403
        response = browser.post("/admin/accounts/apiproperty/add/", {"key": "site.url", "value": EVIL, "category": ""})
        assert response.status_code == 200 and "Only site administrators" in response.content.decode()
        assert list(ApiProperty.objects.values_list("key", "value")) == [("site.url", "https://catalogue.example.org")]


class TestSiteAdministrators:
    def test_may_change_it_and_the_link_follows(self, admin_user, site_url_property, mailoutbox):
        user = make_user("someone@example.com")
        response = logged_in_client(admin_user).put(f"/api/admin/properties/{site_url_property.pk}",
                                                    {"value": "https://mdm.example.org/"}, format="json")
        assert response.status_code == 200
        assert reset_link_host(user.email_address, mailoutbox) == "https://mdm.example.org"


def test_the_configured_site_url_wins_over_the_property(settings, site_url_property, user, mailoutbox):
    settings.SITE_URL = "https://configured.example.org/"
    assert reset_link_host(user.email_address, mailoutbox) == "https://configured.example.org"
