"""Export of data models as Mauro's JSON export document, read with one query per table.

Whatever the size of the models, an export reads the classes, elements, types, enumeration values and
each kind of facet of all the requested models in one query each, then assembles the document in
memory. Keys and their order follow Mauro's exporter (format 3.2), so the file imports into Mauro and
back here unchanged. Rules and model data type targets, which Mauro's data model export leaves out,
are written in the same style so nothing is lost on a round trip through this product. Semantic links,
reference files, version links and edits are not part of the format (they name other items by id).

A document holds only what the exporting user may read, as the API shows it: classifiers are attached to
items of the model but are permissioned on their own, so only readable ones are written (filtered in their
one query). The operators' command line exports everything (`unrestricted`).
"""

import json
import re
import secrets
from collections import defaultdict
from datetime import UTC, datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import timezone

from accounts.access import readable_classifiers, readable_models
from catalogue import models as m
from catalogue.providers import DATA_MODEL_JSON_EXPORTER
from config.api.serializers import mauro_datetime


def _rows(queryset):
    """The rows of a `values_list` query as the driver returns them, skipping Django's per-value converters
    (on SQLite ids come back as hex text and timestamps as text; `_ids` and `_Timestamps` handle both).
    A filter that can match nothing (say, no readable classifier) is no query at all."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _dashed(value):
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


def _raw_id(value):
    """A model's pk in the form the driver returns ids, to join the rows above."""
    return value if connection.features.has_native_uuid_field else value.hex


class _Timestamps:
    """Mauro-formatted timestamps, formatted once per distinct value (imports share one per model)."""

    def __init__(self):
        self.cache = {}

    def __call__(self, value):
        if value is None:
            return None
        text = self.cache.get(value)
        if text is None:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
            if timezone.is_naive(moment):
                moment = moment.replace(tzinfo=UTC)
            text = self.cache[value] = mauro_datetime(moment)
        return text


class _Readable:
    """What the exporting user may read among the things a model points at outside itself (as querysets to
    filter in the one query that loads them)."""

    def __init__(self, user, *, unrestricted=False):
        self.user, self.unrestricted = user, unrestricted

    def classifiers(self):
        queryset = m.Classifier.objects.all()
        return queryset if self.unrestricted else readable_classifiers(self.user, queryset)

    def models(self):
        queryset = m.CatalogueModel.objects.all()
        return queryset if self.unrestricted else readable_models(self.user, queryset)


