"""Import of data models from Mauro's JSON export format, in sets.

The file is read once into plain rows: every node is checked once, every problem is collected with the
JSON path of the offending item, ids in the file are ignored (new ones are made here) and references
inside the file (element → type by label, reference type → class by label path) are resolved in memory.
Only when the whole file is valid is anything written, in one transaction: one INSERT per table per
batch (PostgreSQL: one array per column through UNNEST; SQLite: multi-row VALUES sized to its limit on
bound parameters). A failure at any point (a bad file, a constraint, a killed worker) leaves the
database as it was.

Every format version the exporter has written (2.0 to 3.2) has the same shape; older files simply lack
some `index` values, which default to the order in the file. The Metadata Catalogue that preceded Mauro
nested classes under `childDataClasses` and elements under `childDataElements` at every level, where Mauro
writes `dataClasses` / `dataElements` below the model: both names are read at every level, so no item is
lost. Content that this catalogue does not store (summary metadata, which Mauro's exporters write; semantic
links and reference files, which Mauro's importer reads) is reported as skipped, with its JSON path, in the
result and the log; keys no exporter writes are ignored, as Mauro does.

What already exists is seen through the importer's rights: version options only ever match models the
importer may read, and act on them (finalising, versioning) only with the editor role; classifiers are
linked only when readable. Labels stay unique across everything, so a label held by an object the importer
cannot read is refused as not available, without naming that object.
"""

import json
import logging
import re
import secrets
import sqlite3
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.access import EDITOR, grant_creator_all, readable_classifiers, readable_models, require_role
from catalogue import models as m
from catalogue.models.datamodel import INITIAL_DOCUMENTATION_VERSION
from catalogue.models.lineage import add_lineage
from catalogue.services.edits import record_edits
from catalogue.services.labels import label_errors, label_not_available
from config.api.errors import BadRequest, Unprocessable

logger = logging.getLogger(__name__)

#: At most this many problems are listed in a 422 (`total` still counts them all).
MAX_REPORTED_ERRORS = 1000
#: At most this many skipped parts are listed in the result (`warnings_total` still counts them all).
MAX_REPORTED_WARNINGS = 1000
#: Rows per INSERT are also capped so one statement's text stays a reasonable size.
MAX_ROWS_PER_STATEMENT = 5000
#: PostgreSQL counts bound parameters in 16 bits.
POSTGRES_PARAMETER_LIMIT = 65535

DATA_TYPE_KINDS = {kind.value for kind in m.DataTypeKind}
MODEL_TYPES = {t.value for t in m.DataModelType}
VERSION_PATTERN = re.compile(r"^\d+(\.\d+){0,2}$")

#: The names under which the formats have nested classes and elements (the Metadata Catalogue's first).
CLASS_KEYS = ("childDataClasses", "dataClasses")
ELEMENT_KEYS = ("childDataElements", "dataElements")
#: Content of a catalogue item this catalogue does not store, reported as skipped when a file holds it:
#: summary metadata (written by Mauro's data model exporters), semantic links and reference files (read by
#: Mauro's importer; they name other items by id or carry files).
UNSTORED_CONTENT = {
    "summaryMetadata": "Summary metadata",
    "semanticLinks": "Semantic links",
    "referenceFiles": "Reference files",
}


@dataclass
class ImportOptions:
    """The importer parameters (Mauro's names in brackets)."""

    model_name: str | None = None  # modelName: replaces the label when the file holds one model
    finalised: bool = False  # finalised
    new_documentation_version: bool = False  # importAsNewDocumentationVersion
    new_branch_model_version: bool = False  # importAsNewBranchModelVersion
    new_branch_name: str | None = None  # newBranchName
    description: str | None = None
    author: str | None = None
    organisation: str | None = None


# --- reading the file ----------------------------------------------------------------------------------

def parse_import_file(content):
    """The JSON document of an import file; 400 when it is empty, not JSON or holds no data model.

    Like Mauro's reader, text after a complete top-level object is ignored (some real exports have it).
    """
    if not content or not content.strip():
        raise BadRequest("Cannot import empty file", error_code="FBIP02")
    if isinstance(content, bytes | bytearray | memoryview):
        try:
            text = bytes(content).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadRequest(f"The import file is not UTF-8 text: {exc}", error_code="JIS04")
    else:
        text = content
    try:
        document, end = json.JSONDecoder(object_hook=_EmbeddedTypeSharer()).raw_decode(text.lstrip())
    except json.JSONDecodeError as exc:
        raise BadRequest(f"The import file is not valid JSON: {exc}", error_code="JIS04")
    except RecursionError:
        raise BadRequest("The import file is nested too deeply to be read", error_code="JIS04")
    if not isinstance(document, dict):
        raise BadRequest("The import file must hold a JSON object", error_code="JIS03")
    if "dataModel" not in document and "dataModels" not in document:
        raise BadRequest("Cannot import JSON as dataModel(s) is not present", error_code="JIS03")
    if text.lstrip()[end:].strip():
        logger.warning("Import file has text after its JSON document; it was ignored")
    return document


class _EmbeddedTypeSharer:
    """Keeps one copy of each data type that elements embed in full (Mauro repeats the whole type,
    enumeration values included, in every element). Types are matched by (id, label, domainType)
    within one model: the slot is cleared when a model object closes. Cuts the memory of large files
    by several times; elements are matched to types by label anyway."""

    def __init__(self):
        self.types = {}

    def __call__(self, obj):
        domain_type = obj.get("domainType")
        if domain_type in DATA_TYPE_KINDS:
            key = (str(obj.get("id")), obj.get("label"), domain_type)
            shared = self.types.get(key)
            if shared is not None and shared == obj:
                return shared
            self.types.setdefault(key, obj)
        elif "dataTypes" in obj or "documentationVersion" in obj or "authority" in obj:
            self.types = {}
        return obj


