"""Profiles: typed sets of fields that an item stores as metadata in one namespace.

A profile provider defines sections of fields (each with a data type, a multiplicity, allowed values, a pattern);
the profile of an item is those fields filled from the item's metadata in the provider's metadata namespace.
Providers are static (the profile specification profiles, defined as data in `profile_specifications.json`) or
dynamic: a finalised data model carrying the profile specification profile defines one, its data classes being
the sections and their data elements the fields. Dynamic providers only ever come from models the caller may read.

Everything here reads; storing a profile is `catalogue.services.profiles`.
"""

import json
import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import quote

from django.db.models import Q

from accounts import access
from catalogue import models as m
from catalogue.selectors.domain_segments import DOMAIN_SEGMENTS

#: Where the profile specification profile stores what makes a data model a dynamic profile.
SPECIFICATION_NAMESPACE = "uk.ac.ox.softeng.maurodatamapper.profile"
#: Where the profile specification field profile stores what a data element adds to its field.
FIELD_SPECIFICATION_NAMESPACE = "uk.ac.ox.softeng.maurodatamapper.profile.dataelement"
#: The namespace every dynamic provider is listed under.
DYNAMIC_PROVIDER_NAMESPACE = "uk.ac.ox.softeng.maurodatamapper.profile.provider"
#: Metadata namespaces of import profiles: never "other" metadata.
IMPORT_NAMESPACE_PREFIX = "import."
#: The key a saved profile leaves in its namespace, so the profile counts as used even with every field empty.
PROFILED_KEY = "_profiled"
#: The version of a dynamic profile whose model has no model version.
SNAPSHOT = "SNAPSHOT"

DATA_TYPES = ("boolean", "string", "text", "int", "decimal", "date", "datetime", "time", "folder", "model",
              "enumeration", "json")
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%m/%d/%Y", "%m-%d-%Y", "%Y/%m/%d", "%Y-%m-%d")
DATETIME_FORMATS = ("%d/%m/%YT%H:%M:%S", "%d-%m-%YT%H:%M:%S")
TIME_FORMATS = ("%H:%M:%S", "%H:%M")
INTEGER = re.compile(r"[+-]?\d+")
DECIMAL = re.compile(r"[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)")
UUID_TEXT = re.compile(r"[0-9a-fA-F]{1,8}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,12}")


def data_type_named(label):
    """A field's data type from its label, case-insensitively; anything unknown is a string."""
    label = (label or "").lower()
    return label if label in DATA_TYPES else "string"


def safe_url_encode(value):
    """A label as it appears in a provider's name (URL-encoded; spaces as `%20`)."""
    return quote(value, safe="*").replace("~", "%7E")


def _parses(value, formats):
    for fmt in formats:
        try:
            datetime.strptime(value, fmt)
            return True
        except ValueError:
            continue
    return False


def type_error(data_type, value):
    """The name of the type `value` fails to be (as messages show it), or None when it is a valid `data_type`."""
    if data_type == "boolean":
        return None if value.lower() in ("true", "false") else "Boolean"
    if data_type == "int":
        return None if INTEGER.fullmatch(value) and -2**31 <= int(value) < 2**31 else "Integer"
    if data_type == "decimal":
        return None if DECIMAL.fullmatch(value.strip()) else "Decimal"
    if data_type == "date":
        return None if _parses(value, DATE_FORMATS) else "Date"
    if data_type == "datetime":
        return None if _parses(value, DATETIME_FORMATS) else "DateTime"
    if data_type == "time":
        return None if _parses(value, TIME_FORMATS) else "Time"
    if data_type in ("model", "folder"):
        return None if UUID_TEXT.fullmatch(value) else data_type.capitalize()
    if data_type == "json":
        try:
            json.loads(value)
        except ValueError:
            return "JSON"
    return None