class _Facets:
    """Every facet of the exported models, grouped by the item they belong to (one query per kind)."""

    def __init__(self, model_ids, stamp, readable):
        self.stamp = stamp
        self.metadata = defaultdict(list)
        for item_id, pk, namespace, key, value, updated in _rows(m.Metadata.objects.filter(
                model_id__in=model_ids).order_by("date_created", "id").values_list(
                "catalogue_item_id", "id", "namespace", "key", "value", "last_updated")):
            self.metadata[item_id].append({"id": _dashed(pk), "namespace": namespace, "key": key, "value": value,
                                           "lastUpdated": stamp(updated)})
        self.classifiers = defaultdict(list)
        links = m.ClassifierLink.objects.filter(model_id__in=model_ids, classifier__in=readable.classifiers())
        for item_id, pk, label, description, updated in _rows(links.order_by("date_created", "id").values_list(
                "catalogue_item_id", "classifier_id", "classifier__label", "classifier__description",
                "classifier__last_updated")):
            entry = {"id": _dashed(pk), "label": label, "lastUpdated": stamp(updated)}
            if description:
                entry["description"] = description
            self.classifiers[item_id].append(entry)
        self.annotations = self._annotations(model_ids)
        self.rules = self._rules(model_ids)

    def _annotations(self, model_ids):
        rows = _rows(m.Annotation.objects.filter(model_id__in=model_ids).order_by("date_created", "id").values_list(
            "id", "catalogue_item_id", "parent_annotation_id", "label", "description", "created_by", "last_updated"))
        children = defaultdict(list)
        for row in rows:
            if row[2] is not None:
                children[row[2]].append(row)

        def build(row, top):
            pk, _, _, label, description, created_by, updated = row
            entry = {"id": _dashed(pk), "createdBy": created_by, "lastUpdated": self.stamp(updated)}
            if top:
                entry["label"] = label
            if description:
                entry["description"] = description
            if children.get(pk):
                entry["childAnnotations"] = [build(child, False) for child in children[pk]]
            return entry

        grouped = defaultdict(list)
        for row in rows:
            if row[2] is None:
                grouped[row[1]].append(build(row, True))
        return grouped

    def _rules(self, model_ids):
        representations = defaultdict(list)
        for rule_id, pk, language, text, updated in _rows(m.RuleRepresentation.objects.filter(
                rule__model_id__in=model_ids).order_by("date_created", "id").values_list(
                "rule_id", "id", "language", "representation", "last_updated")):
            representations[rule_id].append({"id": _dashed(pk), "language": language, "representation": text,
                                             "lastUpdated": self.stamp(updated)})
        grouped = defaultdict(list)
        for pk, item_id, name, description, created_by, updated in _rows(m.Rule.objects.filter(
                model_id__in=model_ids).order_by("date_created", "id").values_list(
                "id", "catalogue_item_id", "name", "description", "created_by", "last_updated")):
            entry = {"id": _dashed(pk), "createdBy": created_by, "lastUpdated": self.stamp(updated), "name": name}
            if description:
                entry["description"] = description
            if representations.get(pk):
                entry["ruleRepresentations"] = representations[pk]
            grouped[item_id].append(entry)
        return grouped

    def add(self, entry, item_id):
        """Mauro's order: classifiers, metadata, annotations (then rules) after the item's base fields."""
        for key, source in (("classifiers", self.classifiers), ("metadata", self.metadata),
                            ("annotations", self.annotations), ("rules", self.rules)):
            found = source.get(item_id)
            if found:
                entry[key] = found
        return entry


def _base(pk, label, description, aliases_string, updated, stamp):
    entry = {"id": _dashed(pk), "label": label}
    if description:
        entry["description"] = description
    if aliases_string:
        entry["aliases"] = [a for a in aliases_string.split("|") if a]
    entry["lastUpdated"] = stamp(updated)
    return entry


def _multiplicities(entry, minimum, maximum):
    if maximum is not None:
        entry["maxMultiplicity"] = maximum
    if minimum is not None:
        entry["minMultiplicity"] = minimum
    return entry


ITEM_COLUMNS = ("id", "model_id", "label", "description", "aliases_string", "last_updated", "index")


