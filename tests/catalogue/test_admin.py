"""The operators' admin: pages load for an administrator, finalised models are view-only, big models open
fast, and the actions go through the set-based services."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from tests.catalogue.factories import make_data_model, make_folder, populate_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site(admin_user):
    browser = Client()
    browser.force_login(admin_user)
    return browser


def change_url(obj, name):
    return f"/admin/catalogue/{name}/{obj.pk}/change/"


@pytest.fixture
def content(user):
    folder = make_folder("Admin folder", user=user)
    model = populate_model(make_data_model("Admin model", folder=folder, user=user))
    classifier = m.Classifier.objects.create(label="Admin classifier")
    return {"folder": folder, "cataloguemodel": model, "classifier": classifier, "authority": m.Authority.default()}


@pytest.mark.parametrize("name", ["folder", "cataloguemodel", "classifier", "authority"])
def test_changelist_and_change_pages_load(admin_site, content, name):
    response = admin_site.get(f"/admin/catalogue/{name}/")
    assert response.status_code == 200
    assert str(content[name]) in response.content.decode()
    response = admin_site.get(change_url(content[name], name))
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["?finalised__exact=1", "?deleted__exact=0", "?model_type=Data+Standard",
                                   "?q=Admin", "?folder__id__exact={folder}"])
def test_model_filters_and_search(admin_site, content, query):
    response = admin_site.get("/admin/catalogue/cataloguemodel/" + query.format(folder=content["folder"].pk))
    assert response.status_code == 200


def test_users_who_are_not_administrators_are_sent_to_login(user):
    browser = Client()
    browser.force_login(user)
    response = browser.get("/admin/catalogue/cataloguemodel/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_model_page_shows_content_read_only(admin_site, content):
    page = admin_site.get(change_url(content["cataloguemodel"], "cataloguemodel")).content.decode()
    assert "data elements (first 25)" in page.lower()
    assert "4 data classes, 20 data elements, 3 data types" in page
    assert 'name="label"' in page  # a draft is editable


def test_finalised_model_page_is_read_only(admin_site, user):
    model = make_data_model("Final", user=user, finalised=True, model_version="1.0.0")
    page = admin_site.get(change_url(model, "cataloguemodel")).content.decode()
    assert 'name="label"' not in page and 'name="_save"' not in page
    response = admin_site.post(change_url(model, "cataloguemodel"), {"label": "Changed"})
    assert response.status_code == 403
    model.refresh_from_db()
    assert model.label == "Final"


def test_model_page_query_count_does_not_grow_with_the_model(admin_site, user):
    def queries(model):
        with CaptureQueriesContext(connection) as captured:
            assert admin_site.get(change_url(model, "cataloguemodel")).status_code == 200
        return len(captured)

    small = populate_model(make_data_model("Small", user=user), classes=3, elements_per_class=3)
    large = populate_model(make_data_model("Large", user=user), classes=30, elements_per_class=30)
    queries(small)  # warm the per-process caches (content types, permissions)
    assert queries(small) == queries(large)
    page = admin_site.get(change_url(large, "cataloguemodel"))
    assert submitted_form(page)["dataelement-INITIAL_FORMS"] == 25


def submitted_form(page):
    """What a browser would send back from a change page: the main form's values plus every inline's
    management form and hidden row ids."""
    data = {}
    form = page.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value is not None:
                    data[row.add_prefix(name)] = value
    return data


def test_editing_a_draft_records_an_edit(admin_site, content):
    model = content["cataloguemodel"]
    data = submitted_form(admin_site.get(change_url(model, "cataloguemodel")))
    assert data["dataelement-INITIAL_FORMS"] == 20
    data.update(label="Renamed", model_type="Data Asset")
    response = admin_site.post(change_url(model, "cataloguemodel"), data)
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.label == "Renamed"
    assert m.Edit.objects.filter(resource_id=model.pk, title="UPDATE",
                                 description__contains="[label] changed from [Admin model] to [Renamed]").exists()


def _action(admin_site, name, action, objs):
    return admin_site.post(f"/admin/catalogue/{name}/", {"action": action,
                                                          "_selected_action": [str(o.pk) for o in objs]})


def test_soft_delete_and_restore_actions(admin_site, user):
    a, b = make_data_model("A", user=user), make_data_model("B", user=user)
    assert _action(admin_site, "cataloguemodel", "soft_delete_selected", [a, b]).status_code == 302
    assert m.CatalogueModel.objects.filter(deleted=True).count() == 2
    assert _action(admin_site, "cataloguemodel", "restore_selected", [a]).status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert not a.deleted and b.deleted
    assert m.Edit.objects.filter(resource_id=a.pk, description="[DataModel:A] restored").exists()


def test_permanent_delete_action_is_set_based(admin_site, user):
    def delete_queries(model):
        with CaptureQueriesContext(connection) as captured:
            assert _action(admin_site, "cataloguemodel", "permanently_delete_selected", [model]).status_code == 302
        return len(captured)

    warm = make_data_model("Warm-up", user=user)
    small = populate_model(make_data_model("Small", user=user), classes=3, elements_per_class=3)
    large = populate_model(make_data_model("Large", user=user), classes=30, elements_per_class=30)
    delete_queries(warm)
    assert delete_queries(small) == delete_queries(large)
    assert not m.CatalogueModel.objects.exists() and not m.DataElement.objects.exists()


def test_delete_from_the_change_page_uses_the_service(admin_site, content):
    model = content["cataloguemodel"]
    url = f"/admin/catalogue/cataloguemodel/{model.pk}/delete/"
    assert admin_site.get(url).status_code == 200
    assert admin_site.post(url, {"post": "yes"}).status_code == 302
    assert not m.CatalogueModel.objects.filter(pk=model.pk).exists()
    assert not m.DataClass.objects.filter(model_id=model.pk).exists()


def test_folder_actions_cascade(admin_site, user):
    top = make_folder("Top", user=user)
    model = make_data_model("Inside", folder=make_folder("Sub", parent=top, user=user), user=user)
    _action(admin_site, "folder", "soft_delete_selected", [top])
    model.refresh_from_db()
    assert model.deleted and m.Folder.objects.filter(deleted=True).count() == 2
    _action(admin_site, "folder", "restore_selected", [top])
    model.refresh_from_db()
    assert not model.deleted and not m.Folder.objects.filter(deleted=True).exists()
    url = f"/admin/catalogue/folder/{top.pk}/delete/"
    assert admin_site.get(url).status_code == 200
    assert admin_site.post(url, {"post": "yes"}).status_code == 302
    assert not m.Folder.objects.exists() and not m.CatalogueModel.objects.exists()


def test_default_authority_cannot_be_deleted_in_the_admin(admin_site):
    default = m.Authority.default()
    assert admin_site.get(f"/admin/catalogue/authority/{default.pk}/delete/").status_code == 403
