"""The admin pages for group roles (read-only) and grants (list, filter, search, add, delete)."""

import pytest
from django.test import Client

from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from tests.catalogue.factories import make_data_model, make_folder

pytestmark = pytest.mark.django_db

GRANTS = "/admin/accounts/securableresourcegrouprole/"


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


@pytest.fixture
def folder(db):
    return make_folder("Granted")


@pytest.fixture
def readers(db):
    return UserGroup.objects.create(name="Readers")


def role(name):
    return GroupRole.objects.get(name=name)


def add(browser, **fields):
    return browser.post(f"{GRANTS}add/", fields)


def test_group_roles_are_listed_and_read_only(site_admin_browser):
    page = site_admin_browser.get("/admin/accounts/grouprole/").content.decode()
    assert "container_admin" in page and "site_admin" in page
    editor = role("editor")
    assert site_admin_browser.get(f"/admin/accounts/grouprole/{editor.pk}/change/").status_code == 200
    assert site_admin_browser.get("/admin/accounts/grouprole/add/").status_code == 403
    site_admin_browser.post(f"/admin/accounts/grouprole/{editor.pk}/change/", {"name": "boss", "display_name": "B"})
    assert site_admin_browser.post(f"/admin/accounts/grouprole/{editor.pk}/delete/", {"post": "yes"}).status_code == 403
    editor.refresh_from_db()
    assert editor.name == "editor"


def test_grants_list_filters_and_search(site_admin_browser, folder, readers):
    model = make_data_model("Model", folder=folder)
    writers = UserGroup.objects.create(name="Writers")
    SecurableResourceGroupRole.objects.create(user_group=readers, group_role=role("reader"),
                                              securable_resource_id=folder.pk, securable_resource_domain_type="Folder")
    SecurableResourceGroupRole.objects.create(user_group=writers, group_role=role("editor"),
                                              securable_resource_id=model.pk,
                                              securable_resource_domain_type="DataModel")
    page = site_admin_browser.get(GRANTS).content.decode()
    assert "Readers" in page and "Writers" in page
    page = site_admin_browser.get(GRANTS, {"q": "writ"}).content.decode()
    assert "Writers" in page and "Readers" not in page
    page = site_admin_browser.get(GRANTS, {"group_role__id__exact": str(role("reader").pk)}).content.decode()
    assert "Readers" in page and "Writers" not in page
    page = site_admin_browser.get(GRANTS, {"securable_resource_domain_type": "DataModel"}).content.decode()
    assert "Writers" in page and "Readers" not in page


def test_site_admin_adds_and_deletes_a_grant(site_admin_browser, admin_user, folder, readers):
    response = add(site_admin_browser, user_group=readers.pk, group_role=role("reader").pk,
                   securable_resource_domain_type="Folder", securable_resource_id=folder.pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = SecurableResourceGroupRole.objects.get()
    assert grant.user_group == readers and grant.securable_resource_id == folder.pk
    assert grant.created_by == admin_user.email_address
    response = site_admin_browser.post(f"{GRANTS}{grant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not SecurableResourceGroupRole.objects.exists()


@pytest.mark.parametrize("case", ["unknown resource", "wrong type", "application role", "container role on model",
                                  "second role"])
def test_bad_grants_are_refused(site_admin_browser, folder, readers, case):
    model = make_data_model("Model", folder=folder)
    fields = {"user_group": readers.pk, "group_role": role("reader").pk, "securable_resource_domain_type": "Folder",
              "securable_resource_id": folder.pk}
    if case == "unknown resource":
        fields["securable_resource_id"] = "6b1d5a52-0000-4000-8000-000000000000"
    elif case == "wrong type":
        fields["securable_resource_domain_type"] = "DataModel"
    elif case == "application role":
        fields["group_role"] = role("site_admin").pk
    elif case == "container role on model":
        fields.update(group_role=role("container_admin").pk, securable_resource_domain_type="DataModel",
                      securable_resource_id=model.pk)
    else:
        SecurableResourceGroupRole.objects.create(user_group=readers, group_role=role("editor"),
                                                  securable_resource_id=folder.pk,
                                                  securable_resource_domain_type="Folder")
    before = list(SecurableResourceGroupRole.objects.values_list("pk", "group_role__name"))
    response = add(site_admin_browser, **fields)
    assert response.status_code == 200  # the form again, with the error
    assert "errornote" in response.content.decode()
    assert list(SecurableResourceGroupRole.objects.values_list("pk", "group_role__name")) == before


def test_application_admins_may_look_but_not_grant(app_admin_browser, folder, readers):
    grant = SecurableResourceGroupRole.objects.create(user_group=readers, group_role=role("reader"),
                                                      securable_resource_id=folder.pk,
                                                      securable_resource_domain_type="Folder")
    assert app_admin_browser.get(GRANTS).status_code == 200
    assert add(app_admin_browser, user_group=readers.pk, group_role=role("editor").pk,
               securable_resource_domain_type="Folder", securable_resource_id=folder.pk).status_code == 403
    assert app_admin_browser.post(f"{GRANTS}{grant.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SecurableResourceGroupRole.objects.count() == 1


def test_ordinary_users_cannot_enter(user):
    browser = Client()
    browser.force_login(user)
    response = browser.get(GRANTS)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
