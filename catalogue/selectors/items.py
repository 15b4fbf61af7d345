"""Read paths for model items: finding what a URL names (through the access policy) and the list querysets.

Every lookup starts from the data model named in the URL, fetched through `readable_models`, so an
unreadable model hides everything under it (404). Items named in the URL must belong to that model:
an unknown item is a 404 naming its class; a parent class that exists in another readable model is
Mauro's 400 `DCI01`, raised by `require_class_in_model` after the permission checks.
"""

from django.db.models import Prefetch

from accounts.access import EDITOR, get_readable, readable_items, readable_models, role_at_least, role_on
from catalogue import models as m
from config.api.errors import BadRequest, NotFound
from config.api.ids import parse_uuid

DATA_CLASS, DATA_ELEMENT, DATA_TYPE = "DataClass", "DataElement", "DataType"
ENUMERATION_TYPE, ENUMERATION_VALUE = "EnumerationType", "EnumerationValue"

#: `sort` values clients may send for item lists (Mauro names → fields).
ITEM_SORT_FIELDS = {"label": "label", "idx": "index", "index": "index", "lastUpdated": "last_updated",
                    "dateCreated": "date_created"}
ORDERED = ("index", "label")
BY_LABEL = ("label",)


# --- what the URL names --------------------------------------------------------------------------------

def data_model(user, model_id):
    """The readable data model named in the URL (with its folder, which the access checks read)."""
    pk = parse_uuid(model_id, "DataModel")
    return get_readable(readable_models, user, m.DataModel.objects.select_related("folder", "authority"), pk,
                        "DataModel")


def data_class(user, model, class_id):
    """A class named as a parent: 404 when unknown or unreadable; may belong to another model
    (checked later by `require_class_in_model`)."""
    pk = parse_uuid(class_id, DATA_CLASS)
    found = m.DataClass.objects.filter(pk=pk, model_id=model.pk).first()
    if found is None:
        found = readable_items(user, m.DataClass.objects.filter(pk=pk)).first()
    if found is None:
        raise NotFound(DATA_CLASS, pk)
    return found


def require_class_in_model(model, data_class):
    if data_class.model_id != model.pk:
        raise BadRequest("Provided dataClassId is not inside provided dataModelId", error_code="DCI01")


def child_class(model, parent, class_id):
    """A class directly under `parent` (None: a root class) of `model`."""
    pk = parse_uuid(class_id, DATA_CLASS)
    found = m.DataClass.objects.filter(pk=pk, model_id=model.pk, parent_data_class=parent).first()
    if found is None:
        raise NotFound(DATA_CLASS, pk)
    return found


def class_of_model(model, class_id):
    """Any class of `model` (404 otherwise)."""
    pk = parse_uuid(class_id, DATA_CLASS)
    found = m.DataClass.objects.filter(pk=pk, model_id=model.pk).first()
    if found is None:
        raise NotFound(DATA_CLASS, pk)
    return found


def data_element(data_class, element_id):
    pk = parse_uuid(element_id, DATA_ELEMENT)
    found = elements_with_types(m.DataElement.objects.filter(pk=pk, data_class=data_class)).first()
    if found is None:
        raise NotFound(DATA_ELEMENT, pk)
    return found


def data_type(model, type_id, *, resource=DATA_TYPE):
    pk = parse_uuid(type_id, resource)
    found = types_with_details(m.DataType.objects.filter(pk=pk, model_id=model.pk)).first()
    if found is None:
        raise NotFound(resource, pk)
    return found


def enumeration_type(model, type_id):
    pk = parse_uuid(type_id, ENUMERATION_TYPE)
    found = m.DataType.objects.filter(pk=pk, model_id=model.pk, kind=m.DataTypeKind.ENUMERATION).first()
    if found is None:
        raise NotFound(ENUMERATION_TYPE, pk)
    return found


def enumeration_value(enumeration, value_id):
    pk = parse_uuid(value_id, ENUMERATION_VALUE)
    found = m.EnumerationValue.objects.filter(pk=pk, data_type=enumeration).select_related("data_type").first()
    if found is None:
        raise NotFound(ENUMERATION_VALUE, pk)
    return found


# --- list querysets (a fixed number of queries whatever their length) --------------------------------------

def _values_in_order():
    return Prefetch("enumeration_values", queryset=m.EnumerationValue.objects.order_by("index", "key", "pk"))


def types_with_details(queryset):
    """Types with what their JSON shows: values (one query for the page) and the referenced class."""
    return queryset.select_related("reference_class").prefetch_related(_values_in_order())


def elements_with_types(queryset):
    return queryset.select_related("data_type", "data_type__reference_class").prefetch_related(
        Prefetch("data_type__enumeration_values",
                 queryset=m.EnumerationValue.objects.order_by("index", "key", "pk")))


def root_classes(model):
    return m.DataClass.objects.filter(model_id=model.pk, parent_data_class__isnull=True)


def child_classes(parent):
    return m.DataClass.objects.filter(model_id=parent.model_id, parent_data_class=parent)


def all_classes(model):
    return m.DataClass.objects.filter(model_id=model.pk)


def class_elements(data_class):
    return elements_with_types(m.DataElement.objects.filter(data_class=data_class))


def model_elements(model):
    return elements_with_types(m.DataElement.objects.filter(model_id=model.pk))


def type_elements(data_type):
    return elements_with_types(m.DataElement.objects.filter(model_id=data_type.model_id, data_type=data_type))


def model_types(model):
    return types_with_details(m.DataType.objects.filter(model_id=model.pk))


def type_values(enumeration):
    return m.EnumerationValue.objects.filter(data_type=enumeration).select_related("data_type")


def extended_classes(user, data_class):
    """The classes `data_class` extends that the caller may read, in a stable order. An extended class lives in
    the same model or in a finalised one, which may since have become unreadable: then it is left out."""
    ids = m.DataClassExtension.objects.filter(data_class=data_class).values("extended_data_class_id")
    return list(readable_items(user, m.DataClass.objects.filter(pk__in=ids)).order_by("label", "pk"))


def extension_target(data_class, other_model_id, other_class_id):
    """The class `data_class` extends, named by its model and id, whether or not the caller may read it (None
    when there is no such extension). Only for removing the link by an editor of `data_class`."""
    model_pk = parse_uuid(other_model_id, "DataModel")
    class_pk = parse_uuid(other_class_id, DATA_CLASS)
    link = (m.DataClassExtension.objects.filter(data_class=data_class, extended_data_class_id=class_pk,
                                                extended_data_class__model_id=model_pk)
            .select_related("extended_data_class").first())
    return link.extended_data_class if link is not None else None


def extension_to_remove(user, model, data_class, other_model_id, other_class_id):
    """The class whose link from `data_class` (named under `model`) a `DELETE …/extends/…` removes. An editor of
    the extending class may name a class they can no longer read when the link exists (the link is theirs; the
    target's label and content stay hidden). Anyone else names it as for adding a link: a class of a readable
    model, else 404, whether or not the link exists."""
    if data_class.model_id == model.pk and role_at_least(role_on(user, model), EDITOR):
        target = extension_target(data_class, other_model_id, other_class_id)
        if target is not None:
            return target
    return class_of_model(data_model(user, other_model_id), other_class_id)


def classifiers_of(user, item):
    """The readable classifiers attached to an item, by label."""
    from accounts.access import readable_classifiers

    ids = m.ClassifierLink.objects.filter(catalogue_item_id=item.pk).values("classifier_id")
    return list(readable_classifiers(user, m.Classifier.objects.filter(pk__in=ids)).order_by("label", "pk"))
