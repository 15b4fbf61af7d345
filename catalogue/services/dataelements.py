"""Data elements: the fields of a class, each typed by a data type of the same model."""

import uuid

from django.db import transaction

from catalogue import models as m
from catalogue.services import ordering
from catalogue.services.datatypes import find_or_create_data_type
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

DOMAIN = "DataElement"
_TRACKED = {"label": "label", "description": "description", "minMultiplicity": "min_multiplicity",
            "maxMultiplicity": "max_multiplicity", "index": "index"}

#: Inline type bodies (`dataType: {domainType, label, ...}` without an id) → the type service's names.
_INLINE_TYPE_FIELDS = {"domainType": "domain_type", "label": "label", "description": "description",
                       "units": "units", "enumerationValues": "enumeration_values",
                       "referenceClass": "reference_class", "modelResourceDomainType": "model_resource_domain_type",
                       "modelResourceId": "model_resource_id"}


def _creator(user):
    return user.email_address if user is not None and user.is_authenticated else ""


def _invalid_type(message):
    return Unprocessable([{"message": message, "field": "dataType"}])


def resolve_data_type(*, user, model, value):
    """The element's type: `"<uuid>"` or `{"id": ...}` naming a type of the same model, or an inline
    `{domainType, label, ...}` that finds the model's type of that kind and label or creates it."""
    if isinstance(value, dict) and not value.get("id") and value.get("domainType") is not None:
        fields = {_INLINE_TYPE_FIELDS[k]: v for k, v in value.items() if k in _INLINE_TYPE_FIELDS}
        return find_or_create_data_type(user=user, model=model, fields=fields)
    raw = value.get("id") if isinstance(value, dict) else value
    if raw in (None, ""):
        raise _invalid_type("Property [dataType] of class [DataElement] cannot be null")
    try:
        found = m.DataType.objects.filter(pk=uuid.UUID(str(raw)), model_id=model.pk).first()
    except ValueError:
        found = None
    if found is None:
        raise _invalid_type(f"Property [dataType] of class [DataElement] with value [{raw}] must be a DataType of "
                            "the same DataModel")
    return found


def siblings(data_class):
    return m.DataElement.objects.filter(data_class=data_class)


@transaction.atomic
def create_data_element(*, user, data_class, label, data_type, description=None, min_multiplicity=None,
                        max_multiplicity=None, index=None):
    model = data_class.model
    checked_label(label, domain_type=DOMAIN)
    lock_model(model)
    others = siblings(data_class)
    require_unique_label(others, label, domain_type=DOMAIN, where="within its DataClass")
    resolved = resolve_data_type(user=user, model=model, value=data_type)
    element = m.DataElement.objects.create(
        model=model, data_class=data_class, data_type=resolved, label=label,
        description=clean_description(description), min_multiplicity=min_multiplicity,
        max_multiplicity=max_multiplicity, index=ordering.open_gap(others, index), created_by=_creator(user))
    record_created(user=user, item=element, parent=data_class)
    return element


def _state(element):
    state = snapshot(element, _TRACKED)
    state["dataType"] = element.data_type.label
    return state


@transaction.atomic
def update_data_element(*, user, element, changes):
    before = _state(element)
    others = siblings(element.data_class_id).exclude(pk=element.pk)
    if "label" in changes:
        label = checked_label(changes["label"], domain_type=DOMAIN)
        require_unique_label(others, label, domain_type=DOMAIN, where="within its DataClass")
        element.label = label
    if "description" in changes:
        element.description = clean_description(changes["description"])
    for field in ("min_multiplicity", "max_multiplicity"):
        if field in changes:
            setattr(element, field, changes[field])
    if changes.get("data_type") is not None:
        element.data_type = resolve_data_type(user=user, model=element.model, value=changes["data_type"])
    if changes.get("index") is not None and changes["index"] != element.index:
        lock_model(element.model)
        element.index = ordering.move(others, old_index=element.index, new_index=changes["index"])
    element.save()
    record_updated(user=user, item=element, before=before, after=_state(element))
    return element


@transaction.atomic
def delete_data_element(*, user, element):
    data_class = element.data_class
    lock_model(element.model)
    delete_facets(model_id=element.model_id, item_ids=[element.pk])
    m.DataElement.objects.filter(pk=element.pk).delete()
    ordering.close_gap(siblings(data_class), element.index)
    record_removed(user=user, item=element, parent=data_class)