def model_maps(document):
    """The model objects of the document with their JSON paths."""
    if "dataModels" in document:
        maps = document["dataModels"]
        if not isinstance(maps, list):
            raise Unprocessable([{"message": "Property [dataModels] must be a list of data models",
                                  "path": "dataModels", "field": "dataModels"}], error_code="IMPC01")
        if not maps:
            raise BadRequest("Cannot import JSON as dataModel(s) is not present", error_code="JIS03")
        return [(node, f"dataModels[{i}]") for i, node in enumerate(maps)]
    return [(document["dataModel"], "dataModel")]


# --- ids -------------------------------------------------------------------------------------------------

class IdSequence:
    """Time-ordered UUIDs (RFC 9562 version 7 layout): rows of one import sort by id in file order, so
    facets without an index (metadata, annotations...) come back out in the order they came in."""

    def __init__(self):
        millis = int(time.time() * 1000) & ((1 << 48) - 1)
        salt = secrets.randbits(44)
        self._high = (millis << 80) | (0x7 << 76) | ((salt >> 32) << 64) | (0b10 << 62) | ((salt & 0xFFFFFFFF) << 30)
        self._next = 0

    def __call__(self):
        value = self._high | self._next
        self._next += 1
        return uuid.UUID(int=value)


# --- the plan: rows to write, checked --------------------------------------------------------------------

ITEM_FIELDS = ("id", "label", "description", "aliases_string", "created_by", "date_created", "last_updated",
               "model", "index")
FACET_FIELDS = ("id", "catalogue_item_domain_type", "catalogue_item_id", "model", "created_by", "date_created",
                "last_updated")
CLASS_FIELDS = ITEM_FIELDS + ("min_multiplicity", "max_multiplicity", "parent_data_class")
ELEMENT_FIELDS = ITEM_FIELDS + ("min_multiplicity", "max_multiplicity", "data_class", "data_type")
TYPE_FIELDS = ITEM_FIELDS + ("kind", "units", "reference_class", "model_resource_id", "model_resource_domain_type")
VALUE_FIELDS = ITEM_FIELDS + ("data_type", "key", "value", "category")
METADATA_FIELDS = FACET_FIELDS + ("namespace", "key", "value")
ANNOTATION_FIELDS = FACET_FIELDS + ("label", "description", "parent_annotation", "created_by_user")
RULE_FIELDS = FACET_FIELDS + ("name", "description")
REPRESENTATION_FIELDS = ("id", "rule", "language", "representation", "created_by", "date_created", "last_updated")
CLASSIFIER_LINK_FIELDS = FACET_FIELDS + ("classifier",)
CLASSIFIER_FIELDS = ("id", "label", "description", "aliases_string", "created_by", "date_created", "last_updated",
                     "parent_classifier", "readable_by_everyone", "readable_by_authenticated_users")


@dataclass
class PlannedModel:
    """One model of the file, with what the import parameters and existing models make of it."""

    id: uuid.UUID
    path: str
    label: str | None = None
    description: str | None = None
    aliases_string: str | None = None
    model_type: str = ""
    author: str | None = None
    organisation: str | None = None
    documentation_version: str = INITIAL_DOCUMENTATION_VERSION
    finalised: bool = False
    date_finalised: datetime | None = None
    model_version: str | None = None
    model_version_tag: str | None = None
    branch_name: str = m.DEFAULT_BRANCH
    authority: tuple | None = None  # (label, url, description) from the file
    authority_id: uuid.UUID | None = None
    version_link: tuple | None = None  # (target model id, link type)


@dataclass
class ImportPlan:
    user_email: str
    user_id: int | None
    now: datetime
    ids: IdSequence = field(default_factory=IdSequence)
    errors: list = field(default_factory=list)
    models: list = field(default_factory=list)
    classes: list = field(default_factory=list)
    elements: list = field(default_factory=list)
    types: list = field(default_factory=list)
    values: list = field(default_factory=list)
    metadata: list = field(default_factory=list)
    annotations: list = field(default_factory=list)
    rules: list = field(default_factory=list)
    representations: list = field(default_factory=list)
    classifier_links: list = field(default_factory=list)  # classifier label in place of its id until resolved
    classifier_labels: dict = field(default_factory=dict)  # label -> description, in first-seen order
    classifier_paths: dict = field(default_factory=dict)  # label -> JSON path where the file first names it
    skipped: list = field(default_factory=list)  # content of the file that is not stored, with its path

    def error(self, path, message, field_name=None):
        entry = {"message": message, "path": path}
        if field_name:
            entry["field"] = field_name
        self.errors.append(entry)

    def skip(self, path, key, message):
        self.skipped.append({"message": message, "path": path, "key": key})

    @property
    def row_count(self):
        return sum(len(rows) for rows in (self.classes, self.elements, self.types, self.values, self.metadata,
                                          self.annotations, self.rules, self.representations,
                                          self.classifier_links)) + len(self.models)


def _join(path, key):
    return f"{path}.{key}" if path else key


