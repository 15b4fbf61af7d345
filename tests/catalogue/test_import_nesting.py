"""Nothing in an import file is dropped in silence.

The Metadata Catalogue that preceded Mauro nested classes under `childDataClasses` and elements under
`childDataElements` at every level; Mauro writes `dataClasses` / `dataElements` below the model. Both are
read at every depth. Content Mauro's exporters write that this catalogue does not store (summary metadata)
is listed in the 201 answer as `warnings`, each with its JSON path; keys no exporter writes are ignored.
"""

import json
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue import models as m
from catalogue.services.importing import import_data_models
from tests.catalogue.factories import make_folder
from tests.catalogue.test_import_api import FIXTURES, fixture_bytes, post_import, table_counts

pytestmark = pytest.mark.django_db

LEGACY = "fullModelWithClassifiers"


@pytest.fixture
def folder(user):
    return make_folder("Nesting", user=user)


def count_in_file(node, keys):
    """Items under any of `keys` anywhere below `node` (classes and elements nest; types do not hold any)."""
    total = 0
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, list):
                total += len(value)
            if key in ("childDataClasses", "dataClasses", "childDataElements", "dataElements"):
                total += sum(count_in_file(child, keys) for child in value)
    return total


ELEMENT_KEYS = {"childDataElements", "dataElements"}
CLASS_KEYS = {"childDataClasses", "dataClasses"}


# --- a real file of the Metadata Catalogue -----------------------------------------------------------------

def test_a_legacy_metadata_catalogue_file_keeps_every_element(user_client, folder):
    document = json.loads(fixture_bytes(LEGACY))
    assert document["exportMetadata"]["exporter"]["namespace"] == "ox.softeng.metadatacatalogue.core.spi.json"
    in_file = count_in_file(document["dataModel"], ELEMENT_KEYS)
    assert in_file == 164
    response = post_import(user_client, folder, fixture_bytes(LEGACY))
    assert response.status_code == 201, response.json()
    model = m.DataModel.objects.get(pk=response.json()["items"][0]["id"])
    assert m.DataElement.objects.filter(model=model).count() == in_file
    assert m.DataClass.objects.filter(model=model).count() == count_in_file(document["dataModel"], CLASS_KEYS) == 11
    attendances = m.DataClass.objects.get(model=model, label="Attendances")
    stored = list(m.DataElement.objects.filter(data_class=attendances).order_by("index").values_list("label",
                                                                                                       flat=True))
    assert stored == [e["label"] for e in document["dataModel"]["childDataClasses"][0]["childDataElements"]]
    element_ids = m.DataElement.objects.filter(model=model).values_list("pk", flat=True)
    in_file_metadata = sum(len(e.get("metadata", [])) for c in document["dataModel"]["childDataClasses"]
                           for e in c["childDataElements"])
    assert m.Metadata.objects.filter(catalogue_item_id__in=list(element_ids)).count() == in_file_metadata == 637
    assert response.json()["warnings"] == []


# --- both nestings at several depths ---------------------------------------------------------------------

def element(label, type_label="text", **extra):
    return {"id": "x", "label": label, "dataType": {"label": type_label, "domainType": "PrimitiveType"}, **extra}


def facets(tag):
    return {"metadata": [{"namespace": "test.nesting", "key": tag, "value": tag}],
            "annotations": [{"label": f"note on {tag}", "description": "?"}],
            "classifiers": [{"label": "nesting classifier"}]}