# --- definitions ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProfileField:
    field_name: str
    metadata_property_name: str | None
    data_type: str = "string"
    description: str | None = None
    min_multiplicity: int = 0
    max_multiplicity: int = 1
    allowed_values: tuple = ()
    regular_expression: str | None = None
    default_value: str | None = None
    derived: bool = False
    derived_from: str | None = None
    uneditable_flag: bool = False
    editable_after_finalisation: bool = True
    #: The value the field shows before anything is stored.
    initial_value: str | None = None

    @property
    def uneditable(self):
        return self.derived or self.uneditable_flag

    def unique_key(self, section_name):
        """The metadata key the field is stored under."""
        return self.metadata_property_name or f"{section_name}/{self.field_name}"

    def problem(self, value):
        """The message for a value that breaks the field's rules, or None (one problem per field)."""
        if not value:
            if not self.uneditable and self.min_multiplicity > 0:
                return "This field cannot be empty"
            return None
        if self.allowed_values and value not in self.allowed_values:
            return f"Value [{value}] is not contained within the list [{', '.join(self.allowed_values)}]"
        if self.regular_expression and not _full_match(self.regular_expression, value):
            return f"Value [{value}] does not match the required pattern [{self.regular_expression}]"
        wrong = type_error(self.data_type, value)
        return f"This field must be a valid {wrong}" if wrong else None


def _full_match(pattern, value):
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return False


@dataclass(frozen=True)
class ProfileSection:
    name: str
    description: str | None
    fields: tuple


@dataclass(frozen=True)
class ProfileProvider:
    """One profile definition, named by (namespace, name, version) as Mauro names its profile providers."""

    namespace: str
    name: str
    version: str
    display_name: str
    metadata_namespace: str
    domains: tuple
    editable_after_finalisation: bool
    sections: tuple
    #: For a dynamic profile, the data model defining it: `{id, label, description}`.
    data_model: dict | None = None

    provider_type = "Profile"
    allows_extra_metadata_keys = False

    @property
    def known_metadata_keys(self):
        return [field.unique_key(section.name) for section in self.sections for field in section.fields]

    @property
    def identifier(self):
        """How a missing provider is named in a 404 (`namespace:name[:version]`)."""
        return f"{self.namespace}:{self.name}:{self.version}"

    def applies_to(self, domain_type):
        return not self.domains or domain_type in self.domains

    def sort_key(self):
        return self.namespace, self.name, version_key(self.version)


def version_key(version):
    """Versions in numeric order (`1.10.0` after `1.9.0`); anything else (`SNAPSHOT`) before every number."""
    parts = version.split(".")
    if all(part.isdigit() for part in parts):
        return 1, tuple(int(part) for part in parts), version
    return 0, (), version


def _field_from_json(data, editable_after_finalisation):
    return ProfileField(
        field_name=data["fieldName"], metadata_property_name=data.get("metadataPropertyName"),
        data_type=data_type_named(data.get("dataType")), description=data.get("description"),
        min_multiplicity=data.get("minMultiplicity", 0), max_multiplicity=data.get("maxMultiplicity", 1),
        allowed_values=tuple(data.get("allowedValues", ())), regular_expression=data.get("regularExpression"),
        default_value=data.get("defaultValue"), derived=data.get("derived", False),
        derived_from=data.get("derivedFrom"), uneditable_flag=data.get("uneditable", False),
        # A profile that cannot be edited after finalisation has no field that can.
        editable_after_finalisation=editable_after_finalisation and data.get("editableAfterFinalisation", True),
        initial_value=data.get("initialValue"))


@cache
def static_providers():
    """The profiles every catalogue offers (the profile specification profiles), from their JSON definitions."""
    definitions = json.loads((Path(__file__).with_name("profile_specifications.json")).read_text())
    return tuple(ProfileProvider(
        namespace=d["namespace"], name=d["name"], version=d["version"], display_name=d["displayName"],
        metadata_namespace=d["metadataNamespace"], domains=tuple(d["domains"]),
        editable_after_finalisation=d["editableAfterFinalisation"],
        sections=tuple(ProfileSection(s["name"], s.get("description"), tuple(
            _field_from_json(f, d["editableAfterFinalisation"]) for f in s["fields"])) for s in d["sections"]),
    ) for d in definitions)