class ModelReader:
    """Turns one model object of the file into rows of the plan, checking each node once."""

    def __init__(self, plan, node, path, *, label_override=None):
        self.label_override = label_override
        self.plan = plan
        self.node = node
        self.path = path
        self.model = PlannedModel(id=plan.ids(), path=path)
        self.types_by_label = {}  # label -> [row list, path]
        self.inline_types = []
        self.class_ids_by_path = {}  # tuple of labels from the root -> class id
        self.class_labels = {}  # label -> [class id, ...] for files that name a reference class by label only
        self.references = []  # (type row, referenceClass node, path)
        self.invalid_types = set()  # ids of type objects whose label was refused (shared by many elements)

    # - value checks, each returns the cleaned value (or None) and records problems -

    def text(self, node, path, key, domain, *, required=False, max_length=None, default=None):
        value = node.get(key, default)
        if value is None:
            if required:
                self.plan.error(path, f"Property [{key}] of class [{domain}] cannot be null", key)
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.plan.error(path, f"Property [{key}] of class [{domain}] must be a string", key)
            return None
        value = str(value)
        if required and not value.strip():
            self.plan.error(path, f"Property [{key}] of class [{domain}] cannot be blank", key)
            return None
        if max_length is not None and len(value) > max_length:
            self.plan.error(path, f"Property [{key}] of class [{domain}] is longer than {max_length} characters",
                            key)
            return None
        if "\x00" in value:
            self.plan.error(path, f"Property [{key}] of class [{domain}] contains a NUL character", key)
            return None
        return value

    def label(self, node, path, domain, key="label"):
        value = node.get(key)
        problems = label_errors(value, domain_type=domain, field=key)
        if not problems and "\x00" in value:
            problems = [{"message": f"Property [{key}] of class [{domain}] contains a NUL character", "field": key}]
        for problem in problems:
            self.plan.error(path, problem["message"], key)
        return None if problems else value

    def integer(self, node, path, key, domain):
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not -(2 ** 31) <= value < 2 ** 31:
            self.plan.error(path, f"Property [{key}] of class [{domain}] must be an integer", key)
            return None
        return value

    def aliases(self, node, path, domain):
        value = node.get("aliases")
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(a, str) and a and "|" not in a and "\x00" not in a
                                                  for a in value):
            self.plan.error(path, f"Property [aliases] of class [{domain}] must be a list of non-empty texts "
                                  "without '|'", "aliases")
            return None
        return "|".join(value) or None

    def objects(self, node, path, keys):
        """The objects listed under `keys` (one name, or every name the formats have used for that list) as
        (object, path), sorted by their `index` (file order otherwise, the lists taken in the order of `keys`)."""
        out = []
        for key in (keys,) if isinstance(keys, str) else keys:
            value = node.get(key)
            if value is None:
                continue
            if not isinstance(value, list):
                self.plan.error(path, f"Property [{key}] must be a list", key)
                continue
            for offset, child in enumerate(value):
                child_path = f"{_join(path, key)}[{offset}]"
                if not isinstance(child, dict):
                    self.plan.error(child_path, f"Each entry of [{key}] must be an object")
                    continue
                position = len(out)
                index = child.get("index")
                order = index if isinstance(index, int) and not isinstance(index, bool) else position
                out.append((order, position, child, child_path))
        out.sort(key=lambda entry: (entry[0], entry[1]))
        return [(child, child_path) for _, _, child, child_path in out]

    def unstored(self, node, path, domain):
        """Report the content of `node` this catalogue does not store (never dropped in silence)."""
        for key, what in UNSTORED_CONTENT.items():
            if node.get(key):
                self.plan.skip(_join(path, key), key, f"{what} of this {domain} cannot be stored by this catalogue "
                                                      "and was skipped")

    def version(self, node, path, key, domain):
        value = self.text(node, path, key, domain, max_length=32)
        if value is None:
            return None
        if not VERSION_PATTERN.match(value):
            self.plan.error(path, f"Property [{key}] of class [{domain}] with value [{value}] is not a version "
                                  "like 1.0.0", key)
            return None
        return normalise_version(value)

    # - the model -

    def read(self):
        node, path, model, plan = self.node, self.path, self.model, self.plan
        if not isinstance(node, dict):
            plan.error(path, "A data model must be a JSON object")
            return None
        model.label = self.label_override or self.label(node, path, "DataModel")
        model.description = self.text(node, path, "description", "DataModel")
        model.aliases_string = self.aliases(node, path, "DataModel")
        model_type = node.get("type")
        if model_type is None:
            plan.error(path, "Property [type] of class [DataModel] cannot be null", "type")
        elif model_type not in MODEL_TYPES:
            plan.error(path, f"Property [type] of class [DataModel] with value [{model_type}] must be one of "
                             f"{', '.join(sorted(MODEL_TYPES))}", "type")
        else:
            model.model_type = model_type
        model.author = self.text(node, path, "author", "DataModel", max_length=255)
        model.organisation = self.text(node, path, "organisation", "DataModel", max_length=255)
        model.documentation_version = (self.version(node, path, "documentationVersion", "DataModel")
                                       or INITIAL_DOCUMENTATION_VERSION)
        finalised = node.get("finalised", False)
        if not isinstance(finalised, bool):
            plan.error(path, "Property [finalised] of class [DataModel] must be true or false", "finalised")
            finalised = False
        model.finalised = finalised
        model.model_version = self.version(node, path, "modelVersion", "DataModel")
        model.model_version_tag = self.text(node, path, "modelVersionTag", "DataModel", max_length=255)
        model.date_finalised = _parse_timestamp(node.get("dateFinalised"))
        model.authority = self.authority(node.get("authority"), _join(path, "authority"))
        self.facets(node, path, "DataModel", model.id)
        self.unstored(node, path, "DataModel")

        self.read_types()
        self.read_classes(node, path, parent_id=None, labels=())
        self.resolve_references()
        return model

    def authority(self, node, path):
        if node is None:
            return None
        if not isinstance(node, dict):
            self.plan.error(path, "Property [authority] of class [DataModel] must be an object", "authority")
            return None
        label = self.text(node, path, "label", "Authority", required=True, max_length=255)
        url = self.text(node, path, "url", "Authority", required=True, max_length=1024)
        description = self.text(node, path, "description", "Authority")
        return (label, url, description) if label and url else None

    # - facets of any item -

    def facets(self, node, path, domain, item_id):
        plan, model_id = self.plan, self.model.id
        common = (domain, item_id, model_id, plan.user_email, plan.now, plan.now)
        linked = set()
        for child, child_path in self.facet_list(node, path, "classifiers"):
            label = self.label(child, child_path, "Classifier")
            if label is not None and label not in linked:
                linked.add(label)
                plan.classifier_labels.setdefault(label, self.text(child, child_path, "description", "Classifier"))
                plan.classifier_paths.setdefault(label, child_path)
                plan.classifier_links.append((plan.ids(), *common, label))
        seen = set()
        for child, child_path in self.facet_list(node, path, "metadata"):
            namespace = self.text(child, child_path, "namespace", "Metadata", required=True, max_length=255)
            key = self.text(child, child_path, "key", "Metadata", required=True, max_length=255)
            value = self.text(child, child_path, "value", "Metadata", required=True)
            if namespace is None or key is None or value is None:
                continue
            if (namespace, key) in seen:
                plan.error(child_path, f"Property [key] of class [Metadata] with value [{key}] must be unique "
                                       f"by namespace [{namespace}]", "key")
                continue
            seen.add((namespace, key))
            plan.metadata.append((plan.ids(), *common, namespace, key, value))
        for child, child_path in self.facet_list(node, path, "annotations"):
            self.annotation(child, child_path, common, parent=None)
        for child, child_path in self.facet_list(node, path, "rules"):
            name = self.text(child, child_path, "name", "Rule", required=True, max_length=255)
            description = self.text(child, child_path, "description", "Rule")
            rule_id = plan.ids()
            if name is not None:
                plan.rules.append((rule_id, *common, name, description))
            for rep, rep_path in self.facet_list(child, child_path, "ruleRepresentations"):
                language = self.text(rep, rep_path, "language", "RuleRepresentation", required=True, max_length=255)
                text = self.text(rep, rep_path, "representation", "RuleRepresentation", required=True)
                if language is not None and text is not None:
                    plan.representations.append((plan.ids(), rule_id, language, text, plan.user_email, plan.now,
                                                 plan.now))

    def facet_list(self, node, path, key):
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.plan.error(path, f"Property [{key}] must be a list", key)
            return []
        out = []
        for position, child in enumerate(value):
            child_path = f"{_join(path, key)}[{position}]"
            if isinstance(child, dict):
                out.append((child, child_path))
            else:
                self.plan.error(child_path, f"Each entry of [{key}] must be an object")
        return out

    def annotation(self, node, path, common, *, parent):
        """An annotation and its replies, written by the importer: the file's `createdBy` is not trusted."""
        plan = self.plan
        if parent is None:
            label = self.text(node, path, "label", "Annotation", required=True, max_length=255)
        else:
            label = self.text(node, path, "label", "Annotation", max_length=255) or parent[1]
        description = self.text(node, path, "description", "Annotation")
        annotation_id = plan.ids()
        if label is not None:
            plan.annotations.append((annotation_id, *common, label, description, parent[0] if parent else None,
                                     plan.user_id))
        for child, child_path in self.facet_list(node, path, "childAnnotations"):
            self.annotation(child, child_path, common, parent=(annotation_id, label or ""))

    # - data types -

    def read_types(self):
        for child, child_path in self.objects(self.node, self.path, "dataTypes"):
            label = self.label(child, child_path, "DataType")
            if label is None:
                self.invalid_types.add(id(child))
            if label is not None and label in self.types_by_label:
                self.plan.error(child_path, f"Property [label] of class [DataType] with value [{label}] must be "
                                            "unique within the data model", "label")
                continue
            self.read_type(child, child_path, label, index=len(self.types_by_label))

    def read_type(self, node, path, label, *, index):
        plan, model_id = self.plan, self.model.id
        kind = node.get("domainType")
        if kind not in DATA_TYPE_KINDS:
            plan.error(path, f"Property [domainType] of class [DataType] with value [{kind}] must be one of "
                             f"{', '.join(sorted(DATA_TYPE_KINDS))}", "domainType")
            kind = None
        description = self.text(node, path, "description", "DataType")
        aliases = self.aliases(node, path, "DataType")
        type_id = plan.ids()
        units = resource_id = resource_domain = None
        if kind == m.DataTypeKind.PRIMITIVE:
            units = self.text(node, path, "units", kind, max_length=255)
        elif kind == m.DataTypeKind.MODEL:
            raw_id = node.get("modelResourceId")
            try:
                resource_id = uuid.UUID(str(raw_id))
            except ValueError:
                plan.error(path, f"Property [modelResourceId] of class [{kind}] must be a model id",
                           "modelResourceId")
            resource_domain = self.text(node, path, "modelResourceDomainType", kind, required=True, max_length=64)
        row = [type_id, label, description, aliases, plan.user_email, plan.now, plan.now, model_id, index, kind,
               units, None, resource_id, resource_domain]
        if label is not None:
            self.types_by_label[label] = row
        if kind is not None and label is not None:
            plan.types.append(row)
        self.facets(node, path, kind or "DataType", type_id)
        self.unstored(node, path, kind or "DataType")
        if kind == m.DataTypeKind.ENUMERATION:
            self.read_values(node, path, type_id)
        elif kind == m.DataTypeKind.REFERENCE:
            reference = node.get("referenceClass")
            if not isinstance(reference, dict):
                plan.error(path, f"Property [referenceClass] of class [{kind}] cannot be null", "referenceClass")
            else:
                self.references.append((row, reference, _join(path, "referenceClass")))
        return row

    def read_values(self, node, path, type_id):
        plan, model_id = self.plan, self.model.id
        keys = set()
        for index, (child, child_path) in enumerate(self.objects(node, path, "enumerationValues")):
            key = self.text(child, child_path, "key", "EnumerationValue", required=True, max_length=255)
            value = self.text(child, child_path, "value", "EnumerationValue", required=True)
            category = self.text(child, child_path, "category", "EnumerationValue", max_length=255)
            description = self.text(child, child_path, "description", "EnumerationValue")
            aliases = self.aliases(child, child_path, "EnumerationValue")
            value_id = plan.ids()
            self.facets(child, child_path, "EnumerationValue", value_id)
            self.unstored(child, child_path, "EnumerationValue")
            if key is None or value is None:
                continue
            if key in keys:
                plan.error(child_path, f"Property [key] of class [EnumerationValue] with value [{key}] must be unique "
                                       "within its enumeration type", "key")
                continue
            keys.add(key)
            plan.values.append((value_id, key, description, aliases, plan.user_email, plan.now, plan.now, model_id,
                                index, type_id, key, value, category))

    def element_type(self, node, path):
        """The type of an element: the model's type of that label, else the one defined inline (made once)."""
        inline = node.get("dataType")
        if not isinstance(inline, dict):
            self.plan.error(path, "Property [dataType] of class [DataElement] cannot be null", "dataType")
            return None
        label = inline.get("label")
        known = self.types_by_label.get(label) if isinstance(label, str) else None
        if known is not None:
            return known[0] if known[9] is not None else None
        if id(inline) in self.invalid_types:
            return None  # already reported where the type was first met
        type_path = _join(path, "dataType")
        label = self.label(inline, type_path, "DataType")
        if label is None:
            self.invalid_types.add(id(inline))
            return None
        row = self.read_type(inline, type_path, label, index=len(self.types_by_label))
        return row[0] if row[9] is not None else None

    def resolve_references(self):
        for row, reference, path in self.references:
            class_path = reference.get("dataClassPath")
            class_id = None
            if isinstance(class_path, str) and class_path:
                class_id = self.class_ids_by_path.get(tuple(class_path.split("|")))
                wanted = class_path
            else:
                wanted = reference.get("label")
                candidates = self.class_labels.get(wanted, []) if isinstance(wanted, str) else []
                if len(candidates) > 1:
                    self.plan.error(path, f"Reference class [{wanted}] of ReferenceType [{row[1]}] is ambiguous: "
                                          "several classes have that label and no dataClassPath is given",
                                    "dataClassPath")
                    continue
                class_id = candidates[0] if candidates else None
            if class_id is None:
                self.plan.error(path, f"Reference class [{wanted}] of ReferenceType [{row[1]}] is not a class of "
                                      "the data model", "dataClassPath")
                continue
            row[11] = class_id

    # - classes and elements -

    def read_classes(self, node, path, *, parent_id, labels):
        plan, model_id = self.plan, self.model.id
        if len(labels) > 200:
            plan.error(path, "Data classes are nested more than 200 deep")
            return
        seen = set()
        for index, (child, child_path) in enumerate(self.objects(node, path, CLASS_KEYS)):
            label = self.label(child, child_path, "DataClass")
            if label is not None and label in seen:
                plan.error(child_path, f"Property [label] of class [DataClass] with value [{label}] must be unique "
                                       "among its siblings", "label")
                label = None
            class_id = plan.ids()
            if label is not None:
                seen.add(label)
                plan.classes.append((class_id, label, self.text(child, child_path, "description", "DataClass"),
                                     self.aliases(child, child_path, "DataClass"), plan.user_email, plan.now,
                                     plan.now, model_id, index,
                                     self.integer(child, child_path, "minMultiplicity", "DataClass"),
                                     self.integer(child, child_path, "maxMultiplicity", "DataClass"), parent_id))
                self.class_ids_by_path[labels + (label,)] = class_id
                self.class_labels.setdefault(label, []).append(class_id)
            self.facets(child, child_path, "DataClass", class_id)
            self.unstored(child, child_path, "DataClass")
            child_labels = labels + (label or f"#{index}",)
            self.read_elements(child, child_path, class_id)
            self.read_classes(child, child_path, parent_id=class_id, labels=child_labels)

    def read_elements(self, node, path, class_id):
        plan, model_id = self.plan, self.model.id
        seen = set()
        for index, (child, child_path) in enumerate(self.objects(node, path, ELEMENT_KEYS)):
            label = self.label(child, child_path, "DataElement")
            if label is not None and label in seen:
                plan.error(child_path, f"Property [label] of class [DataElement] with value [{label}] must be "
                                       "unique within its data class", "label")
                label = None
            element_id = plan.ids()
            description = self.text(child, child_path, "description", "DataElement")
            aliases = self.aliases(child, child_path, "DataElement")
            minimum = self.integer(child, child_path, "minMultiplicity", "DataElement")
            maximum = self.integer(child, child_path, "maxMultiplicity", "DataElement")
            type_id = self.element_type(child, child_path)
            self.facets(child, child_path, "DataElement", element_id)
            self.unstored(child, child_path, "DataElement")
            if label is None or type_id is None:
                continue
            seen.add(label)
            plan.elements.append((element_id, label, description, aliases, plan.user_email, plan.now, plan.now,
                                  model_id, index, minimum, maximum, class_id, type_id))


