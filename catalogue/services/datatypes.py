"""Data types (primitive, enumeration, reference, model) and enumeration values.

A type belongs to one model and its label is unique there. Enumeration values are ordered within
their type and their key is unique there. A type still used by data elements cannot be deleted.
"""

import re
import uuid

from django.db import transaction

from accounts.access import readable_models
from catalogue import models as m
from catalogue.services import ordering
from catalogue.services.items import (
    checked_label,
    clean_description,
    delete_facets,
    lock_model,
    record_created,
    record_removed,
    record_updated,
    require_unique_label,
    snapshot,
)
from config.api.errors import Unprocessable

KINDS = {kind.value for kind in m.DataTypeKind}
MODEL_RESOURCE_TYPES = {choice.value for choice in m.ModelDomainType}
TEXT_MAX = 255
_TRACKED = {"label": "label", "description": "description", "index": "index", "units": "units"}
_VALUE_TRACKED = {"key": "key", "value": "value", "category": "category", "index": "index"}


def _creator(user):
    return user.email_address if user is not None and user.is_authenticated else ""


def _error(message, field):
    return Unprocessable([{"message": message, "field": field}])


def model_types(model_id):
    return m.DataType.objects.filter(model_id=model_id)


def _text(value, *, field, domain_type, required, max_length=TEXT_MAX):
    """A short text from a body: numbers become text, blank counts as missing, too long or not text → 422."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _error(f"Property [{field}] of class [{domain_type}] cannot be blank", field)
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _error(f"Property [{field}] of class [{domain_type}] must be text", field)
    text = str(value)
    if "\x00" in text:
        raise _error(f"Property [{field}] of class [{domain_type}] cannot contain a NUL character", field)
    if max_length is not None and len(text) > max_length:
        raise _error(f"Property [{field}] of class [{domain_type}] is longer than {max_length}", field)
    return text


def _reference(value, *, field, domain_type):
    """A UUID given as `"<uuid>"` or `{"id": "<uuid>"}`; anything else → 422."""
    if isinstance(value, dict):
        value = value.get("id")
    if value in (None, ""):
        raise _error(f"Property [{field}] of class [{domain_type}] cannot be null", field)
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise _error(f"Property [{field}] of class [{domain_type}] is not a valid id", field)


def parse_kind(value):
    if isinstance(value, str) and value in KINDS:
        return value
    raise _error(f"Property [domainType] must be one of {', '.join(sorted(KINDS))}, not [{value}]", "domainType")


# --- the kinds' own fields -----------------------------------------------------------------------------------

def reference_class_in(model, value):
    """The class a ReferenceType points at: it must be a class of the type's own model."""
    pk = _reference(value, field="referenceClass", domain_type="ReferenceType")
    found = m.DataClass.objects.filter(pk=pk, model_id=model.pk).first()
    if found is None:
        raise _error(f"Property [referenceClass] of class [ReferenceType] with value [{pk}] must be a DataClass of "
                     "the same DataModel", "referenceClass")
    return found


def referenced_model(user, domain_type, value):
    """The model a ModelDataType points at: a kind of model the caller can read."""
    if domain_type not in MODEL_RESOURCE_TYPES:
        raise _error(f"Property [modelResourceDomainType] of class [ModelDataType] must be one of "
                     f"{', '.join(sorted(MODEL_RESOURCE_TYPES))}", "modelResourceDomainType")
    pk = _reference(value, field="modelResourceId", domain_type="ModelDataType")
    found = readable_models(user, m.CatalogueModel.objects.filter(pk=pk, model_domain_type=domain_type)).first()
    if found is None:
        raise _error(f"Property [modelResourceId] of class [ModelDataType] with value [{pk}] does not name a "
                     f"readable {domain_type}", "modelResourceId")
    return found


def parse_enumeration_values(values, *, required):
    """`[{key, value, category?, index?}]` → clean dicts; keys unique in the list (422 otherwise)."""
    if values is None:
        if required:
            raise _error("Property [enumerationValues] of class [EnumerationType] must contain at least one value",
                         "enumerationValues")
        return []
    if not isinstance(values, list):
        raise _error("Property [enumerationValues] of class [EnumerationType] must be a list", "enumerationValues")
    if required and not values:
        raise _error("Property [enumerationValues] of class [EnumerationType] must contain at least one value",
                     "enumerationValues")
    parsed, seen = [], set()
    for position, entry in enumerate(values):
        field = f"enumerationValues[{position}]"
        if not isinstance(entry, dict):
            raise _error(f"Property [{field}] of class [EnumerationType] must be an object", field)
        key = _text(entry.get("key"), field=f"{field}.key", domain_type="EnumerationValue", required=True)
        value = _text(entry.get("value"), field=f"{field}.value", domain_type="EnumerationValue", required=True,
                      max_length=None)
        category = _text(entry.get("category"), field=f"{field}.category", domain_type="EnumerationValue",
                         required=False)
        if key in seen:
            raise _error(f"Property [key] of class [EnumerationValue] with value [{key}] must be unique within its "
                         "EnumerationType", f"{field}.key")
        seen.add(key)
        parsed.append({"id": entry.get("id"), "key": key, "value": value, "category": category})
    return parsed


