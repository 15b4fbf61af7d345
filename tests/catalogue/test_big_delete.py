"""Permanent delete at scale: a model of more than 70,000 items goes in as many queries as a tiny one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.workloads import Shape, generate
from catalogue import models as m
from catalogue.services.deletion import permanently_delete_models

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="PostgreSQL only: the 70,000-item scale check is for the production database; "
                              "test_deletion.py covers the same code on small models everywhere"),
]

TINY = Shape(classes=1, depth=1, elements=1, enumeration_types=1, values_per_enumeration=1, primitive_types=1,
             metadata_per_element=1)
#: 1,000 classes + 66,000 elements + 150 enumerations of 20 values + 500 primitives = 70,650 items,
#: and one metadata entry per element: 136,651 rows in all.
BIG = Shape(classes=1000, elements=66_000, enumeration_types=150, values_per_enumeration=20, primitive_types=500,
            metadata_per_element=1)

TABLES = (m.DataClass, m.DataElement, m.DataType, m.EnumerationValue, m.Metadata)


def rows_of(model_id):
    return {table.__name__: table.objects.filter(model_id=model_id).count() for table in TABLES}


def delete_counting_queries(model_id):
    with CaptureQueriesContext(connection) as captured:
        permanently_delete_models(model_ids=[model_id])
    connection.check_constraints()  # deferred foreign keys are checked now, not at a commit the test never makes
    return len(captured)


def test_deleting_a_model_of_more_than_70000_items_removes_it_all_in_a_fixed_number_of_queries():
    assert BIG.items > 70_000
    bystander = generate(TINY, label="Bystander").model
    tiny = generate(TINY, label="Tiny", seed=2).model
    big = generate(BIG, label="Big", seed=3).model
    assert sum(rows_of(big.pk).values()) == BIG.rows - 1

    tiny_queries = delete_counting_queries(tiny.pk)
    big_queries = delete_counting_queries(big.pk)

    assert big_queries == tiny_queries
    for model in (tiny, big):
        assert not m.CatalogueModel.objects.filter(pk=model.pk).exists()
        assert set(rows_of(model.pk).values()) == {0}
    assert not m.Metadata.objects.filter(catalogue_item_domain_type="DataElement").exclude(
        model_id=bystander.pk).exists()
    assert all(count > 0 for count in rows_of(bystander.pk).values())