def normalise_version(value):
    parts = [int(p) for p in str(value).split(".")]
    return ".".join(str(p) for p in (parts + [0, 0])[:3])


def _version_key(value):
    try:
        return tuple(int(p) for p in normalise_version(value).split("."))
    except (TypeError, ValueError):
        return (0, 0, 0)


def next_major_version(versions):
    """`N+1.0.0` after the highest of `versions`, `1.0.0` when there is none."""
    keys = [_version_key(v) for v in versions if v]
    return f"{max(keys)[0] + 1}.0.0" if keys else "1.0.0"


def _parse_timestamp(value):
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.utc)
    return parsed


# --- checks against what is stored ---------------------------------------------------------------------

@dataclass
class StoredModel:
    """What versioning needs to know of a stored (or earlier in the file) model with a label being imported."""

    id: uuid.UUID
    label: str
    authority_id: uuid.UUID
    branch_name: str
    finalised: bool
    model_version: str | None
    documentation_version: str
    date_created: datetime
    readable: bool = True  # the importer may read it (always so for a model of the file)
    instance: m.CatalogueModel | None = None  # the stored row, for the rights check before acting on it
    changes: dict = field(default_factory=dict)  # field -> new value, applied before the new rows
    planned: PlannedModel | None = None  # set for a model earlier in the same file (not stored yet)


