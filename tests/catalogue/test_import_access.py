"""What an import may see and touch: only models and classifiers the importer may read (and, for the version
options, edit); facets are attributed to the importer, whatever the file says.

Labels of models and classifiers stay unique across what a caller cannot read (paths depend on them), so a
taken label is a 422 saying only that the label is not available.
"""

import pytest

from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from catalogue.services.deletion import permanently_delete_models
from tests.catalogue.factories import make_classifier, make_data_model, make_folder
from tests.catalogue.test_import_api import mauro_document, post_import, table_counts
from tests.conftest import logged_in_client, make_user

pytestmark = pytest.mark.django_db

LABEL = "Shared label"
NOT_AVAILABLE = f"Property [label] of class [DataModel] with value [{LABEL}] is not available"
OPTIONS = [{}, {"importAsNewDocumentationVersion": True}, {"importAsNewBranchModelVersion": True}]
OPTION_IDS = ["no option", "new documentation version", "new branch model version"]


@pytest.fixture
def folder(user):
    return make_folder("Mine", user=user)


@pytest.fixture
def owner(db):
    return make_user("owner@example.com")


def document(label=LABEL):
    """A file whose model names no authority, so it lands on the default one like models made in the catalogue."""
    built = mauro_document(label)
    del built["dataModel"]["authority"]
    return built


def private_model(owner, *, label=LABEL, **fields):
    return make_data_model(label, folder=make_folder("Private", user=owner), user=owner, **fields)


def grant(user, model, role):
    group = UserGroup.objects.create(name=f"{role} on {model.label}")
    group.members.add(user)
    SecurableResourceGroupRole.objects.create(user_group=group, group_role=GroupRole.objects.get(name=role),
                                              securable_resource_id=model.pk,
                                              securable_resource_domain_type="DataModel")


def model_state(model):
    return m.CatalogueModel.objects.filter(pk=model.pk).values(
        "label", "finalised", "model_version", "date_finalised", "documentation_version", "branch_name",
        "last_updated").get()


def assert_not_available(response, label=LABEL, domain_type="DataModel"):
    assert response.status_code == 422, response.json()
    message = f"Property [label] of class [{domain_type}] with value [{label}] is not available"
    assert message in [error["message"] for error in response.json()["errors"]]


# --- version matching never reaches a model the importer cannot read -------------------------------------

@pytest.mark.parametrize("options", OPTIONS, ids=OPTION_IDS)
def test_a_private_draft_with_the_label_is_neither_found_nor_finalised(user_client, folder, owner, options):
    theirs = private_model(owner, description="their private notes")
    before, counts = model_state(theirs), table_counts()
    response = post_import(user_client, folder, document(), **options)
    assert_not_available(response)
    assert [error["message"] for error in response.json()["errors"]] == [NOT_AVAILABLE]
    text = response.content.decode()
    assert str(theirs.pk) not in text and owner.email_address not in text and "1.0.0" not in text
    assert model_state(theirs) == before
    assert table_counts() == counts


def test_a_private_finalised_model_is_not_the_base_of_a_new_version(user_client, folder, owner):
    theirs = private_model(owner, finalised=True, model_version="1.0.0")
    before = model_state(theirs)
    for options in ({"importAsNewDocumentationVersion": True}, {"importAsNewBranchModelVersion": True}):
        response = post_import(user_client, folder, document(), **options)
        assert response.status_code == 201, response.json()
        mine = m.DataModel.objects.get(pk=response.json()["items"][0]["id"])
        assert (mine.documentation_version, mine.finalised, mine.branch_name) == ("1.0.0", False, "main")
        assert not m.VersionLink.objects.filter(target_model=theirs).exists()
        assert model_state(theirs) == before
        permanently_delete_models(model_ids=[mine.pk])


def test_a_finalised_import_whose_version_a_private_model_holds_is_not_available(user_client, folder, owner):
    theirs = private_model(owner, finalised=True, model_version="1.0.0")
    before, counts = model_state(theirs), table_counts()
    response = post_import(user_client, folder, document(), finalised=True)
    assert_not_available(response)
    assert model_state(theirs) == before
    assert table_counts() == counts


# --- readable but not editable: the version options are refused --------------------------------------------

@pytest.mark.parametrize("options", OPTIONS[1:], ids=OPTION_IDS[1:])
def test_a_readable_draft_the_importer_may_not_edit_is_not_finalised(user, user_client, folder, owner, options):
    theirs = private_model(owner)
    grant(user, theirs, "reader")
    before, counts = model_state(theirs), table_counts()
    response = post_import(user_client, folder, document(), **options)
    assert response.status_code == 403, response.json()
    assert model_state(theirs) == before
    assert table_counts() == counts


