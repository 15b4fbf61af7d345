"""The catalogue's admin pages keep the API's access rules: an application administrator (staff, but with no
content rights of their own) sees only what the API shows them and changes only what the API would let them;
grants to their groups count exactly as in the API. Hidden objects are 404, refused writes change nothing."""

import pytest
from django.test import Client

from accounts.models import ApplicationRole, GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from tests.accounts.helpers import make_role_user
from tests.catalogue.factories import make_data_model, make_folder
from tests.catalogue.test_admin import submitted_form
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


class Content:
    """Someone else's private folder and model, and a public folder with a public model."""

    def __init__(self):
        self.owner = make_user("owner@example.com")
        self.hidden_folder = make_folder("Hidden folder", user=self.owner)
        self.hidden_model = make_data_model("Hidden model", folder=self.hidden_folder, user=self.owner)
        self.open_folder = make_folder("Open folder", user=self.owner, readable_by_everyone=True)
        self.open_model = make_data_model("Open model", folder=self.open_folder, user=self.owner,
                                          readable_by_everyone=True)
        self.classifier = m.Classifier.objects.create(label="Hidden classifier")


@pytest.fixture
def content(db):
    return Content()


@pytest.fixture
def app_admin(db):
    return make_role_user("appadmin@example.com", ApplicationRole.APPLICATION_ADMIN)


@pytest.fixture
def browser(app_admin):
    client = Client()
    client.force_login(app_admin)
    return client


def grant(user, role, resource):
    group = UserGroup.objects.create(name=f"{role} on {resource.label}")
    group.members.add(user)
    SecurableResourceGroupRole.objects.create(user_group=group, group_role=GroupRole.objects.get(name=role),
                                              securable_resource_id=resource.pk,
                                              securable_resource_domain_type=resource.domain_type)


def model_form(admin_user, model):
    """The change form of `model` as a site administrator's browser would submit it."""
    site = Client()
    site.force_login(admin_user)
    return submitted_form(site.get(f"/admin/catalogue/cataloguemodel/{model.pk}/change/"))


def state():
    return {"models": sorted(m.CatalogueModel.objects.values_list("pk", "label", "description", "folder_id",
                                                                  "deleted", "readable_by_everyone")),
            "folders": sorted(m.Folder.objects.values_list("pk", "label", "parent_folder_id", "deleted",
                                                           "readable_by_everyone")),
            "classifiers": sorted(m.Classifier.objects.values_list("pk", "label")),
            "edits": m.Edit.objects.count(), "grants": SecurableResourceGroupRole.objects.count()}


def action(browser, name, action_name, objs):
    return browser.post(f"/admin/catalogue/{name}/", {"action": action_name,
                                                       "_selected_action": [str(x.pk) for x in objs]})


