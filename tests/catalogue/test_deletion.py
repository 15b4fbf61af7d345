"""Permanent deletion is set-based: the query count does not grow with the model's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from catalogue.services.deletion import permanently_delete_folder, permanently_delete_models
from tests.catalogue.factories import make_data_model, make_folder, populate_model

pytestmark = pytest.mark.django_db


def _delete_count(size):
    model = populate_model(make_data_model(f"Model {size}"), classes=size, elements_per_class=size)
    with CaptureQueriesContext(connection) as queries:
        permanently_delete_models(model_ids=[model.pk])
    return len(queries)


def test_permanent_delete_removes_everything_of_the_model_only():
    keep = populate_model(make_data_model("Keep"))
    gone = populate_model(make_data_model("Gone"))
    permanently_delete_models(model_ids=[gone.pk])
    assert not m.CatalogueModel.objects.filter(pk=gone.pk).exists()
    for table in (m.DataClass, m.DataElement, m.DataType, m.EnumerationValue, m.Metadata):
        assert not table.objects.filter(model_id=gone.pk).exists()
        assert table.objects.filter(model_id=keep.pk).exists()


def test_permanent_delete_query_count_is_fixed():
    assert _delete_count(3) == _delete_count(30)


def test_folder_delete_removes_sub_folders_and_their_models():
    top = make_folder("Top")
    sub = make_folder("Sub", parent=top)
    model = populate_model(make_data_model("Inside", folder=sub))
    other = make_data_model("Elsewhere")
    permanently_delete_folder(folder=top)
    assert not m.Folder.objects.filter(pk__in=[top.pk, sub.pk]).exists()
    assert not m.CatalogueModel.objects.filter(pk=model.pk).exists()
    assert m.CatalogueModel.objects.filter(pk=other.pk).exists()