def _true(text):
    """Mauro's reading of a stored flag (`true`, `y`, `1`)."""
    return (text or "").strip().lower() in ("true", "y", "1")


def dynamic_providers(user):
    """The profiles defined by finalised data models the caller may read (a fixed number of queries)."""
    defining = m.Metadata.objects.filter(namespace=SPECIFICATION_NAMESPACE,
                                         catalogue_item_domain_type=m.ModelDomainType.DATA_MODEL)
    models = list(access.readable_models(user, m.DataModel.objects.filter(
        finalised=True, deleted=False, pk__in=defining.values("catalogue_item_id"))).order_by("label", "pk"))
    if not models:
        return []
    ids = [model.pk for model in models]
    specification = {}
    for model_id, key, value in defining.filter(catalogue_item_id__in=ids).values_list(
            "catalogue_item_id", "key", "value"):
        specification.setdefault(model_id, {})[key] = value
    classes = list(m.DataClass.objects.filter(model_id__in=ids).order_by("index", "label", "pk"))
    elements = list(m.DataElement.objects.filter(model_id__in=ids).select_related("data_type")
                    .order_by("index", "label", "pk"))
    element_specification = {}
    for element_id, key, value in m.Metadata.objects.filter(
            model_id__in=ids, catalogue_item_domain_type="DataElement",
            namespace=FIELD_SPECIFICATION_NAMESPACE).values_list("catalogue_item_id", "key", "value"):
        element_specification.setdefault(element_id, {})[key] = value
    enumerations = [e.data_type_id for e in elements if e.data_type.kind == m.DataTypeKind.ENUMERATION]
    allowed = {}
    for type_id, key in m.EnumerationValue.objects.filter(data_type_id__in=enumerations).order_by(
            "index", "key").values_list("data_type_id", "key"):
        allowed.setdefault(type_id, []).append(key)
    elements_of = {}
    for element in elements:
        elements_of.setdefault(element.data_class_id, []).append(element)
    providers = []
    for model in models:
        spec = specification.get(model.pk, {})
        editable = _true(spec.get("editableAfterFinalisation"))
        sections = tuple(ProfileSection(data_class.label, data_class.description, tuple(
            _dynamic_field(data_class, element, element_specification.get(element.pk, {}), allowed, editable)
            for element in elements_of.get(data_class.pk, ())))
            for data_class in classes if data_class.model_id == model.pk)
        providers.append(ProfileProvider(
            namespace=DYNAMIC_PROVIDER_NAMESPACE, name=safe_url_encode(model.label),
            version=model.model_version or SNAPSHOT, display_name=model.label,
            metadata_namespace=spec.get("metadataNamespace") or "invalid.namespace",
            domains=tuple(d for d in (spec.get("domainsApplicable") or "").split(";") if d.strip()),
            editable_after_finalisation=editable, sections=sections,
            data_model={"id": str(model.pk), "label": model.label, "description": model.description}))
    return providers


def _dynamic_field(data_class, element, spec, allowed, profile_editable):
    enumeration = element.data_type.kind == m.DataTypeKind.ENUMERATION
    field = ProfileField(
        field_name=element.label, metadata_property_name=spec.get("metadataPropertyName"),
        data_type="enumeration" if enumeration else data_type_named(element.data_type.label),
        description=element.description,
        # Unset or zero multiplicities read as Mauro reads them: at most one, optional.
        max_multiplicity=element.max_multiplicity or 1, min_multiplicity=element.min_multiplicity or 0,
        allowed_values=tuple(allowed.get(element.data_type_id, ())) if enumeration else (),
        regular_expression=spec.get("regularExpression"), default_value=spec.get("defaultValue"),
        editable_after_finalisation=(_true(spec["editableAfterFinalisation"]) if "editableAfterFinalisation" in spec
                                     else profile_editable))
    if not field.metadata_property_name:
        field = replace(field, metadata_property_name=field.unique_key(data_class.label))
    return field