class TestWithoutGrants:
    def test_changelists_show_only_what_the_api_shows(self, browser, content):
        models = browser.get("/admin/catalogue/cataloguemodel/").content.decode()
        assert "Open model" in models and "Hidden model" not in models
        folders = browser.get("/admin/catalogue/folder/").content.decode()
        assert "Open folder" in folders and "Hidden folder" not in folders
        assert "Hidden classifier" not in browser.get("/admin/catalogue/classifier/").content.decode()
        searched = browser.get("/admin/catalogue/cataloguemodel/", {"q": "Hidden"}).content.decode()
        assert "Hidden model" not in searched

    @pytest.mark.parametrize("page", ["change", "delete", "history"])
    def test_hidden_objects_are_not_found(self, browser, content, page):
        for name, obj in (("cataloguemodel", content.hidden_model), ("folder", content.hidden_folder),
                          ("classifier", content.classifier)):
            assert browser.get(f"/admin/catalogue/{name}/{obj.pk}/{page}/").status_code == 404, name

    def test_a_hidden_model_cannot_be_edited_published_or_deleted(self, browser, content, admin_user):
        model = content.hidden_model
        data = model_form(admin_user, model)
        data.update(label="Taken over", readable_by_everyone="on")
        before = state()
        assert browser.post(f"/admin/catalogue/cataloguemodel/{model.pk}/change/", data).status_code == 404
        # "Save as new" is an add: refused for want of editor on any folder, whatever the id.
        assert browser.post(f"/admin/catalogue/cataloguemodel/{model.pk}/change/",
                            {**data, "_saveasnew": "1"}).status_code == 403
        assert browser.post(f"/admin/catalogue/cataloguemodel/{model.pk}/delete/", {"post": "yes"}).status_code == 404
        for name in ("soft_delete_selected", "permanently_delete_selected", "restore_selected"):
            action(browser, "cataloguemodel", name, [model])
        assert state() == before

    def test_a_hidden_folder_cannot_be_edited_or_deleted(self, browser, content):
        folder = content.hidden_folder
        before = state()
        url = f"/admin/catalogue/folder/{folder.pk}/"
        assert browser.post(url + "change/", {"label": "Taken over", "readable_by_everyone": "on"}).status_code == 404
        assert browser.post(url + "delete/", {"post": "yes"}).status_code == 404
        action(browser, "folder", "soft_delete_selected", [folder])
        action(browser, "folder", "permanently_delete_selected", [folder])
        assert state() == before

    def test_public_content_is_read_only(self, browser, content, admin_user):
        model = content.open_model
        page = browser.get(f"/admin/catalogue/cataloguemodel/{model.pk}/change/")
        assert page.status_code == 200 and 'name="label"' not in page.content.decode()
        data = model_form(admin_user, model)
        data.update(label="Renamed")
        before = state()
        assert browser.post(f"/admin/catalogue/cataloguemodel/{model.pk}/change/", data).status_code == 403
        assert browser.post(f"/admin/catalogue/cataloguemodel/{model.pk}/delete/", {"post": "yes"}).status_code == 403
        assert browser.post(f"/admin/catalogue/folder/{content.open_folder.pk}/change/",
                            {"label": "Renamed"}).status_code == 403
        action(browser, "cataloguemodel", "soft_delete_selected", [model])
        action(browser, "folder", "soft_delete_selected", [content.open_folder])
        assert state() == before

    def test_no_model_can_be_added_without_editor_on_a_folder(self, browser, content):
        assert browser.get("/admin/catalogue/cataloguemodel/add/").status_code == 403

    def test_a_sub_folder_needs_container_admin_on_the_parent(self, browser, content):
        before = state()
        for parent in (content.open_folder, content.hidden_folder):
            response = browser.post("/admin/catalogue/folder/add/", {"label": "Planted", "parent_folder": parent.pk})
            assert response.status_code == 200  # the form refuses
        assert state() == before

    def test_a_root_folder_may_be_created_and_its_creator_administers_it(self, browser, app_admin):
        assert browser.post("/admin/catalogue/folder/add/", {"label": "Mine"}).status_code == 302
        folder = m.Folder.objects.get(label="Mine")
        assert browser.get(f"/admin/catalogue/folder/{folder.pk}/change/").status_code == 200
        assert SecurableResourceGroupRole.objects.filter(securable_resource_id=folder.pk,
                                                         user_group__members=app_admin,
                                                         group_role__name="container_admin").exists()

    def test_authorities_are_for_site_administrators(self, browser):
        authority = m.Authority.default()
        assert browser.get("/admin/catalogue/authority/").status_code == 200
        assert browser.get("/admin/catalogue/authority/add/").status_code == 403
        assert browser.post(f"/admin/catalogue/authority/{authority.pk}/change/",
                            {"label": "Mine", "url": "https://evil.example.net"}).status_code == 403
        authority.refresh_from_db()
        assert authority.url != "https://evil.example.net"


