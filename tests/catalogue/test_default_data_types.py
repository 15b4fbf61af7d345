"""Default data type providers: the list the new-model wizard offers, and creating a model that starts with one
provider's data types (`POST /api/folders/{id}/dataModels?defaultDataTypeProvider=<name>`)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from tests.catalogue.factories import make_folder

pytestmark = pytest.mark.django_db

URL = "/api/dataModels/providers/defaultDataTypeProviders"


def test_logged_in_callers_get_the_providers_as_a_bare_array(user_client):
    response = user_client.get(URL)
    assert response.status_code == 200
    providers = response.json()
    assert [(p["name"], p["displayName"], p["version"]) for p in providers] == [
        ("DataTypeService", "Basic Default DataTypes", "1.0.0"),
        ("ProfileSpecificationDataTypeProvider", "Profile Specification DataTypes", "1.0.0")]
    assert set(providers[0]) == {"name", "version", "displayName", "dataTypes"}
    assert providers[0]["dataTypes"][0] == {"domainType": "PrimitiveType", "label": "Text",
                                            "description": "A piece of text"}
    assert [t["label"] for t in providers[1]["dataTypes"]] == [
        "boolean", "string", "text", "int", "decimal", "date", "datetime", "time", "folder", "model", "json"]


def test_anonymous_callers_must_log_in(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["status"] == 401


def _create(api, folder, provider=None, body=None):
    query = f"?defaultDataTypeProvider={provider}" if provider is not None else ""
    return api.post(f"/api/folders/{folder.pk}/dataModels{query}", body or {"label": "Wizard model"}, format="json")


def test_a_model_created_with_a_provider_starts_with_its_types(user_client, user):
    folder = make_folder("Wizard", user=user)
    with CaptureQueriesContext(connection) as captured:
        response = _create(user_client, folder, "ProfileSpecificationDataTypeProvider")
    assert response.status_code == 201, response.content
    model_id = response.json()["id"]
    inserts = [q["sql"] for q in captured if q["sql"].startswith('INSERT INTO "catalogue_datatype"')]
    assert len(inserts) == 1  # the types are written in one set
    types = user_client.get(f"/api/dataModels/{model_id}/dataTypes?all=true").json()
    assert types["count"] == 11
    string = next(t for t in types["items"] if t["label"] == "string")
    assert string["domainType"] == "PrimitiveType"
    assert string["description"] == "short variable-length character string (plain-text)"
    assert [t.index for t in m.DataType.objects.filter(model_id=model_id).order_by("index")] == list(range(11))


def test_without_a_provider_or_with_an_empty_one_the_model_has_no_types(user_client, user):
    folder = make_folder("Plain", user=user)
    first = _create(user_client, folder)
    second = _create(user_client, folder, "", {"label": "Second"})
    assert first.status_code == second.status_code == 201
    assert not m.DataType.objects.exists()


def test_an_unknown_provider_is_a_422_and_nothing_is_stored(user_client, user):
    folder = make_folder("Refused", user=user)
    models_before, edits_before = m.CatalogueModel.objects.count(), m.Edit.objects.count()
    response = _create(user_client, folder, "NoSuchProvider")
    assert response.status_code == 422
    body = response.json()
    assert body["total"] == 1 and body["errors"][0]["message"] == \
        "Unknown default data type provider [NoSuchProvider]"
    assert m.CatalogueModel.objects.count() == models_before and m.Edit.objects.count() == edits_before
    assert not m.DataType.objects.exists()


def test_rights_and_bad_bodies_come_before_the_provider(client, user_client, user, other_user):
    folder = make_folder("Mine", user=user)
    assert _create(client, folder, "DataTypeService").status_code == 401
    hidden = make_folder("Theirs", user=other_user)
    assert _create(user_client, hidden, "DataTypeService").status_code == 404
    assert _create(user_client, folder, "NoSuchProvider", {"label": ""}).status_code == 422
    assert _create(user_client, folder, "DataTypeService", {"description": "no label"}).status_code == 400
    assert not m.DataType.objects.exists()