def default_label(model, base):
    """`Reference to X`, or `Reference to X 1`, `… 2` when taken (one query)."""
    taken = set(model_types(model.pk).filter(label__startswith=base).values_list("label", flat=True))
    if base not in taken:
        return base
    pattern = re.compile(re.escape(base) + r" (\d+)$")
    numbers = [int(match.group(1)) for label in taken if (match := pattern.match(label))]
    return f"{base} {max(numbers, default=0) + 1}"


# --- data types -------------------------------------------------------------------------------------------------

def _new_values(data_type, values, user):
    return [m.EnumerationValue(model_id=data_type.model_id, data_type=data_type, key=v["key"], label=v["key"],
                               value=v["value"], category=v["category"], index=position, created_by=_creator(user))
            for position, v in enumerate(values)]


def build_data_type(*, user, model, domain_type, label=None, description=None, units=None, enumeration_values=None,
                    reference_class=None, model_resource_domain_type=None, model_resource_id=None):
    """Check a new type's fields and return it unsaved, with its enumeration values (not saved either)."""
    kind = parse_kind(domain_type)
    values, reference, resource = [], None, None
    if kind == m.DataTypeKind.ENUMERATION:
        values = parse_enumeration_values(enumeration_values, required=True)
    elif kind == m.DataTypeKind.REFERENCE:
        reference = reference_class_in(model, reference_class)
    elif kind == m.DataTypeKind.MODEL:
        resource = referenced_model(user, model_resource_domain_type, model_resource_id)
    if label in (None, "") and reference is not None:
        label = default_label(model, f"Reference to {reference.label}")
    elif label in (None, "") and resource is not None:
        label = default_label(model, f"Reference to {resource.label}")
    checked_label(label, domain_type=kind)
    data_type = m.DataType(
        model=model, kind=kind, label=label, description=clean_description(description), created_by=_creator(user),
        units=_text(units, field="units", domain_type=kind, required=False) if kind == m.DataTypeKind.PRIMITIVE
        else None,
        reference_class=reference,
        model_resource_id=resource.pk if resource else None,
        model_resource_domain_type=resource.model_domain_type if resource else None)
    return data_type, _new_values(data_type, values, user)


@transaction.atomic
def create_data_type(*, user, model, index=None, **fields):
    data_type, values = build_data_type(user=user, model=model, **fields)
    lock_model(model)
    others = model_types(model.pk)
    require_unique_label(others, data_type.label, domain_type=data_type.kind, where="within its DataModel")
    data_type.index = ordering.open_gap(others, index)
    data_type.save()
    m.EnumerationValue.objects.bulk_create(values)
    record_created(user=user, item=data_type, parent=model)
    return data_type


def find_or_create_data_type(*, user, model, fields):
    """A type described inline (no id): the model's type of that kind and label, else a new one."""
    kind = parse_kind(fields.get("domain_type"))
    label = fields.get("label")
    if label in (None, "") and kind == m.DataTypeKind.REFERENCE and fields.get("reference_class") is not None:
        label = f"Reference to {reference_class_in(model, fields['reference_class']).label}"
    if label not in (None, ""):
        existing = model_types(model.pk).filter(kind=kind, label=label).first()
        if existing is not None:
            return existing
    return create_data_type(user=user, model=model, **{**fields, "label": label})


def _merge_values(user, data_type, values):
    """Update values named by id or key, add the others at the end; none is removed (one query per kind)."""
    current = list(data_type.enumeration_values.all())
    by_id = {str(v.pk): v for v in current}
    by_key = {v.key: v for v in current}
    changed, added = [], []
    end = max((v.index for v in current), default=-1) + 1
    for entry in values:
        target = by_id.get(str(entry["id"])) if entry["id"] else None
        target = target or by_key.get(entry["key"])
        if target is None:
            added.append(m.EnumerationValue(model_id=data_type.model_id, data_type=data_type, key=entry["key"],
                                            label=entry["key"], value=entry["value"], category=entry["category"],
                                            index=end + len(added), created_by=_creator(user)))
            continue
        target.key = target.label = entry["key"]
        target.value, target.category = entry["value"], entry["category"]
        changed.append(target)
    final_keys = [v.key for v in current] + [v.key for v in added]
    if len(set(final_keys)) != len(final_keys):
        raise _error("Property [key] of class [EnumerationValue] must be unique within its EnumerationType",
                     "enumerationValues")
    if changed:
        m.EnumerationValue.objects.bulk_update(changed, ["key", "label", "value", "category"], batch_size=500)
    if added:
        m.EnumerationValue.objects.bulk_create(added)
    return bool(changed or added)