class TestWithGrants:
    def test_an_editor_edits_and_soft_deletes_but_does_not_remove_or_restore(self, browser, app_admin, content,
                                                                             admin_user):
        grant(app_admin, "editor", content.hidden_folder)
        model = content.hidden_model
        data = model_form(admin_user, model)
        data.update(label="Edited", readable_by_everyone="on")
        assert browser.post(f"/admin/catalogue/cataloguemodel/{model.pk}/change/", data).status_code == 302
        model.refresh_from_db()
        assert model.label == "Edited" and model.readable_by_everyone
        assert browser.post(f"/admin/catalogue/cataloguemodel/{model.pk}/delete/", {"post": "yes"}).status_code == 403
        before = state()
        action(browser, "cataloguemodel", "permanently_delete_selected", [model, content.open_model])
        assert state() == before  # one refused → none removed
        action(browser, "cataloguemodel", "soft_delete_selected", [model])
        model.refresh_from_db()
        assert model.deleted
        action(browser, "cataloguemodel", "restore_selected", [model])
        model.refresh_from_db()
        assert model.deleted

    def test_an_author_changes_only_the_description(self, browser, app_admin, content, admin_user):
        grant(app_admin, "author", content.hidden_model)
        model = content.hidden_model
        page = browser.get(f"/admin/catalogue/cataloguemodel/{model.pk}/change/").content.decode()
        assert 'name="description"' in page and 'name="label"' not in page
        data = model_form(admin_user, model)
        data.update(label="Renamed", description="Words", readable_by_everyone="on")
        assert browser.post(f"/admin/catalogue/cataloguemodel/{model.pk}/change/", data).status_code == 302
        model.refresh_from_db()
        assert (model.label, model.description, model.readable_by_everyone) == ("Hidden model", "Words", False)

    def test_moving_a_model_needs_container_admin_on_the_destination(self, browser, app_admin, content, admin_user):
        grant(app_admin, "editor", content.hidden_folder)
        model = content.hidden_model
        data = model_form(admin_user, model)
        before = state()
        for destination in (content.open_folder, make_folder("Elsewhere", user=content.owner)):
            response = browser.post(f"/admin/catalogue/cataloguemodel/{model.pk}/change/",
                                    {**data, "folder": destination.pk})
            assert response.status_code == 200  # the form refuses
        assert state()["models"] == before["models"]

    def test_adding_a_model_needs_editor_on_its_folder(self, browser, app_admin, content, admin_user):
        grant(app_admin, "editor", content.hidden_folder)
        data = model_form(admin_user, content.hidden_model)
        data = {key: value for key, value in data.items() if not key.endswith(("INITIAL_FORMS", "TOTAL_FORMS"))
                and "-" not in key}
        data.update({f"{prefix}-{field}": value for prefix in ("dataclass", "dataelement", "datatype")
                     for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))})
        response = browser.post("/admin/catalogue/cataloguemodel/add/", {**data, "label": "Planted",
                                                                         "folder": content.open_folder.pk})
        assert response.status_code == 200 and not m.CatalogueModel.objects.filter(label="Planted").exists()
        response = browser.post("/admin/catalogue/cataloguemodel/add/", {**data, "label": "Mine",
                                                                         "folder": content.hidden_folder.pk})
        assert response.status_code == 302, response.content.decode()[:3000]
        assert m.CatalogueModel.objects.get(label="Mine").folder == content.hidden_folder


@pytest.mark.parametrize("role, enters", [
    (None, False), (ApplicationRole.CONTAINER_GROUP_ADMIN, False), (ApplicationRole.GROUP_ADMIN, False),
    (ApplicationRole.USER_ADMIN, False), (ApplicationRole.APPLICATION_ADMIN, True), (ApplicationRole.SITE_ADMIN, True),
])
def test_only_application_and_site_administrators_are_staff(db, role, enters):
    user = make_role_user("someone@example.com", role) if role else make_user("someone@example.com")
    browser = Client()
    browser.force_login(user)
    response = browser.get("/admin/catalogue/folder/")
    assert (response.status_code == 200) is enters
    if not enters:
        assert "/admin/login/" in response["Location"]


def test_the_folder_picker_offers_only_readable_folders(browser, content):
    response = browser.get("/admin/autocomplete/", {"app_label": "catalogue", "model_name": "cataloguemodel",
                                                    "field_name": "folder", "term": "folder"})
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Open folder"]