STORED_FIELDS = ("id", "label", "authority_id", "branch_name", "finalised", "model_version", "documentation_version",
                 "date_created")


def _stored_models(labels, user):
    """Every stored data model with one of `labels`, readable or not (uniqueness counts them all), each marked
    with whether the importer may read it. Two queries (plus the caller's access context), whatever the count."""
    candidates = m.CatalogueModel.objects.filter(model_domain_type=m.ModelDomainType.DATA_MODEL, label__in=labels)
    readable = set(readable_models(user, candidates).values_list("pk", flat=True))
    rows = candidates.only(*STORED_FIELDS, "folder_id", "readable_by_everyone", "readable_by_authenticated_users")
    return [StoredModel(*(getattr(row, name) for name in STORED_FIELDS), readable=row.pk in readable, instance=row)
            for row in rows]


def _resolve_authorities(plan):
    """Keep the authority named in the file (found by label and url, else created); default when none."""
    wanted = {model.authority[:2]: model.authority for model in plan.models if model.authority}
    found = {}
    if wanted:
        condition = models.Q()
        for label, url in wanted:
            condition |= models.Q(label=label, url=url)
        found = {(a.label, a.url): a.pk for a in m.Authority.objects.filter(condition)}
    default = m.Authority.default() if any(model.authority is None for model in plan.models) else None
    created = []
    for key, (label, url, description) in wanted.items():
        if key not in found:
            authority = m.Authority(label=label, url=url, description=description, created_by=plan.user_email)
            created.append(authority)
            found[key] = authority.pk
    for model in plan.models:
        model.authority_id = found[model.authority[:2]] if model.authority else default.pk
    return created


