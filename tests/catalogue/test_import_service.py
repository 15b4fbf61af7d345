"""The import service in sets: a fixed number of queries, batches within the parameter limits, all or nothing."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from catalogue.services import importing
from catalogue.services.importing import ImportOptions, import_data_models, parse_import_file, rows_per_statement
from config.api.errors import BadRequest, Unprocessable
from tests.catalogue.factories import make_folder
from tests.catalogue.test_import_api import mauro_document, table_counts

pytestmark = pytest.mark.django_db


def _import_queries(user, label, **size):
    folder = make_folder(f"Folder {label}", user=user)
    document = mauro_document(label, **size)
    with CaptureQueriesContext(connection) as queries:
        [model] = import_data_models(content=document, folder=folder, user=user).models
    return len(queries), model


def test_import_query_count_does_not_grow_with_the_model(user):
    # The larger model still fits one statement per table (see the batching test for bigger ones).
    elements = min(40, rows_per_statement(len(importing.ELEMENT_FIELDS)) // 25)
    _import_queries(user, "Warm up")  # the first import also makes the authorities
    small, _ = _import_queries(user, "Small", classes=2, elements_per_class=2, metadata_per_element=1)
    large, model = _import_queries(user, "Large", classes=12, elements_per_class=elements, enumerations=5,
                                   values_per_enum=20, primitives=10, metadata_per_element=2)
    assert m.DataElement.objects.filter(model=model).count() == 24 * elements
    assert small == large


def test_tables_larger_than_a_statement_are_split_within_the_limits(user, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS_PER_STATEMENT", 7)
    folder = make_folder("Batched", user=user)
    with CaptureQueriesContext(connection) as queries:
        [model] = import_data_models(content=mauro_document("Batched", classes=5, elements_per_class=6),
                                     folder=folder, user=user).models
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "catalogue_dataelement"')]
    assert len(inserts) == 9  # 60 elements, 7 per statement
    assert m.DataElement.objects.filter(model=model).count() == 60
    assert m.Metadata.objects.filter(model=model).count() == 60
    limit = importing.parameter_limit()
    assert all(q["sql"].count("%s") <= limit and q["sql"].count("?") <= limit for q in queries)


def test_parameter_limit_matches_the_database():
    limit = importing.parameter_limit()
    if connection.vendor == "postgresql":
        assert limit == 65535
    else:
        assert limit >= 999
    assert rows_per_statement(13) * 13 <= limit


def test_a_database_failure_mid_write_leaves_nothing(user, monkeypatch):
    folder = make_folder("Failing", user=user)
    real_insert = importing.BulkWriter.insert

    def failing_insert(self, model, fields, rows):
        if model is m.Metadata:
            raise IntegrityError("simulated failure after classes, types and elements were written")
        return real_insert(self, model, fields, rows)

    monkeypatch.setattr(importing.BulkWriter, "insert", failing_insert)
    before = table_counts()
    with pytest.raises(IntegrityError):
        import_data_models(content=mauro_document("Half written"), folder=folder, user=user)
    assert table_counts() == before


def test_ids_are_new_and_follow_the_file_order(user):
    folder = make_folder("Ordered ids", user=user)
    [model] = import_data_models(content=mauro_document("Ordered", classes=3), folder=folder, user=user).models
    ids = list(m.Metadata.objects.filter(model=model).values_list("id", flat=True))
    assert sorted(ids) == list(m.Metadata.objects.filter(model=model).order_by("date_created", "id")
                                .values_list("id", flat=True))
    keys = [(md.catalogue_item_id, md.key) for md in m.Metadata.objects.filter(model=model).order_by("id")]
    assert len(set(keys)) == len(keys)
    assert all(str(pk)[14] == "7" for pk in ids)  # version 7 (time-ordered) UUIDs


def test_option_overrides_and_errors_through_the_service(user):
    folder = make_folder("Options", user=user)
    with pytest.raises(Unprocessable) as refused:
        import_data_models(content=mauro_document("Options"), folder=folder, user=user,
                           options=ImportOptions(model_name="", organisation="o" * 256))
    assert {e["path"] for e in refused.value.errors} == {"modelName", "organisation"}
    assert not m.DataModel.objects.exists()


def test_errors_beyond_the_reported_maximum_are_counted(user, monkeypatch):
    monkeypatch.setattr(importing, "MAX_REPORTED_ERRORS", 5)
    document = mauro_document(classes=4, elements_per_class=5, nested=False)
    for node in document["dataModel"]["childDataClasses"]:
        for element in node["dataElements"]:
            element["label"] = ""
    with pytest.raises(Unprocessable) as refused:
        import_data_models(content=document, folder=make_folder("Many", user=user), user=user)
    assert refused.value.extra["total"] == 20
    assert len(refused.value.errors) == 5


def test_text_after_the_document_is_ignored_but_a_cut_document_is_not():
    assert parse_import_file(b'{"dataModel": {"label": "x"}}\n}, "trailing": 1}') == {"dataModel": {"label": "x"}}
    with pytest.raises(BadRequest):
        parse_import_file(b'{"dataModel": {"label": "x"')
    with pytest.raises(BadRequest):
        parse_import_file(b"[" * 100000)


def test_embedded_types_are_shared_not_repeated():
    document = parse_import_file(json_bytes(mauro_document(classes=2, elements_per_class=4)))
    types = {t["label"]: t for t in document["dataModel"]["dataTypes"]}
    for node in document["dataModel"]["childDataClasses"]:
        for element in node["dataElements"]:
            assert element["dataType"] is types[element["dataType"]["label"]]


def json_bytes(document):
    import json

    return json.dumps(document).encode()