def latest_versions(providers):
    """The newest version of each provider (per namespace, name and metadata namespace)."""
    latest = {}
    for provider in providers:
        key = (provider.namespace, provider.name, provider.metadata_namespace)
        if key not in latest or version_key(provider.version) > version_key(latest[key].version):
            latest[key] = provider
    return sorted(latest.values(), key=ProfileProvider.sort_key)


def all_providers(user, *, latest_only=False):
    providers = sorted([*static_providers(), *dynamic_providers(user)], key=ProfileProvider.sort_key)
    return latest_versions(providers) if latest_only else providers


def find_provider(providers, namespace, name, version=None):
    """The provider of that namespace and name (its name as sent or URL-encoded), of that version or the newest."""
    names = {name, safe_url_encode(name)}
    found = [p for p in providers if p.namespace == namespace and p.name in names
             and (version is None or p.version == version)]
    return max(found, key=ProfileProvider.sort_key) if found else None


def providers_for_item(user, item):
    """Every provider whose profile applies to the item's kind."""
    return [p for p in all_providers(user) if p.applies_to(item.domain_type)]


def used_namespaces(item):
    return set(m.Metadata.objects.filter(catalogue_item_id=item.pk).values_list("namespace", flat=True).distinct())


def used_and_unused(user, item, *, latest_only):
    """(providers with metadata on the item, providers without), of those that apply to it."""
    namespaces = used_namespaces(item)
    providers = [p for p in all_providers(user, latest_only=latest_only) if p.applies_to(item.domain_type)]
    return ([p for p in providers if p.metadata_namespace in namespaces],
            [p for p in providers if p.metadata_namespace not in namespaces])


def other_metadata(user, item):
    """The item's metadata outside the namespaces of the profiles it uses (and outside import profiles)."""
    used, _ = used_and_unused(user, item, latest_only=False)
    return (m.Metadata.objects.filter(catalogue_item_id=item.pk)
            .exclude(namespace__in={p.metadata_namespace for p in used})
            .exclude(namespace__startswith=IMPORT_NAMESPACE_PREFIX))


# --- profiles of items ----------------------------------------------------------------------------------------

@dataclass
class FieldValue:
    field: ProfileField
    current_value: str | None

    @property
    def shown_value(self):
        return self.current_value or ""


@dataclass
class FilledSection:
    name: str
    description: str | None
    fields: list


@dataclass
class Profile:
    """A provider's fields with values, for one item; `errors` once validated."""

    item: object
    provider: ProfileProvider
    sections: list
    errors: list | None = None

    @property
    def id(self):
        return None if self.item is None else self.item.pk

    @property
    def label(self):
        return None if self.item is None else self.item.label

    @property
    def domain_type(self):
        return None if self.item is None else self.item.domain_type

    def values(self):
        for section in self.sections:
            for value in section.fields:
                yield section, value


def _derived_value(item, derived_from):
    """A derived field shows an attribute of the item (`label`, `description`, `modelVersion`...)."""
    if item is None:
        return None
    attribute = re.sub(r"(?<!^)([A-Z])", r"_\1", derived_from or "").lower()
    value = getattr(item, attribute, None)
    return None if value is None else str(value)


def _filled(provider, item, value_for):
    sections = []
    for section in provider.sections:
        fields = []
        for field in section.fields:
            value = _derived_value(item, field.derived_from) if field.derived else value_for(section, field)
            fields.append(FieldValue(field, value))
        sections.append(FilledSection(section.name, section.description, fields))
    return Profile(item, provider, sections)


def stored_values(provider, item, metadata):
    """The profile of `item` from its metadata rows in the provider's namespace (`{key: value}`)."""
    return _filled(provider, item, lambda section, field: metadata.get(
        field.unique_key(section.name), field.initial_value))