def _resolve_classifiers(plan, user):
    """label -> id of the classifiers the file names that exist and the importer may read. A label held by a
    classifier the importer cannot read is not available (classifier labels are unique, so no new one can be
    made): a problem at the first place the file names it, that says nothing of the classifier."""
    if not plan.classifier_labels:
        return {}
    candidates = m.Classifier.objects.filter(label__in=list(plan.classifier_labels))
    existing = dict(candidates.values_list("label", "id"))
    readable = set(readable_classifiers(user, candidates).values_list("pk", flat=True)) if existing else set()
    for label, pk in existing.items():
        if pk not in readable:
            plan.error(plan.classifier_paths[label], label_not_available(label, domain_type="Classifier"), "label")
    return {label: pk for label, pk in existing.items() if pk in readable}


def _require_version_right(user, stored_model):
    """Making a new version of a stored model (and finalising it on the way) needs the editor role on it."""
    if stored_model.planned is None:
        require_role(user, stored_model.instance, EDITOR,
                     message=f"User does not have the necessary permissions to create a new version of DataModel "
                             f"[{stored_model.label}]")


def _apply_versioning(plan, options, stored, user):
    """Mauro's import rules for documentation versions, branches and finalising, decided before writing.

    `stored` holds the stored models with the labels being imported; models earlier in the file join it
    so two models of one file cannot collide either. The version options and version numbers only ever
    consider the models the importer may read (`known`); acting on one needs the editor role (403 without).
    Changes to stored models (finalising the latest draft) are recorded on them and written later, inside
    the import's transaction. Uniqueness is checked against every model, readable or not.
    """
    for model in plan.models:
        family = [s for s in stored if s.label == model.label and s.authority_id == model.authority_id]
        known = [s for s in family if s.readable]
        if options.new_documentation_version and known:
            latest = max(known, key=lambda s: s.date_created)
            _require_version_right(user, latest)
            if not latest.finalised:
                _finalise_stored(latest, known, plan.now)
            model.version_link = (latest.id, m.VersionLinkType.NEW_DOCUMENTATION_VERSION_OF)
            model.documentation_version = next_major_version([latest.documentation_version])
        branched = options.new_branch_model_version and known
        if branched:
            branch = options.new_branch_name or m.DEFAULT_BRANCH
            drafts = {s.branch_name: s for s in known if not s.finalised}
            finalised = [s for s in known if s.finalised]
            latest_finalised = max(finalised, key=lambda s: _version_key(s.model_version)) if finalised else None
            base, finalise_base = latest_finalised, False
            if m.DEFAULT_BRANCH in drafts and (branch == m.DEFAULT_BRANCH or latest_finalised is None):
                base, finalise_base = drafts[m.DEFAULT_BRANCH], True
            if base is not None:
                _require_version_right(user, base)
                if finalise_base:
                    _finalise_stored(base, known, plan.now)
                model.version_link = (base.id, m.VersionLinkType.NEW_MODEL_VERSION_OF)
                model.finalised, model.date_finalised, model.model_version = False, None, None
                model.branch_name = branch
                model.documentation_version = INITIAL_DOCUMENTATION_VERSION
        if options.finalised and not (model.finalised and model.model_version):
            if known and not branched:
                plan.error(model.path, f"DataModel [{model.label}] already exists: a finalised import of a model "
                                       "with an existing label must be a new branch model version", "finalised")
            model.finalised = True
        if model.finalised:
            model.date_finalised = model.date_finalised or plan.now
            model.model_version = model.model_version or next_major_version(
                [s.model_version for s in known if s.finalised])
        else:
            model.date_finalised = model.model_version = None
        _check_unique(plan, model, family)
        stored.append(StoredModel(model.id, model.label, model.authority_id, model.branch_name, model.finalised,
                                  model.model_version, model.documentation_version, plan.now, planned=model))


