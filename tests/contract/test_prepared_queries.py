"""Prepared queries (config.prepared) answer what the ORM answers, compile once per connection, bind every value."""

import uuid

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from accounts.access import readable_models
from catalogue import models as m
from config.prepared import PreparedQuery, counting, uuid_text
from tests.catalogue.factories import make_data_class, make_data_model, make_data_type, make_folder
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_models(db):
    folder = make_folder("Folder")
    first, second = make_data_model("First", folder=folder), make_data_model("Second", folder=folder)
    for model in (first, second):
        for n, label in enumerate(["b", "a", "c", "é"]):
            make_data_class(model, f"{label} of {model.label}", index=3 - n, min_multiplicity=n or None)
    return first, second


CLASSES = PreparedQuery(lambda: m.DataClass.objects.all(),
                        lambda classes, model: classes.filter(model_id=model).values_list("pk", "label", "index",
                                                                                          "min_multiplicity"))


def orm_rows(model, *ordering):
    return [list(row) for row in m.DataClass.objects.filter(model_id=model.pk).order_by(*ordering)
            .values_list("pk", "label", "index", "min_multiplicity")]


@pytest.mark.parametrize("ordering", [("label", "pk"), ("-index", "pk"), ("min_multiplicity", "-label", "pk")])
def test_rows_are_the_orms_in_every_order(two_models, ordering):
    for model in two_models:
        assert [list(row) for row in CLASSES.ordered(ordering).rows(model=model.pk)] == orm_rows(model, *ordering)


@pytest.mark.parametrize("offset,limit", [(0, 2), (1, 2), (3, 10), (2, None), (9, 1)])
def test_pages_are_the_orms_slices(two_models, offset, limit):
    first, _ = two_models
    expected = orm_rows(first, "label", "pk")[offset:None if limit is None else offset + limit]
    assert [list(row) for row in CLASSES.ordered(("label", "pk")).rows(model=first.pk, offset=offset,
                                                                       limit=limit)] == expected


COUNT = PreparedQuery(lambda: m.DataClass.objects.all(),
                      lambda classes, model: counting(classes.filter(model_id=model)))


def test_counts_and_values_given_as_text(two_models):
    first, _ = two_models
    assert COUNT.value(model=str(first.pk)) == 4
    assert COUNT.value(model=uuid.uuid4()) == 0


def test_a_list_compiles_once_per_length(two_models):
    first, second = two_models
    labels = PreparedQuery(lambda: m.DataClass.objects.all(), lambda classes, models: classes.filter(
        model__pk__in=models).order_by("label").values_list("label"))
    assert [row[0] for row in labels.rows(models=[first.pk, second.pk])] == list(
        m.DataClass.objects.order_by("label").values_list("label", flat=True))
    assert [row[0] for row in labels.rows(models=[second.pk])] == list(
        m.DataClass.objects.filter(model=second).order_by("label").values_list("label", flat=True))


def test_ids_as_text_are_what_str_of_the_orms_uuid_gives(two_models):
    first, _ = two_models
    as_text = PreparedQuery(lambda: m.DataClass.objects.all(),
                            lambda classes, model: classes.filter(model_id=model).order_by("pk")
                            .values_list("pk", "model_id", "parent_data_class_id"), text_ids=True)
    expected = [[str(pk), str(model), None] for pk, model, _ in
                m.DataClass.objects.filter(model_id=first.pk).order_by("pk").values_list("pk", "model_id",
                                                                                        "parent_data_class_id")]
    assert [list(row) for row in as_text.rows(model=first.pk)] == expected


@pytest.mark.parametrize("value", [uuid.UUID("0123456789abcdef0123456789abcdef"), "0123456789ABCDEF0123456789ABCDEF",
                                   "01234567-89ab-cdef-0123-456789abcdef", None])
def test_uuid_text_of_any_stored_form(value):
    assert uuid_text(value) == (None if value is None else "01234567-89ab-cdef-0123-456789abcdef")


def test_objects_are_the_orms_with_what_select_related_loads(two_models):
    first, _ = two_models
    models = PreparedQuery(lambda: m.CatalogueModel.objects.all(),
                           lambda queryset, pk: queryset.filter(pk=pk).select_related("folder", "authority")[:1])
    found = models.first(pk=first.pk)
    expected = m.CatalogueModel.objects.select_related("folder", "authority").get(pk=first.pk)
    assert [getattr(found, f.attname) for f in m.CatalogueModel._meta.concrete_fields] == \
        [getattr(expected, f.attname) for f in m.CatalogueModel._meta.concrete_fields]
    with CaptureQueriesContext(connection) as queries:
        assert (found.folder.label, found.authority.label) == ("Folder", expected.authority.label)
    assert len(queries) == 0
    assert models.first(pk=uuid.uuid4()) is None


def test_compiled_once_then_only_run(two_models, monkeypatch):
    first, second = two_models
    query = PreparedQuery(lambda: m.DataType.objects.all(),
                          lambda types, model: types.filter(model_id=model).values_list("label"))
    make_data_type(first, "one")
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k))
    with CaptureQueriesContext(connection) as queries:
        answers = [query.rows(model=model.pk) for model in (first, second, first)]
    assert answers == [[("one",)], [], [("one",)]]
    assert (len(compiled), len(queries)) == (1, 3)


def test_readable_runs_the_prepared_query_only_when_the_policy_hides_nothing(two_models):
    first, second = two_models
    second.readable_by_everyone = True
    second.save()
    query = PreparedQuery(lambda: m.CatalogueModel.objects.all(), lambda models, pk: models.filter(pk=pk))
    admin, reader = make_user("admin@example.com", admin=True), make_user("someone@example.com")
    assert [x.pk for x in query.readable(readable_models, admin, pk=first.pk)] == [first.pk]
    assert query.readable(readable_models, reader, pk=first.pk) == []
    assert [x.pk for x in query.readable(readable_models, reader, pk=second.pk)] == [second.pk]


def test_a_parameter_must_be_compared_with_a_field():
    query = PreparedQuery(lambda: m.DataClass.objects.all(), lambda classes, model: classes.all())
    with pytest.raises(ValueError, match="model"):
        query.rows(model=uuid.uuid4())
