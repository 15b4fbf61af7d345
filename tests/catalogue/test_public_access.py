"""The public access switches: `PUT` turns readByEveryone / readByAuthenticated on, `DELETE` turns it off."""

import uuid

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from catalogue import models as m
from tests.catalogue.factories import make_data_model, make_folder
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(user):
    return make_folder("Work", user=user)


@pytest.fixture
def model(user, folder):
    return make_data_model("Patients", folder=folder, user=user)


class TestDataModel:
    def test_everyone_switch_opens_the_model_to_anonymous_readers(self, user_client, model):
        anonymous = APIClient()
        assert anonymous.get(f"/api/dataModels/{model.pk}").status_code == 404
        response = user_client.put(f"/api/dataModels/{model.pk}/readByEveryone", format="json")
        assert response.status_code == 200
        assert response.json()["id"] == str(model.pk) and response.json()["readableByEveryone"] is True
        assert anonymous.get(f"/api/dataModels/{model.pk}").status_code == 200
        assert m.Edit.objects.filter(resource_id=model.pk, title="UPDATE").exists()

        response = user_client.delete(f"/api/dataModels/{model.pk}/readByEveryone")
        assert response.status_code == 200 and response.json()["readableByEveryone"] is False
        assert anonymous.get(f"/api/dataModels/{model.pk}").status_code == 404

    def test_authenticated_switch(self, user_client, other_user, model):
        other = logged_in_client(other_user)
        assert other.get(f"/api/dataModels/{model.pk}").status_code == 404
        response = user_client.put(f"/api/dataModels/{model.pk}/readByAuthenticated", format="json")
        assert response.status_code == 200 and response.json()["readableByAuthenticatedUsers"] is True
        assert other.get(f"/api/dataModels/{model.pk}").status_code == 200
        assert APIClient().get(f"/api/dataModels/{model.pk}").status_code == 404

    def test_finalised_model_can_still_be_shared(self, user_client, user, folder):
        final = make_data_model("Final", folder=folder, user=user, finalised=True, model_version="1.0.0",
                                date_finalised=timezone.now())
        response = user_client.put(f"/api/dataModels/{final.pk}/readByEveryone", format="json")
        assert response.status_code == 200
        final.refresh_from_db()
        assert final.readable_by_everyone is True

    def test_reader_is_refused_and_nothing_changes(self, other_user, model):
        model.readable_by_authenticated_users = True
        model.save()
        response = logged_in_client(other_user).put(f"/api/dataModels/{model.pk}/readByEveryone", format="json")
        assert response.status_code == 403
        model.refresh_from_db()
        assert model.readable_by_everyone is False

    def test_anonymous_unknown_and_wrong_method(self, user_client, model):
        public = make_data_model("Open", readable_by_everyone=True)
        assert APIClient().put(f"/api/dataModels/{public.pk}/readByEveryone", format="json").status_code == 401
        assert user_client.put(f"/api/dataModels/{uuid.uuid4()}/readByEveryone", format="json").status_code == 404
        assert user_client.put("/api/dataModels/not-an-id/readByEveryone", format="json").status_code == 404
        assert user_client.get(f"/api/dataModels/{model.pk}/readByEveryone").status_code == 404
        public.refresh_from_db()
        assert public.readable_by_everyone is True


class TestFolder:
    def test_switches_on_and_off(self, user_client, folder):
        response = user_client.put(f"/api/folders/{folder.pk}/readByEveryone", format="json")
        assert response.status_code == 200 and response.json()["readableByEveryone"] is True
        assert APIClient().get(f"/api/folders/{folder.pk}").status_code == 200
        response = user_client.put(f"/api/folders/{folder.pk}/readByAuthenticated", format="json")
        assert response.json()["readableByAuthenticatedUsers"] is True
        response = user_client.delete(f"/api/folders/{folder.pk}/readByEveryone")
        assert response.status_code == 200 and response.json()["readableByEveryone"] is False
        folder.refresh_from_db()
        assert (folder.readable_by_everyone, folder.readable_by_authenticated_users) == (False, True)

    def test_refusals(self, user_client, other_user, folder):
        assert APIClient().put(f"/api/folders/{folder.pk}/readByEveryone", format="json").status_code == 401
        assert logged_in_client(other_user).put(f"/api/folders/{folder.pk}/readByEveryone",
                                                format="json").status_code == 404
        assert user_client.put(f"/api/folders/{uuid.uuid4()}/readByEveryone", format="json").status_code == 404
        folder.refresh_from_db()
        assert folder.readable_by_everyone is False