def both_nestings():
    """Four levels of classes, each level mixing both keys for classes and for elements, facets on elements."""
    deepest = {"label": "level 4", "childDataElements": [element("d1", **facets("d1"))],
               "dataElements": [element("d2")]}
    level3 = {"label": "level 3", "dataClasses": [deepest], "childDataElements": [element("c1", **facets("c1"))]}
    level2a = {"label": "level 2a", "childDataClasses": [level3], "dataElements": [element("b1")]}
    level2b = {"label": "level 2b", "childDataElements": [element("b2", **facets("b2")), element("b3")]}
    root_a = {"label": "root a", "childDataClasses": [level2a], "dataClasses": [level2b],
              "childDataElements": [element("a1", **facets("a1"))], "dataElements": [element("a2")]}
    root_b = {"label": "root b", "dataElements": [element("e1", "number")]}
    return {"dataModel": {"label": "Both nestings", "type": "Data Asset", "documentationVersion": "1.0.0",
                          "dataTypes": [{"label": "text", "domainType": "PrimitiveType"},
                                        {"label": "number", "domainType": "PrimitiveType"},
                                        {"label": "ref", "domainType": "ReferenceType",
                                         "referenceClass": {"label": "level 4",
                                                            "dataClassPath": "root a|level 2a|level 3|level 4"}}],
                          "childDataClasses": [root_a], "dataClasses": [root_b]}}


def test_both_nestings_at_every_depth_store_every_item(user_client, folder):
    document = both_nestings()
    response = post_import(user_client, folder, document)
    assert response.status_code == 201, response.json()
    model = m.DataModel.objects.get(pk=response.json()["items"][0]["id"])
    classes = {c.label: c for c in m.DataClass.objects.filter(model=model).select_related("parent_data_class")}
    assert {label: c.parent_data_class.label if c.parent_data_class else None for label, c in classes.items()} == {
        "root a": None, "root b": None, "level 2a": "root a", "level 2b": "root a", "level 3": "level 2a",
        "level 4": "level 3"}
    elements = dict(m.DataElement.objects.filter(model=model).values_list("label", "data_class__label"))
    assert elements == {"a1": "root a", "a2": "root a", "b1": "level 2a", "b2": "level 2b", "b3": "level 2b",
                        "c1": "level 3", "d1": "level 4", "d2": "level 4", "e1": "root b"}
    assert len(elements) == count_in_file(document["dataModel"], ELEMENT_KEYS)
    assert m.DataType.objects.get(model=model, label="ref").reference_class == classes["level 4"]
    element_ids = {e.label: e.pk for e in m.DataElement.objects.filter(model=model)}
    for tag in ("a1", "b2", "c1", "d1"):
        assert m.Metadata.objects.filter(catalogue_item_id=element_ids[tag], key=tag).count() == 1
        assert m.Annotation.objects.filter(catalogue_item_id=element_ids[tag]).count() == 1
        assert m.ClassifierLink.objects.filter(catalogue_item_id=element_ids[tag]).count() == 1


def test_a_label_repeated_across_the_two_keys_is_refused(user_client, folder):
    document = both_nestings()
    document["dataModel"]["dataClasses"][0]["label"] = "root a"
    document["dataModel"]["childDataClasses"][0]["dataElements"][0]["label"] = "a1"
    counts = table_counts()
    response = post_import(user_client, folder, document)
    assert response.status_code == 422
    assert {e["path"] for e in response.json()["errors"]} == {"dataModel.dataClasses[0]",
                                                              "dataModel.childDataClasses[0].dataElements[0]"}
    assert table_counts() == counts


def nested_document(depth, elements_per_level, label):
    """Classes `depth` deep, alternating the two keys, with elements under both keys at each level."""
    node = None
    for level in reversed(range(depth)):
        node_dict = {"label": f"level {level}",
                     "childDataElements": [element(f"old {level}.{e}") for e in range(elements_per_level)],
                     "dataElements": [element(f"new {level}.{e}", **facets(f"{level}.{e}"))
                                      for e in range(elements_per_level)]}
        if node is not None:
            node_dict["childDataClasses" if level % 2 else "dataClasses"] = [node]
        node = node_dict
    return {"dataModel": {"label": label, "type": "Data Asset",
                          "dataTypes": [{"label": "text", "domainType": "PrimitiveType"}],
                          "childDataClasses": [node]}}