def _finalise_stored(stored_model, known, now):
    version = next_major_version([s.model_version for s in known if s.finalised])
    stored_model.finalised, stored_model.model_version = True, version
    if stored_model.planned is not None:
        planned = stored_model.planned
        planned.finalised, planned.model_version, planned.date_finalised = True, version, now
    else:
        stored_model.changes.update(finalised=True, model_version=version, date_finalised=now)


def _check_unique(plan, model, family):
    """Drafts are unique by branch, finalised models by version, across every model (readable or not): a taken
    label is not available."""
    if model.finalised:
        clash = any(s.finalised and s.model_version == model.model_version
                    and s.documentation_version == model.documentation_version for s in family)
    else:
        clash = any(not s.finalised and s.branch_name == model.branch_name for s in family)
    if clash:
        plan.error(model.path, label_not_available(model.label, domain_type="DataModel"), "label")


def _option_errors(options, *, single):
    """Problems with the importer parameters that replace values of the file."""
    errors = []
    if options.model_name is not None and single:
        errors += [{**p, "path": "modelName"}
                   for p in label_errors(options.model_name, domain_type="DataModel", field="modelName")]
    if options.new_branch_name is not None:
        errors += [{**p, "path": "newBranchName"}
                   for p in label_errors(options.new_branch_name, domain_type="DataModel", field="newBranchName")]
    for name, limit in (("author", 255), ("organisation", 255), ("description", None)):
        value = getattr(options, name)
        if value is None:
            continue
        if not isinstance(value, str) or "\x00" in value:
            errors.append({"message": f"Parameter [{name}] must be text", "path": name, "field": name})
        elif limit and len(value) > limit:
            errors.append({"message": f"Parameter [{name}] is longer than {limit} characters", "path": name,
                           "field": name})
    return errors


def _apply_overrides(plan, options):
    for model in plan.models:
        for name in ("author", "organisation", "description"):
            value = getattr(options, name)
            if value is not None:
                setattr(model, name, value)


# --- writing -------------------------------------------------------------------------------------------

