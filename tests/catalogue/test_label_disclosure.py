"""A label taken by an object the caller cannot read stays taken (Mauro's uniqueness rules), but the 422 says only
that the label is not available: never the other object's id, owner, folder, authority or version."""

import pytest

from catalogue import models as m
from catalogue.services.labels import label_not_available
from tests.catalogue.factories import make_classifier, make_data_model, make_folder

pytestmark = pytest.mark.django_db


def _assert_not_available(response, domain_type, label, *, hidden):
    """422 with exactly the agreed sentence, and nothing of the hidden object anywhere in the body."""
    assert response.status_code == 422, response.content
    body = response.json()
    message = f"Property [label] of class [{domain_type}] with value [{label}] is not available"
    assert body["errors"] == [{"message": message, "field": "label"}]
    assert body["message"] == message
    text = response.content.decode()
    for secret in hidden:
        assert str(secret) not in text


def test_the_message_builder_names_only_the_label():
    assert label_not_available("Plans", domain_type="Folder") == (
        "Property [label] of class [Folder] with value [Plans] is not available")
    assert label_not_available("k", domain_type="Metadata", field="key") == (
        "Property [key] of class [Metadata] with value [k] is not available")


class TestFolders:
    def test_a_label_of_another_users_private_root_folder(self, user_client, other_user):
        hidden = make_folder("Secret plans", user=other_user, description="theirs")
        response = user_client.post("/api/folders", {"label": "Secret plans"}, format="json")
        _assert_not_available(response, "Folder", "Secret plans", hidden=[hidden.pk, other_user.email_address])
        assert list(m.Folder.objects.values_list("pk", flat=True)) == [hidden.pk]

    def test_renaming_onto_it(self, user_client, user, other_user):
        hidden = make_folder("Secret plans", user=other_user)
        mine = make_folder("Mine", user=user)
        response = user_client.put(f"/api/folders/{mine.pk}", {"label": "Secret plans"}, format="json")
        _assert_not_available(response, "Folder", "Secret plans", hidden=[hidden.pk, other_user.email_address])
        mine.refresh_from_db()
        assert mine.label == "Mine"

    def test_moving_to_the_root_beside_it(self, user_client, user, other_user):
        hidden = make_folder("Secret plans", user=other_user)
        parent = make_folder("Parent", user=user)
        child = make_folder("Secret plans", user=user, parent=parent)
        response = user_client.put(f"/api/folders/{child.pk}/folder/root", format="json")
        _assert_not_available(response, "Folder", "Secret plans", hidden=[hidden.pk, other_user.email_address])
        child.refresh_from_db()
        assert child.parent_folder_id == parent.pk


class TestClassifiers:
    def test_a_label_of_a_private_classifier(self, user_client, other_user):
        hidden = make_classifier("Restricted", user=other_user, description="theirs")
        response = user_client.post("/api/classifiers", {"label": "Restricted"}, format="json")
        _assert_not_available(response, "Classifier", "Restricted", hidden=[hidden.pk, other_user.email_address])
        assert m.Classifier.objects.count() == 1

    def test_renaming_onto_it(self, user_client, user, other_user):
        hidden = make_classifier("Restricted", user=other_user)
        mine = make_classifier("Mine", user=user)
        response = user_client.put(f"/api/classifiers/{mine.pk}", {"label": "Restricted"}, format="json")
        _assert_not_available(response, "Classifier", "Restricted", hidden=[hidden.pk])
        mine.refresh_from_db()
        assert mine.label == "Mine"

    def test_creating_one_to_attach_to_an_item(self, user_client, user, other_user):
        hidden = make_classifier("Restricted", user=other_user)
        model = make_data_model("Tagged", user=user)
        response = user_client.post(f"/api/dataModels/{model.pk}/classifiers", {"label": "Restricted"},
                                    format="json")
        _assert_not_available(response, "Classifier", "Restricted", hidden=[hidden.pk])
        assert not m.ClassifierLink.objects.exists()


class TestDataModels:
    def test_a_label_of_another_users_private_model(self, user_client, user, other_user):
        hidden = make_data_model("Payroll", user=other_user, folder=make_folder("Their folder", user=other_user))
        mine = make_folder("My folder", user=user)
        response = user_client.post(f"/api/folders/{mine.pk}/dataModels", {"label": "Payroll"}, format="json")
        _assert_not_available(response, "DataModel", "Payroll",
                              hidden=[hidden.pk, other_user.email_address, "Their folder", hidden.branch_name,
                                      m.Authority.default().label])
        assert list(m.CatalogueModel.objects.values_list("pk", flat=True)) == [hidden.pk]

    def test_renaming_onto_it(self, user_client, user, other_user):
        hidden = make_data_model("Payroll", user=other_user)
        model = make_data_model("Mine", user=user)
        response = user_client.put(f"/api/dataModels/{model.pk}", {"label": "Payroll"}, format="json")
        _assert_not_available(response, "DataModel", "Payroll", hidden=[hidden.pk, m.Authority.default().label])
        model.refresh_from_db()
        assert model.label == "Mine"