def empty_profile(provider):
    """A provider's profile with no item: its definition, as a new profile shows it."""
    return _filled(provider, None, lambda section, field: field.initial_value)


def profile_of(provider, item):
    """The stored profile of one item (one query)."""
    metadata = dict(m.Metadata.objects.filter(catalogue_item_id=item.pk, namespace=provider.metadata_namespace)
                    .values_list("key", "value"))
    return stored_values(provider, item, metadata)


def profiles_of(pairs):
    """Stored profiles of many (provider, item) pairs in one query."""
    if not pairs:
        return []
    condition = Q(pk__in=[])
    for provider, item in pairs:
        condition |= Q(catalogue_item_id=item.pk, namespace=provider.metadata_namespace)
    rows = {}
    for item_id, namespace, key, value in m.Metadata.objects.filter(condition).values_list(
            "catalogue_item_id", "namespace", "key", "value"):
        rows.setdefault((item_id, namespace), {})[key] = value
    return [stored_values(provider, item, rows.get((item.pk, provider.metadata_namespace), {}))
            for provider, item in pairs]


def submitted_fields(provider, sections):
    """{(section name, field key): value} of the defined fields a submitted body names (`sections` as bound by
    the input serializer); values are text, an absent or null value being empty."""
    submitted = {}
    for section in provider.sections:
        sent = next((s for s in sections if s.get("name") == section.name), None)
        if sent is None:
            continue
        for field in section.fields:
            key = field.unique_key(section.name)
            match = next((f for f in sent.get("fields", ()) if (f.get("metadataPropertyName")
                                                                 or f"{section.name}/{f.get('fieldName')}") == key),
                         None)
            if match is not None:
                submitted[(section.name, key)] = match.get("currentValue") or ""
    return submitted


def submitted_profile(provider, item, sections):
    """The profile a body describes: the submitted values of the defined fields, the others as a new profile shows
    them (what the validate routes judge)."""
    submitted = submitted_fields(provider, sections)
    return _filled(provider, item, lambda section, field: submitted.get(
        (section.name, field.unique_key(section.name)), field.initial_value))


def validate(profile):
    """The profile with `errors`: `[{message, fieldName, metadataPropertyName}]`, one per field that breaks its
    rules, in the order of the fields."""
    errors = []
    for _section, value in profile.values():
        problem = value.field.problem(value.current_value)
        if problem:
            errors.append({"message": problem, "fieldName": value.field.field_name,
                           "metadataPropertyName": value.field.metadata_property_name})
    profile.errors = errors
    return profile


def field_total(errors):
    """How many distinct fields the errors are about."""
    return len({error["metadataPropertyName"] for error in errors if error["metadataPropertyName"]})


def is_finalised(item):
    """True when the item is, or belongs to, a finalised model (folders and classifiers never are)."""
    if isinstance(item, m.CatalogueModel):
        return item.finalised
    model = getattr(item, "model", None)
    return bool(model is not None and model.finalised)


def model_items(model, references):
    """{(segment, id text): item} for the items of `model` that (domain type segment, id) pairs name; anything
    else (unknown kinds, malformed ids, the model itself, items of other models) is left out. One query per kind."""
    wanted = {}
    for segment, raw_id in references:
        cls = DOMAIN_SEGMENTS.get(segment)
        if cls is None or cls in (m.Folder, m.Classifier, m.CatalogueModel):
            continue
        try:
            pk = uuid.UUID(str(raw_id))
        except ValueError:
            continue
        wanted.setdefault(cls, {})[(segment, raw_id)] = pk
    found = {}
    for cls, keys in wanted.items():
        queryset = cls.objects.filter(pk__in=set(keys.values()), model_id=model.pk).select_related("model")
        if cls is m.EnumerationValue:
            queryset = queryset.select_related("data_type")
        items = {item.pk: item for item in queryset}
        for key, pk in keys.items():
            if pk in items:
                found[key] = items[pk]
    return found