def parameter_limit():
    """Bound parameters one statement may carry on this database."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except AttributeError:  # Python < 3.11
            return 999
    if connection.vendor == "postgresql":
        return POSTGRES_PARAMETER_LIMIT
    return connection.features.max_query_params or 999


def rows_per_statement(column_count):
    return max(1, min(parameter_limit() // column_count, MAX_ROWS_PER_STATEMENT))


def _adapter(model_field):
    """A converter to the database's form for columns Python's driver cannot take as they are."""
    target = model_field.target_field if model_field.is_relation else model_field
    if isinstance(target, models.UUIDField) and not connection.features.has_native_uuid_field:
        return lambda value: value.hex if value is not None else None
    if isinstance(model_field, models.DateTimeField) and connection.vendor != "postgresql":
        cache = {}

        def adapt(value):
            if value not in cache:
                cache[value] = connection.ops.adapt_datetimefield_value(value)
            return cache[value]
        return adapt
    return None


def _converted(row, conversions):
    row = list(row)
    for i, adapt in conversions:
        row[i] = adapt(row[i])
    return row


class BulkWriter:
    """Multi-row INSERTs without model instances; counts rows for progress."""

    def __init__(self, total, progress=None):
        self.total = total
        self.done = 0
        self.progress = progress

    def insert(self, model, field_names, rows):
        """Write `rows` (tuples in `field_names` order): PostgreSQL gets one array per column (`UNNEST`),
        so a statement has as many parameters as columns; other databases get multi-row VALUES sized to
        their parameter limit."""
        if not rows:
            return
        opts = model._meta
        fields = [opts.get_field(name) for name in field_names]
        quote = connection.ops.quote_name
        head = f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        conversions = [(i, a) for i, a in enumerate(_adapter(f) for f in fields) if a is not None]
        unnest = connection.vendor == "postgresql"
        if unnest:
            arrays = ", ".join(f"%s::{f.db_type(connection).split('(')[0]}[]" for f in fields)
            sql, per_statement = f"{head}SELECT * FROM UNNEST({arrays})", MAX_ROWS_PER_STATEMENT
        else:
            per_statement = rows_per_statement(len(fields))
            placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), per_statement):
                chunk = rows[start:start + per_statement]
                if conversions:
                    chunk = [_converted(row, conversions) for row in chunk]
                if unnest:
                    cursor.execute(sql, [list(column) for column in zip(*chunk, strict=True)])
                else:
                    cursor.execute(head + "VALUES " + ", ".join([placeholder] * len(chunk)),
                                   [value for row in chunk for value in row])
                self.advance(len(chunk))

    def advance(self, count):
        self.done += count
        if self.progress is not None:
            self.progress("write", self.done, self.total)


def _write(plan, stored, new_authorities, classifier_ids, folder, user, progress):
    writer = BulkWriter(plan.row_count, progress)
    now = plan.now
    for authority in new_authorities:
        authority.save()
    for stored_model in stored:
        if stored_model.changes:
            m.CatalogueModel.objects.filter(pk=stored_model.id).update(last_updated=now, **stored_model.changes)

    classifier_ids = dict(classifier_ids)
    new_classifiers = []
    for label, description in plan.classifier_labels.items():
        if label not in classifier_ids:
            classifier_ids[label] = plan.ids()
            new_classifiers.append((classifier_ids[label], label, description, None, plan.user_email, now, now, None,
                                    False, False))

    new_models = [m.CatalogueModel(
        id=model.id, model_domain_type=m.ModelDomainType.DATA_MODEL, label=model.label,
        description=model.description, aliases_string=model.aliases_string, created_by=plan.user_email,
        date_created=now, last_updated=now, folder=folder, authority_id=model.authority_id,
        model_type=model.model_type, author=model.author, organisation=model.organisation,
        documentation_version=model.documentation_version, model_version=model.model_version,
        model_version_tag=model.model_version_tag, branch_name=model.branch_name, finalised=model.finalised,
        date_finalised=model.date_finalised) for model in plan.models]
    m.CatalogueModel.objects.bulk_create(new_models)
    grant_creator_all(user=user, resources=new_models)
    writer.advance(len(new_models))

    writer.insert(m.Classifier, CLASSIFIER_FIELDS, new_classifiers)
    add_lineage(m.Classifier, {row[0]: row[7] for row in new_classifiers})  # raw rows: no save() to keep it
    grant_creator_all(user=user, resources=[m.Classifier(id=row[0]) for row in new_classifiers])
    writer.insert(m.DataClass, CLASS_FIELDS, plan.classes)
    writer.insert(m.DataType, TYPE_FIELDS, [tuple(row) for row in plan.types])
    writer.insert(m.DataElement, ELEMENT_FIELDS, plan.elements)
    writer.insert(m.EnumerationValue, VALUE_FIELDS, plan.values)
    writer.insert(m.Metadata, METADATA_FIELDS, plan.metadata)
    writer.insert(m.Annotation, ANNOTATION_FIELDS, plan.annotations)
    writer.insert(m.Rule, RULE_FIELDS, plan.rules)
    writer.insert(m.RuleRepresentation, REPRESENTATION_FIELDS, plan.representations)
    writer.insert(m.ClassifierLink, CLASSIFIER_LINK_FIELDS,
                  [(*row[:-1], classifier_ids[row[-1]]) for row in plan.classifier_links])

    links = [m.VersionLink(source_model_id=model.id, target_model_id=model.version_link[0],
                           link_type=model.version_link[1], created_by=plan.user_email, date_created=now)
             for model in plan.models if model.version_link]
    if links:
        m.VersionLink.objects.bulk_create(links)
    record_edits(items=new_models, user=user, title=m.EditTitle.CREATE,
                 description_for=lambda model: f"[DataModel:{model.label}] imported")
    return new_models


# --- the entry point -----------------------------------------------------------------------------------

@dataclass
class ImportResult:
    """The new models, and the parts of the file that were not stored (at most MAX_REPORTED_WARNINGS of them
    listed as `{message, path, key}`; `warnings_total` counts them all)."""

    models: list
    warnings: list
    warnings_total: int


def import_data_models(*, content, folder, user, options=None, progress=None):
    """Import every data model of a Mauro JSON file into `folder`, all or nothing.

    `content` is the file (bytes or text) or an already parsed document. Raises BadRequest (not a
    usable file), Forbidden (a version option names a model the importer may read but not edit) or
    Unprocessable (every problem found, with paths); returns an ImportResult.
    `progress(phase, done, total)` is told how far the work is (phases `read`, `check`, `write`).
    """
    options = options or ImportOptions()
    report = progress or (lambda *args: None)
    report("read", 0, 1)
    document = content if isinstance(content, dict) else parse_import_file(content)
    plan = ImportPlan(user_email=user.email_address if user is not None else "",
                      user_id=user.pk if user is not None else None, now=timezone.now())
    maps = model_maps(document)
    single = len(maps) == 1
    plan.errors.extend(_option_errors(options, single=single))
    label_override = options.model_name if single and not plan.errors else None
    for position, (node, path) in enumerate(maps):
        model = ModelReader(plan, node, path, label_override=label_override).read()
        if model is not None:
            plan.models.append(model)
        report("read", position + 1, len(maps))
    del document, maps
    report("check", 0, 1)

    _apply_overrides(plan, options)
    if plan.errors:
        raise _invalid(plan.errors)

    with transaction.atomic():
        stored = _stored_models(sorted({model.label for model in plan.models}), user)
        new_authorities = _resolve_authorities(plan)
        classifier_ids = _resolve_classifiers(plan, user)
        _apply_versioning(plan, options, stored, user)
        if plan.errors:
            raise _invalid(plan.errors)
        report("check", 1, 1)
        new_models = _write(plan, stored, new_authorities, classifier_ids, folder, user, progress)
    _log_skipped(plan, folder)
    return ImportResult(models=new_models, warnings=plan.skipped[:MAX_REPORTED_WARNINGS],
                        warnings_total=len(plan.skipped))


def _log_skipped(plan, folder):
    if not plan.skipped:
        return
    listed = "; ".join(f"{entry['path']} ({entry['key']})" for entry in plan.skipped[:MAX_REPORTED_WARNINGS])
    more = len(plan.skipped) - MAX_REPORTED_WARNINGS
    logger.warning("Import of %s into folder %s by %s skipped %d part(s) that cannot be stored: %s%s",
                   ", ".join(f"[{model.label}]" for model in plan.models), folder.pk, plan.user_email,
                   len(plan.skipped), listed, f"; and {more} more" if more > 0 else "")


def _invalid(errors):
    total = len(errors)
    noun = "error" if total == 1 else "errors"
    error = Unprocessable(errors[:MAX_REPORTED_ERRORS], message=f"The imported model has {total} {noun}",
                          error_code="IMPC01")
    error.extra["total"] = total
    return error