def test_nested_files_cost_the_same_queries_whatever_their_depth(user):
    def queries(depth, per_level):
        label = f"Depth {depth} x {per_level} ({m.Folder.objects.count()})"
        folder = make_folder(label, user=user)
        with CaptureQueriesContext(connection) as captured:
            result = import_data_models(content=nested_document(depth, per_level, label), folder=folder, user=user)
        [model] = result.models
        assert m.DataElement.objects.filter(model=model).count() == 2 * depth * per_level
        return len(captured)

    queries(2, 1)  # the first import makes the default authority and the classifier
    assert queries(2, 1) == queries(12, 4)


# --- known content that is not stored is reported, unknown keys are ignored ---------------------------------

SUMMARY = [{"label": "Value Distribution", "summaryMetadataType": "MAP",
            "summaryMetadataReports": [{"reportDate": "2021-01-01T00:00:00Z", "reportValue": "{}"}]}]


def test_known_content_that_is_not_stored_is_listed_as_skipped(user_client, folder, caplog):
    document = both_nestings()
    model = document["dataModel"]
    model["summaryMetadata"] = SUMMARY
    model["childDataClasses"][0]["summaryMetadata"] = SUMMARY
    model["childDataClasses"][0]["childDataElements"][0]["summaryMetadata"] = SUMMARY
    model["dataTypes"][0]["summaryMetadata"] = SUMMARY
    model["childDataClasses"][0]["dataElements"][0]["semanticLinks"] = [{"linkType": "Refines"}]
    model["someFutureKey"] = {"anything": 1}
    model["childDataClasses"][0]["notAMauroKey"] = [1, 2]
    with caplog.at_level(logging.WARNING, logger="catalogue.services.importing"):
        response = post_import(user_client, folder, document)
    assert response.status_code == 201, response.json()
    warnings = response.json()["warnings"]
    assert [(w["path"], w["key"]) for w in warnings] == [
        ("dataModel.summaryMetadata", "summaryMetadata"),
        ("dataModel.dataTypes[0].summaryMetadata", "summaryMetadata"),
        ("dataModel.childDataClasses[0].summaryMetadata", "summaryMetadata"),
        ("dataModel.childDataClasses[0].childDataElements[0].summaryMetadata", "summaryMetadata"),
        ("dataModel.childDataClasses[0].dataElements[0].semanticLinks", "semanticLinks"),
    ]
    assert all(w["message"] for w in warnings)
    assert response.json()["warningsTotal"] == 5
    assert "dataModel.childDataClasses[0].childDataElements[0].summaryMetadata" in caplog.text
    assert m.DataElement.objects.filter(model_id=response.json()["items"][0]["id"]).count() == 9


def test_a_file_without_unstored_content_has_no_warnings(user_client, folder):
    response = post_import(user_client, folder, (FIXTURES / "complexDataModel.json").read_bytes())
    assert response.status_code == 201
    assert (response.json()["warnings"], response.json()["warningsTotal"]) == ([], 0)


def test_the_import_command_lists_what_it_skipped(user, capsys, tmp_path):
    from django.core.management import call_command

    document = both_nestings()
    document["dataModel"]["childDataClasses"][0]["childDataElements"][0]["summaryMetadata"] = SUMMARY
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(document))
    folder = make_folder("Shell", user=user)
    call_command("import_models", str(path), "--folder", str(folder.pk), "--user", user.email_address,
                 "--no-progress")
    assert m.DataElement.objects.filter(model__label="Both nestings").count() == 9
    assert "skipped dataModel.childDataClasses[0].childDataElements[0].summaryMetadata" in capsys.readouterr().err


def test_skipped_parts_beyond_the_reported_maximum_are_counted(user, monkeypatch):
    from catalogue.services import importing

    monkeypatch.setattr(importing, "MAX_REPORTED_WARNINGS", 2)
    document = nested_document(3, 2, "Many summaries")
    node = document["dataModel"]["childDataClasses"][0]
    for element_node in node["childDataElements"] + node["dataElements"]:
        element_node["summaryMetadata"] = SUMMARY
    result = import_data_models(content=document, folder=make_folder("Summaries", user=user), user=user)
    assert (len(result.warnings), result.warnings_total) == (2, 4)
