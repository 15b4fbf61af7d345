"""The benchmark workload generator: the shapes of M and L, seeded repeatability, batches within limits."""

import pytest
from django.db import connection

from benchmarks.workloads import POSTGRES_MAX_PARAMS, WORKLOADS, Shape, _level_sizes, batch_size, generate
from catalogue import models as m
from catalogue.services.deletion import permanently_delete_folder

pytestmark = pytest.mark.django_db


def test_reference_shapes_match_the_quality_bar():
    medium, large = WORKLOADS["M"], WORKLOADS["L"]
    assert (medium.classes, medium.depth, medium.elements, medium.enumeration_types, medium.values_per_enumeration,
            medium.primitive_types, medium.metadata_per_element) == (200, 3, 10_000, 50, 20, 100, 2)
    assert (large.classes, large.elements, large.enumeration_types, large.primitive_types) == (2000, 100_000, 500, 1000)
    assert large.values_per_enumeration == 20 and large.metadata_per_element == 2
    assert medium.rows == 31_351 and large.rows == 313_501
    assert _level_sizes(200, 3) == [8, 32, 160]


@pytest.mark.parametrize("total", [1, 2, 3, 7, 25, 200, 2000])
def test_classes_are_spread_over_at_most_three_levels(total):
    sizes = _level_sizes(total, 3)
    assert sum(sizes) == total and 1 <= len(sizes) <= 3 and all(size > 0 for size in sizes)


def test_generated_model_has_the_shape_it_was_asked_for():
    shape = WORKLOADS["M"].scaled(0.02)
    result = generate(shape, label="Sample", created_by="someone@example.com")
    model = result.model
    assert m.DataClass.objects.filter(model=model).count() == shape.classes == 4
    assert m.DataElement.objects.filter(model=model).count() == shape.elements == 200
    assert m.DataType.objects.filter(model=model, kind=m.DataTypeKind.ENUMERATION).count() == 1
    assert m.DataType.objects.filter(model=model, kind=m.DataTypeKind.PRIMITIVE).count() == 2
    assert m.EnumerationValue.objects.filter(model=model).count() == 20
    assert m.Metadata.objects.filter(model=model).count() == 400
    assert result.rows == shape.rows
    roots = m.DataClass.objects.filter(model=model, parent_data_class__isnull=True).count()
    deepest = m.DataClass.objects.filter(model=model, parent_data_class__parent_data_class__isnull=False).count()
    assert roots >= 1 and deepest >= 1
    assert not m.DataElement.objects.filter(model=model).exclude(data_type__model=model).exists()
    assert m.Folder.objects.get(pk=model.folder_id).created_by == "someone@example.com"


def test_same_seed_gives_the_same_rows_and_another_seed_different_ones():
    shape = Shape(classes=5, elements=30, enumeration_types=2, values_per_enumeration=2, primitive_types=2)

    def snapshot(seed):
        model = generate(shape, label="Repeat", seed=seed).model
        rows = (sorted(m.DataElement.objects.filter(model=model).values_list("pk", "label", "data_type_id",
                                                                             "description")),
                sorted(m.Metadata.objects.filter(model=model).values_list("pk", "value")))
        permanently_delete_folder(folder=m.Folder.objects.get(pk=model.folder_id))
        return model.pk, rows

    first, again, other = snapshot(7), snapshot(7), snapshot(8)
    assert first == again
    assert first[0] != other[0]


def test_batches_stay_within_the_database_parameter_limit():
    limit = connection.features.max_query_params or POSTGRES_MAX_PARAMS
    for table in (m.DataClass, m.DataElement, m.DataType, m.EnumerationValue, m.Metadata):
        columns = len(table._meta.concrete_fields)
        assert 1 <= batch_size(table) * columns <= limit
