"""Django's own delete of a model (instance or queryset) never leaves content pointing at nothing.

A model with content is refused with `ProtectedError` and nothing changes; an empty model goes with Django's
plain delete, which reports what it removed. The set-based removal of a model and its content is the deletion
service's (tests/catalogue/test_deletion.py).
"""

import pytest
from django.db import connection
from django.db.models import ProtectedError

from catalogue import models as m
from catalogue.services.deletion import permanently_delete_models
from tests.catalogue.factories import make_data_model, populate_model

pytestmark = pytest.mark.django_db


def _content_rows(model_id):
    return {table.__name__: table.objects.filter(model_id=model_id).count()
            for table in (m.DataClass, m.DataElement, m.DataType, m.EnumerationValue, m.Metadata)}


def test_deleting_a_model_instance_with_content_is_refused_and_changes_nothing():
    model = populate_model(make_data_model("Full"))
    before = _content_rows(model.pk)
    with pytest.raises(ProtectedError, match="DataClass.model"):
        model.delete()
    assert m.CatalogueModel.objects.filter(pk=model.pk).exists()
    assert _content_rows(model.pk) == before


def test_deleting_models_with_content_through_a_queryset_is_refused_and_changes_nothing():
    full = populate_model(make_data_model("Full"))
    empty = make_data_model("Empty")
    with pytest.raises(ProtectedError):
        m.DataModel.objects.filter(pk__in=[full.pk, empty.pk]).delete()
    assert set(m.CatalogueModel.objects.filter(pk__in=[full.pk, empty.pk]).values_list("pk", flat=True)) == {
        full.pk, empty.pk}
    assert _content_rows(full.pk)["DataElement"] > 0


def test_an_empty_model_goes_with_the_plain_delete_which_counts_what_it_removed():
    model = make_data_model("Empty")
    assert model.delete() == (1, {"catalogue.DataModel": 1})
    assert not m.CatalogueModel.objects.filter(pk=model.pk).exists()


def test_the_deletion_service_removes_a_model_with_its_content_and_leaves_no_dangling_rows():
    model = populate_model(make_data_model("Full"))
    permanently_delete_models(model_ids=[model.pk])
    connection.check_constraints()  # deferred foreign keys are checked now, not at a commit the test never makes
    assert not m.CatalogueModel.objects.filter(pk=model.pk).exists()
    assert set(_content_rows(model.pk).values()) == {0}