def test_a_readable_finalised_model_is_not_the_base_of_a_version_without_the_right(user, user_client, folder,
                                                                                   owner):
    theirs = private_model(owner, finalised=True, model_version="1.0.0")
    grant(user, theirs, "author")
    counts = table_counts()
    response = post_import(user_client, folder, document(), importAsNewBranchModelVersion=True)
    assert response.status_code == 403, response.json()
    assert table_counts() == counts


def test_a_readable_draft_with_the_label_still_takes_it(user, user_client, folder, owner):
    theirs = private_model(owner)
    grant(user, theirs, "reader")
    before = model_state(theirs)
    assert_not_available(post_import(user_client, folder, document()))
    assert model_state(theirs) == before


# --- editable: the options act as Mauro's -----------------------------------------------------------------

def test_an_editable_draft_is_finalised_by_a_new_documentation_version(user, user_client, folder, owner):
    theirs = private_model(owner)
    grant(user, theirs, "editor")
    response = post_import(user_client, folder, document(), importAsNewDocumentationVersion=True)
    assert response.status_code == 201, response.json()
    theirs.refresh_from_db()
    assert (theirs.finalised, theirs.model_version) == (True, "1.0.0")
    mine = m.DataModel.objects.get(pk=response.json()["items"][0]["id"])
    assert mine.documentation_version == "2.0.0"
    assert m.VersionLink.objects.filter(source_model=mine, target_model=theirs).exists()


def test_an_administrator_versions_any_model(admin_client, admin_user, owner):
    theirs = private_model(owner)
    response = post_import(admin_client, make_folder("Admin's", user=admin_user), document(),
                           importAsNewBranchModelVersion=True)
    assert response.status_code == 201, response.json()
    theirs.refresh_from_db()
    assert theirs.finalised


# --- classifiers -----------------------------------------------------------------------------------------

def with_classifier(document, label, *, where="model"):
    node = document["dataModel"]
    if where == "element":
        node = node["childDataClasses"][0]["dataElements"][0]
    node["classifiers"] = [{"id": "x", "label": label, "description": "from the file"}]
    return document


@pytest.mark.parametrize("where", ["model", "element"])
def test_a_private_classifier_is_not_linked_and_its_label_is_not_available(user_client, folder, owner, where):
    private = make_classifier("Private classifier", user=owner)
    counts = table_counts()
    response = post_import(user_client, folder, with_classifier(mauro_document("Classified"), "Private classifier",
                                                                where=where))
    assert_not_available(response, "Private classifier", "Classifier")
    assert str(private.pk) not in response.content.decode()
    assert not m.ClassifierLink.objects.filter(classifier=private).exists()
    assert table_counts() == counts


def test_a_readable_classifier_is_linked_and_a_new_label_is_made(user_client, folder, owner, user):
    public = make_classifier("Public classifier", user=owner, readable_by_everyone=True)
    document = with_classifier(mauro_document("Classified"), "Public classifier")
    document["dataModel"]["classifiers"].append({"label": "Brand new"})
    response = post_import(user_client, folder, document)
    assert response.status_code == 201, response.json()
    model_id = response.json()["items"][0]["id"]
    linked = set(m.ClassifierLink.objects.filter(catalogue_item_id=model_id).values_list("classifier__label",
                                                                                        flat=True))
    assert linked == {"Public classifier", "Brand new"}
    assert m.Classifier.objects.get(label="Public classifier") == public
    assert m.Classifier.objects.get(label="Brand new").created_by == user.email_address


# --- authorship --------------------------------------------------------------------------------------------

def test_imported_facets_are_attributed_to_the_importer(user, user_client, folder, owner):
    document = mauro_document("Authored")
    node = document["dataModel"]
    node["annotations"] = [{"label": "Question", "description": "?", "createdBy": owner.email_address,
                            "childAnnotations": [{"description": "reply", "createdBy": owner.email_address}]}]
    node["rules"] = [{"name": "Rule", "createdBy": owner.email_address,
                      "ruleRepresentations": [{"language": "sql", "representation": "select 1"}]}]
    node["metadata"] = [{"namespace": "n", "key": "k", "value": "v", "createdBy": owner.email_address}]
    response = post_import(user_client, folder, document)
    assert response.status_code == 201, response.json()
    model_id = response.json()["items"][0]["id"]
    annotations = m.Annotation.objects.filter(model_id=model_id)
    assert annotations.count() == 2
    assert {(a.created_by, a.created_by_user_id) for a in annotations} == {(user.email_address, user.pk)}
    assert set(m.Rule.objects.filter(model_id=model_id).values_list("created_by", flat=True)) == {user.email_address}
    assert set(m.RuleRepresentation.objects.filter(rule__model_id=model_id).values_list("created_by", flat=True)) == {
        user.email_address}
    assert set(m.Metadata.objects.filter(model_id=model_id).values_list("created_by", flat=True)) == {
        user.email_address}
    shown = logged_in_client(user).get(f"/api/dataModels/{model_id}/annotations").json()["items"]
    assert {item["createdBy"] for item in shown} == {user.email_address}