@transaction.atomic
def update_data_type(*, user, data_type, changes):
    """Apply the fields present in `changes`; the kind cannot change; a new `index` moves the type."""
    before = snapshot(data_type, _TRACKED)
    kind = data_type.kind
    if "domain_type" in changes and changes["domain_type"] not in (None, kind):
        raise _error(f"Property [domainType] cannot change from [{kind}] to [{changes['domain_type']}]",
                     "domainType")
    others = model_types(data_type.model_id).exclude(pk=data_type.pk)
    if "label" in changes:
        label = checked_label(changes["label"], domain_type=kind)
        require_unique_label(others, label, domain_type=kind, where="within its DataModel")
        data_type.label = label
    if "description" in changes:
        data_type.description = clean_description(changes["description"])
    if kind == m.DataTypeKind.PRIMITIVE and "units" in changes:
        data_type.units = _text(changes["units"], field="units", domain_type=kind, required=False)
    if kind == m.DataTypeKind.REFERENCE and changes.get("reference_class") is not None:
        data_type.reference_class = reference_class_in(data_type.model, changes["reference_class"])
    if kind == m.DataTypeKind.MODEL and ("model_resource_id" in changes or "model_resource_domain_type" in changes):
        resource = referenced_model(
            user, changes.get("model_resource_domain_type", data_type.model_resource_domain_type),
            changes.get("model_resource_id", data_type.model_resource_id))
        data_type.model_resource_id, data_type.model_resource_domain_type = resource.pk, resource.model_domain_type
    values_changed = False
    if kind == m.DataTypeKind.ENUMERATION and changes.get("enumeration_values") is not None:
        values_changed = _merge_values(user, data_type, parse_enumeration_values(changes["enumeration_values"],
                                                                                 required=False))
    if changes.get("index") is not None and changes["index"] != data_type.index:
        lock_model(data_type.model)
        data_type.index = ordering.move(others, old_index=data_type.index, new_index=changes["index"])
    data_type.save()
    after = snapshot(data_type, _TRACKED)
    if values_changed:
        before["enumerationValues"], after["enumerationValues"] = "previous values", "updated values"
    record_updated(user=user, item=data_type, before=before, after=after)
    return data_type


@transaction.atomic
def delete_data_type(*, user, data_type):
    """Remove a type no element uses, with its enumeration values and all their facets."""
    used = m.DataElement.objects.filter(model_id=data_type.model_id, data_type=data_type).count()
    if used:
        raise Unprocessable([{"message": f"Cannot delete {data_type.kind} [{data_type.label}] as it is still used by "
                                         f"{used} DataElement{'s' if used != 1 else ''}"}])
    model = data_type.model
    lock_model(model)
    values = m.EnumerationValue.objects.filter(model_id=model.pk, data_type=data_type)
    delete_facets(model_id=model.pk, item_ids=values.values("pk"))
    delete_facets(model_id=model.pk, item_ids=[data_type.pk])
    values.delete()
    m.DataType.objects.filter(pk=data_type.pk).delete()
    ordering.close_gap(model_types(model.pk), data_type.index)
    record_removed(user=user, item=data_type, parent=model)


# --- enumeration values -------------------------------------------------------------------------------------------

def type_values(data_type):
    return m.EnumerationValue.objects.filter(data_type=data_type)


def _value_fields(key, value, category):
    key = _text(key, field="key", domain_type="EnumerationValue", required=True)
    value = _text(value, field="value", domain_type="EnumerationValue", required=True, max_length=None)
    category = _text(category, field="category", domain_type="EnumerationValue", required=False)
    return key, value, category


@transaction.atomic
def create_enumeration_value(*, user, enumeration, key, value, category=None, index=None):
    key, value, category = _value_fields(key, value, category)
    lock_model(enumeration.model)
    others = type_values(enumeration)
    require_unique_label(others, key, domain_type="EnumerationValue", where="within its EnumerationType", field="key")
    item = m.EnumerationValue.objects.create(
        model_id=enumeration.model_id, data_type=enumeration, key=key, value=value, category=category,
        index=ordering.open_gap(others, index), created_by=_creator(user))
    record_created(user=user, item=item, parent=enumeration)
    return item


@transaction.atomic
def update_enumeration_value(*, user, item, changes):
    before = snapshot(item, _VALUE_TRACKED)
    others = type_values(item.data_type).exclude(pk=item.pk)
    key, value, category = _value_fields(changes.get("key", item.key), changes.get("value", item.value),
                                         changes.get("category", item.category))
    if key != item.key:
        require_unique_label(others, key, domain_type="EnumerationValue", where="within its EnumerationType",
                             field="key")
    item.key, item.value, item.category = key, value, category
    if changes.get("index") is not None and changes["index"] != item.index:
        lock_model(item.data_type.model)
        item.index = ordering.move(others, old_index=item.index, new_index=changes["index"])
    item.save()
    record_updated(user=user, item=item, before=before, after=snapshot(item, _VALUE_TRACKED))
    return item


@transaction.atomic
def delete_enumeration_value(*, user, item):
    enumeration = item.data_type
    lock_model(enumeration.model)
    delete_facets(model_id=item.model_id, item_ids=[item.pk])
    m.EnumerationValue.objects.filter(pk=item.pk).delete()
    ordering.close_gap(type_values(enumeration), item.index)
    record_removed(user=user, item=item, parent=enumeration)
