"""The demo catalogue: loaded once by bootstrap, readable by everyone, a realistic shape."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from catalogue.demo import DEMO_FOLDER, ensure_demo_catalogue

pytestmark = pytest.mark.django_db


def test_loads_once_and_is_idempotent():
    assert ensure_demo_catalogue() is True
    counts = {table: table.objects.count() for table in (m.Folder, m.CatalogueModel, m.DataClass, m.DataElement,
                                                         m.DataType, m.EnumerationValue, m.Metadata)}
    assert ensure_demo_catalogue() is False
    assert counts == {table: table.objects.count() for table in counts}


def test_content_has_the_promised_shape():
    ensure_demo_catalogue()
    folder = m.Folder.objects.get(label=DEMO_FOLDER, parent_folder__isnull=True)
    assert folder.readable_by_everyone
    models = {x.label: x for x in m.DataModel.objects.filter(folder=folder)}
    assert {x.model_type for x in models.values()} == {"Data Standard", "Data Asset"}
    for model in models.values():
        assert m.DataClass.objects.filter(model=model, parent_data_class__isnull=False).exists()
        kinds = set(m.DataType.objects.filter(model=model).values_list("kind", flat=True))
        assert kinds == {"PrimitiveType", "EnumerationType"}
        assert m.EnumerationValue.objects.filter(model=model).exists()
        assert m.Metadata.objects.filter(model=model, catalogue_item_id=model.pk).exists()
        elements = m.DataElement.objects.filter(model=model).select_related("data_type", "data_class")
        assert elements and all(e.data_type.model_id == model.pk and e.data_class.model_id == model.pk
                                for e in elements)


def test_bulk_inserts_keep_the_statement_count_small():
    with CaptureQueriesContext(connection) as queries:
        ensure_demo_catalogue()
    assert len(queries) < 30


def test_anyone_can_browse_it_through_the_api(client):
    ensure_demo_catalogue()
    folders = client.get("/api/folders").json()
    assert [f["label"] for f in folders["items"]] == [DEMO_FOLDER]
    models = client.get(f"/api/folders/{folders['items'][0]['id']}/dataModels").json()
    assert models["count"] == 2
    shown = client.get(f"/api/dataModels/{models['items'][0]['id']}").json()
    assert shown["availableActions"] == ["show"] and shown["classifiers"][0]["label"] == "Demo content"


def test_bootstrap_command_loads_the_demo(capsys):
    call_command("bootstrap")
    assert "Loaded the demo catalogue." in capsys.readouterr().out
    call_command("bootstrap")
    assert "Demo catalogue already present." in capsys.readouterr().out
    assert m.DataModel.objects.count() == 2
    call_command("bootstrap", "--no-demo")


def test_admin_owns_the_demo(admin_client):
    ensure_demo_catalogue()
    folder = m.Folder.objects.get(label=DEMO_FOLDER)
    assert "delete" in admin_client.get(f"/api/folders/{folder.pk}").json()["availableActions"]