class _ModelContents:
    """Classes, elements, types and values of all exported models (one query each)."""

    def __init__(self, model_ids, facets, stamp, readable, *, markers=None):
        self.facets, self.stamp, self.markers, self.readable = facets, stamp, markers, readable
        self.classes = _rows(m.DataClass.objects.filter(model_id__in=model_ids).order_by("index", "label", "id")
                             .values_list(*ITEM_COLUMNS, "parent_data_class_id", "min_multiplicity",
                                          "max_multiplicity"))
        self.class_label = {row[0]: (row[2], row[7]) for row in self.classes}
        self.children = defaultdict(list)
        for row in self.classes:
            self.children[row[7] or row[1]].append(row)
        self.elements = defaultdict(list)
        element_rows = m.DataElement.objects.filter(model_id__in=model_ids).order_by("index", "label", "id")
        for row in _rows(element_rows.values_list(*ITEM_COLUMNS, "data_class_id", "data_type_id",
                                                  "min_multiplicity", "max_multiplicity")):
            self.elements[row[7]].append(row)
        values = defaultdict(list)
        for row in _rows(m.EnumerationValue.objects.filter(model_id__in=model_ids).order_by(
                "index", "key", "id").values_list("id", "data_type_id", "key", "value", "category", "description",
                                                  "aliases_string", "last_updated", "index")):
            values[row[1]].append(self._value(row))
        types = m.DataType.objects.filter(model_id__in=model_ids).order_by("index", "label", "id")
        type_rows = _rows(types.values_list(
            *ITEM_COLUMNS, "kind", "units", "reference_class_id", "model_resource_id", "model_resource_domain_type"))
        self._load_foreign_classes([row[9] for row in type_rows if row[9] is not None])
        self.types = {}
        self.types_of_model = defaultdict(list)
        for row in type_rows:
            entry = self._type(row, values)
            self.types[row[0]] = entry
            self.types_of_model[row[1]].append(entry)

    def _load_foreign_classes(self, class_ids):
        """Reference types may point at classes of models outside the export: load their models' classes,
        when the exporting user may read those models (an unreadable target is left out of the document)."""
        missing = [pk for pk in class_ids if pk not in self.class_label]
        if missing:
            model_ids = m.DataClass.objects.filter(pk__in=missing, model__in=self.readable.models()).values("model_id")
            for pk, label, parent in _rows(m.DataClass.objects.filter(model_id__in=model_ids).values_list(
                    "id", "label", "parent_data_class_id")):
                self.class_label[pk] = (label, parent)

    def class_path(self, class_id):
        labels = []
        while class_id is not None and class_id in self.class_label:
            label, class_id = self.class_label[class_id]
            labels.append(label)
        return "|".join(reversed(labels))

    def _value(self, row):
        pk, _, key, value, category, description, aliases_string, updated, index = row
        entry = {"id": _dashed(pk), "index": index, "key": key, "value": value}
        if category:
            entry["category"] = category
        if description:
            entry["description"] = description
        if aliases_string:
            entry["aliases"] = [a for a in aliases_string.split("|") if a]
        entry["lastUpdated"] = self.stamp(updated)
        return self.facets.add(entry, pk)

    def _type(self, row, values):
        pk, _, label, description, aliases_string, updated, index, kind, units, reference, resource_id, \
            resource_domain = row
        entry = self.facets.add(_base(pk, label, description, aliases_string, updated, self.stamp), pk)
        entry["index"] = index
        entry["domainType"] = kind
        if kind == m.DataTypeKind.ENUMERATION:
            entry["enumerationValues"] = values.get(pk, [])
        elif kind == m.DataTypeKind.REFERENCE and reference is not None and reference in self.class_label:
            entry["referenceClass"] = {"id": _dashed(reference), "label": self.class_label[reference][0],
                                       "dataClassPath": self.class_path(reference)}
        elif kind == m.DataTypeKind.PRIMITIVE and units:
            entry["units"] = units
        elif kind == m.DataTypeKind.MODEL:
            if resource_id is not None:
                entry["modelResourceId"] = _dashed(resource_id)
            if resource_domain:
                entry["modelResourceDomainType"] = resource_domain
        return entry

    def _element(self, row):
        pk, _, label, description, aliases_string, updated, index, _, type_id, minimum, maximum = row
        entry = self.facets.add(_base(pk, label, description, aliases_string, updated, self.stamp), pk)
        entry["index"] = index
        data_type = self.types.get(type_id)
        entry["dataType"] = self.markers.mark(type_id, data_type) if self.markers and data_type else data_type
        return _multiplicities(entry, minimum, maximum)

    def data_class(self, row):
        pk, _, label, description, aliases_string, updated, index, _, minimum, maximum = row
        entry = self.facets.add(_base(pk, label, description, aliases_string, updated, self.stamp), pk)
        entry["index"] = index
        _multiplicities(entry, minimum, maximum)
        if self.children.get(pk):
            entry["dataClasses"] = [self.data_class(child) for child in self.children[pk]]
        if self.elements.get(pk):
            entry["dataElements"] = [self._element(element) for element in self.elements[pk]]
        return entry


