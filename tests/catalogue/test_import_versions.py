"""Import parameters that version: finalised, importAsNewDocumentationVersion, importAsNewBranchModelVersion."""

import pytest

from catalogue import models as m
from tests.catalogue.factories import make_folder
from tests.catalogue.test_import_api import fixture_bytes, post_import, table_counts

pytestmark = pytest.mark.django_db

SIMPLE = "Simple Test DataModel"


@pytest.fixture
def folder(user):
    return make_folder("Versions", user=user)


def imported(response):
    assert response.status_code == 201, response.json()
    [item] = response.json()["items"]
    return item, m.DataModel.objects.get(pk=item["id"])


def test_finalised_import_gets_the_first_model_version(user_client, folder):
    item, model = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"), finalised=True))
    assert model.finalised and model.date_finalised is not None
    assert (model.model_version, item["path"], item["modelVersion"]) == ("1.0.0", f"dm:{SIMPLE}$1.0.0", "1.0.0")


def test_finalised_import_of_an_existing_label_needs_a_new_branch_version(user_client, folder):
    imported(post_import(user_client, folder, fixture_bytes("simpleDataModel")))
    before = table_counts()
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"), finalised=True)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "finalised"
    assert table_counts() == before
    assert not m.DataModel.objects.get(label=SIMPLE).finalised


def test_new_documentation_version_of_a_finalised_model(user_client, folder):
    _, first = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"), finalised=True))
    item, second = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"),
                                        importAsNewDocumentationVersion=True))
    assert item["documentationVersion"] == "2.0.0"
    assert not second.finalised and second.branch_name == "main"
    link = m.VersionLink.objects.get(source_model=second)
    assert (link.target_model_id, link.link_type) == (first.pk, m.VersionLinkType.NEW_DOCUMENTATION_VERSION_OF)


def test_new_documentation_version_finalises_the_latest_draft(user_client, folder):
    _, first = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel")))
    item, second = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"),
                                        importAsNewDocumentationVersion=True))
    first.refresh_from_db()
    assert first.finalised and first.model_version == "1.0.0" and first.date_finalised is not None
    assert item["documentationVersion"] == "2.0.0"
    assert m.VersionLink.objects.filter(source_model=second, target_model=first).exists()


def test_new_documentation_version_without_an_existing_model_is_a_plain_import(user_client, folder):
    item, model = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"),
                                       importAsNewDocumentationVersion=True, importAsNewBranchModelVersion=True))
    assert item["documentationVersion"] == "1.0.0"
    assert not m.VersionLink.objects.exists()


def test_new_branch_model_version_of_a_finalised_model(user_client, folder):
    _, first = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"), finalised=True))
    item, branch = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"),
                                        importAsNewBranchModelVersion=True))
    assert (item["branchName"], item["path"]) == ("main", f"dm:{SIMPLE}$main")
    assert not branch.finalised and branch.model_version is None
    link = m.VersionLink.objects.get(source_model=branch)
    assert (link.target_model_id, link.link_type) == (first.pk, m.VersionLinkType.NEW_MODEL_VERSION_OF)


def test_new_named_branch_and_a_taken_branch_name(user_client, folder):
    _, first = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"), finalised=True))
    item, branch = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"),
                                        importAsNewBranchModelVersion=True, newBranchName="functionalTest"))
    assert (item["branchName"], item["path"]) == ("functionalTest", f"dm:{SIMPLE}$functionalTest")
    before = table_counts()
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"),
                           importAsNewBranchModelVersion=True, newBranchName="functionalTest")
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == f"Property [label] of class [DataModel] with value [{SIMPLE}] " \
                                                      "is not available"
    assert table_counts() == before


def test_new_main_branch_finalises_the_current_main_draft(user_client, folder):
    _, draft = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel")))
    _, branch = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"),
                                     importAsNewBranchModelVersion=True))
    draft.refresh_from_db()
    assert draft.finalised and draft.model_version == "1.0.0"
    assert branch.branch_name == "main" and not branch.finalised
    assert m.VersionLink.objects.filter(source_model=branch, target_model=draft).exists()


def test_finalised_new_branch_version_takes_the_next_major_version(user_client, folder):
    imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"), finalised=True))
    item, second = imported(post_import(user_client, folder, fixture_bytes("simpleDataModel"),
                                        importAsNewBranchModelVersion=True, finalised=True))
    assert (item["modelVersion"], item["path"], item["documentationVersion"]) == (
        "2.0.0", f"dm:{SIMPLE}$2.0.0", "1.0.0")
    assert second.finalised


def test_a_model_finalised_in_the_file_stays_finalised(user_client, folder):
    item, model = imported(post_import(user_client, folder, fixture_bytes("simpleFinalised"), finalised=False))
    assert model.finalised
    assert model.date_finalised.isoformat().startswith("2021-01-11T14:56:15.600")
    assert item["modelVersion"] == "1.0.0"


def test_bad_branch_name_is_422(user_client, folder):
    response = post_import(user_client, folder, fixture_bytes("simpleDataModel"),
                           importAsNewBranchModelVersion=True, newBranchName="bad$branch")
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "newBranchName"


def test_a_file_holding_two_versions_of_one_model_as_documentation_versions(user_client, folder):
    from tests.catalogue.test_import_api import mauro_document

    document = mauro_document("Twice", extra_models=["Twice"])
    response = post_import(user_client, folder, document, importAsNewDocumentationVersion=True)
    assert response.status_code == 201, response.json()
    first, second = (m.DataModel.objects.get(pk=item["id"]) for item in response.json()["items"])
    assert (first.finalised, first.model_version, first.documentation_version) == (True, "1.0.0", "1.0.0")
    assert (second.finalised, second.documentation_version) == (False, "2.0.0")
    assert m.VersionLink.objects.filter(source_model=second, target_model=first).exists()