def _model(model, contents, facets, stamp):
    key = _raw_id(model.pk)
    entry = facets.add(_base(model.pk, model.label, model.description, model.aliases_string, model.last_updated,
                             stamp), key)
    entry["type"] = model.model_type
    if model.author:
        entry["author"] = model.author
    if model.organisation:
        entry["organisation"] = model.organisation
    entry["documentationVersion"] = model.documentation_version
    entry["finalised"] = model.finalised
    if model.finalised and model.date_finalised:
        entry["dateFinalised"] = stamp(model.date_finalised)
    if model.model_version:
        entry["modelVersion"] = model.model_version
        if model.model_version_tag:
            entry["modelVersionTag"] = model.model_version_tag
    authority = model.authority
    entry["authority"] = {"id": str(authority.pk), "url": authority.url, "label": authority.label}
    if authority.description:
        entry["authority"]["description"] = authority.description
    if contents.types_of_model.get(key):
        entry["dataTypes"] = contents.types_of_model[key]
    roots = contents.children.get(key)
    if roots:
        entry["childDataClasses"] = [contents.data_class(row) for row in roots]
    return entry


def export_metadata(user, exporter=DATA_MODEL_JSON_EXPORTER, exported_by=None):
    if exported_by is None:
        authenticated = user is not None and user.is_authenticated
        exported_by = (user.display_name or user.email_address) if authenticated else "Anonymous User"
    return {"exportedBy": exported_by, "exportedOn": mauro_datetime(timezone.now()),
            "exporter": {"namespace": exporter.namespace, "name": exporter.name, "version": exporter.version}}


class _TypeMarkers:
    """Every element repeats its whole data type (enumeration values included), as Mauro writes it. The
    encoder writes each type once; elements carry a marker that is replaced by that text afterwards."""

    def __init__(self):
        self.token = secrets.token_hex(8)
        self.encoded = {}
        self.numbers = {}

    def mark(self, type_id, data_type):
        number = self.numbers.get(type_id)
        if number is None:
            number = self.numbers[type_id] = len(self.numbers)
            self.encoded[number] = _encode(data_type)
        return f"\x00{self.token}:{number}\x00"

    def splice(self, text):
        pattern = re.compile(r'"\\u0000' + self.token + r':(\d+)\\u0000"')
        return pattern.sub(lambda match: self.encoded[int(match.group(1))], text)


def _encode(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def export_document(*, models, user, multiple=False, exported_by=None, markers=None, unrestricted=False):
    """The export document of `models` (select `authority` with them): `dataModel` for one model,
    `dataModels` when `multiple` (the several-models route always answers a list). Holds only what `user`
    may read, unless `unrestricted` (the operators' command line)."""
    models = list(models)
    stamp = _Timestamps()
    model_ids = [model.pk for model in models]
    readable = _Readable(user, unrestricted=unrestricted)
    facets = _Facets(model_ids, stamp, readable)
    contents = _ModelContents(model_ids, facets, stamp, readable, markers=markers)
    maps = [_model(model, contents, facets, stamp) for model in models]
    body = {"dataModels": maps} if multiple else {"dataModel": maps[0]}
    body["exportMetadata"] = export_metadata(user, exported_by=exported_by)
    return body


def export_bytes(*, models, user, multiple=False, exported_by=None, unrestricted=False):
    """The export file: compact UTF-8 JSON, as Mauro writes it."""
    markers = _TypeMarkers()
    document = export_document(models=models, user=user, multiple=multiple, exported_by=exported_by,
                               markers=markers, unrestricted=unrestricted)
    return markers.splice(_encode(document)).encode("utf-8")


def export_file_name(models, exporter=DATA_MODEL_JSON_EXPORTER, *, multiple=False):
    if multiple or len(models) != 1:
        return f"dataModels.{exporter.file_extension}"
    safe = "".join(c if c.isalnum() or c in " ._-()" else "_" for c in models[0].label).strip() or "dataModel"
    return f"{safe}.{exporter.file_extension}"
