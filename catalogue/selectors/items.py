"""Read paths for model items: finding what a URL names (through the access policy) and the list querysets.

Every lookup starts from the data model named in the URL, fetched through `readable_models`, so an
unreadable model hides everything under it (404). Items named in the URL must belong to that model:
an unknown item is a 404 naming its class; a parent class that exists in another readable model is
Mauro's 400 `DCI01`, raised by `require_class_in_model` after the permission checks.

The lookups and the lists that every page of the catalogue reads are prepared queries (`config.prepared`), and
the lists and shows of items answer rows (`catalogue.selectors.item_rows`) rather than model instances.
"""

from django.db.models import Prefetch

from accounts.access import EDITOR, readable_classifiers, readable_items, readable_models, role_at_least, role_on
from catalogue import models as m
from catalogue.selectors import item_rows as rows
from config.api.errors import BadRequest, NotFound
from config.api.ids import parse_uuid
from config.api.pagination import prepared_page
from config.prepared import PreparedList, PreparedQuery

DATA_CLASS, DATA_ELEMENT, DATA_TYPE = "DataClass", "DataElement", "DataType"
ENUMERATION_TYPE, ENUMERATION_VALUE = "EnumerationType", "EnumerationValue"

#: `sort` values clients may send for item lists (Mauro names → fields).
ITEM_SORT_FIELDS = {"label": "label", "idx": "index", "index": "index", "lastUpdated": "last_updated",
                    "dateCreated": "date_created"}
ORDERED = ("index", "label")
BY_LABEL = ("label",)


# --- what the URL names --------------------------------------------------------------------------------

#: Data models (the proxy), built once: the queryset the access policy restricts, never evaluated itself.
_DATA_MODELS = m.DataModel.objects.all()
_DATA_MODEL = PreparedQuery(lambda: _DATA_MODELS, lambda models, pk: models.filter(pk=pk).select_related(
    "folder", "authority").order_by()[:1])


def data_model(user, model_id):
    """The readable data model named in the URL (with its folder, which the access checks read)."""
    pk = parse_uuid(model_id, "DataModel")
    found = _DATA_MODEL.first_readable(readable_models, user, pk=pk)
    if found is None:
        raise NotFound("DataModel", pk)
    return found


_CLASS_OF_MODEL = PreparedQuery(lambda: m.DataClass.objects.all(),
                                lambda classes, pk, model: classes.filter(pk=pk, model_id=model).order_by()[:1])


def data_class(user, model, class_id):
    """A class named as a parent: 404 when unknown or unreadable; may belong to another model
    (checked later by `require_class_in_model`)."""
    pk = parse_uuid(class_id, DATA_CLASS)
    found = _CLASS_OF_MODEL.first(pk=pk, model=model.pk)
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


def all_classes(model):
    return m.DataClass.objects.filter(model_id=model.pk)


def model_elements(model):
    return elements_with_types(m.DataElement.objects.filter(model_id=model.pk))


def model_types(model):
    return types_with_details(m.DataType.objects.filter(model_id=model.pk))


def type_values(enumeration):
    return m.EnumerationValue.objects.filter(data_type=enumeration).select_related("data_type")


_EXTENDED = PreparedQuery(lambda: m.DataClass.objects.all(), lambda classes, data_class: classes.filter(
    pk__in=m.DataClassExtension.objects.filter(data_class_id=data_class).values("extended_data_class_id"))
    .order_by("label", "pk"))


def extended_classes(user, data_class):
    """The classes `data_class` extends that the caller may read, in a stable order. An extended class lives in
    the same model or in a finalised one, which may since have become unreadable: then it is left out."""
    return _EXTENDED.readable(readable_items, user, data_class=data_class.pk)


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


_CLASSIFIERS_OF = PreparedQuery(lambda: m.Classifier.objects.all(), lambda classifiers, item: classifiers.filter(
    pk__in=m.ClassifierLink.objects.filter(catalogue_item_id=item).values("classifier_id")).order_by("label", "pk"))


def classifiers_of(user, item):
    """The readable classifiers attached to an item, by label."""
    return _CLASSIFIERS_OF.readable(readable_classifiers, user, item=item.pk)


# --- rows for the answers (catalogue.selectors.item_rows): prepared queries, no model instances -----------------

def _rows_list(model_class, narrow, columns):
    return PreparedList(lambda: model_class.objects.all(), narrow, columns=columns)


_VALUES_OF_TYPES = PreparedQuery(lambda: m.EnumerationValue.objects.all(), lambda values, data_types: values.filter(
    data_type__pk__in=data_types).order_by("index", "key", "pk").values_list(*rows.VALUE_COLUMNS), text_ids=True)


def values_by_type(type_ids):
    """{type id: (EnumerationValueRow, ...)} in each type's order (one query, none for no type)."""
    if not type_ids:
        return {}
    grouped = {}
    for row in _VALUES_OF_TYPES.rows(data_types=list(type_ids)):
        grouped.setdefault(row[-1], []).append(rows.EnumerationValueRow(*row))
    return {type_id: tuple(values) for type_id, values in grouped.items()}


_TYPES_WITH_VALUES = PreparedQuery(lambda: m.DataType.objects.all(), lambda types, ids: types.filter(
    pk__in=ids).order_by("pk", "enumeration_values__index", "enumeration_values__key", "enumeration_values__pk")
    .values_list(*rows.TYPE_WITH_VALUES_COLUMNS), text_ids=True)


def _elements(page_rows):
    """Element rows with their types: each type of the page read once, with its values (one query, as the
    prefetch of the values was, when there is any element)."""
    page_rows = list(page_rows)
    if not page_rows:
        return []
    type_ids = list(dict.fromkeys(row[-1] for row in page_rows))
    return rows.elements_from(page_rows, rows.types_from(_TYPES_WITH_VALUES.rows(ids=type_ids)))


_ELEMENT_LISTS = {
    "model": _rows_list(m.DataElement, lambda elements, model: elements.filter(model_id=model),
                       rows.ELEMENT_PAGE_COLUMNS),
    "type": _rows_list(m.DataElement, lambda elements, model, data_type: elements.filter(
        model_id=model, data_type_id=data_type), rows.ELEMENT_PAGE_COLUMNS),
    "class": _rows_list(m.DataElement, lambda elements, data_class: elements.filter(data_class_id=data_class),
                       rows.ELEMENT_PAGE_COLUMNS),
}


def element_page(scope, *, ordering, offset, limit, **values):
    """(count, element rows) of one page of a model's elements (`scope` "model": `model`), a type's (`"type"`:
    `model`, `data_type`) or a class's (`"class"`: `data_class`), in `ordering`."""
    count, page = prepared_page(_ELEMENT_LISTS[scope], ordering, offset, limit, values)
    return count, _elements(page)


#: One element with its type and the type's values (a row per value), for its show: one query.
_ELEMENT_SHOWN = PreparedQuery(lambda: m.DataElement.objects.all(), lambda elements, pk, data_class: elements.filter(
    pk=pk, data_class_id=data_class).order_by(*rows.related("data_type__enumeration_values", ("index", "key", "pk")))
    .values_list(*rows.ELEMENT_COLUMNS, "last_updated", *rows.related("data_type", rows.TYPE_WITH_VALUES_COLUMNS)),
    text_ids=True)


def element_row(data_class, element_id):
    """One element of a class as a row with its type and `last_updated` (its show), else the 404."""
    pk = parse_uuid(element_id, DATA_ELEMENT)
    found = _ELEMENT_SHOWN.rows(pk=pk, data_class=data_class.pk)
    if not found:
        raise NotFound(DATA_ELEMENT, pk)
    start = len(rows.ELEMENT_COLUMNS) + 1
    (data_type,) = rows.types_from(row[start:] for row in found).values()
    return rows.DataElementRow(*found[0][:start - 1], data_type, found[0][start - 1])


_CLASS_LISTS = {
    "root": _rows_list(m.DataClass, lambda classes, model: classes.filter(
        model_id=model, parent_data_class__isnull=True), rows.CLASS_COLUMNS),
    "children": _rows_list(m.DataClass, lambda classes, model, parent: classes.filter(
        model_id=model, parent_data_class_id=parent), rows.CLASS_COLUMNS),
    "all": _rows_list(m.DataClass, lambda classes, model: classes.filter(model_id=model), rows.CLASS_COLUMNS),
}


def class_page(scope, *, ordering, offset, limit, **values):
    """(count, class rows) of one page of a model's root classes (`scope` "root": `model`), a class's child
    classes (`"children"`: `model`, `parent`) or all of a model's classes (`"all"`: `model`)."""
    count, page = prepared_page(_CLASS_LISTS[scope], ordering, offset, limit, values)
    return count, [rows.DataClassRow(*row) for row in page]


_TYPE_LIST = _rows_list(m.DataType, lambda types, model: types.filter(model_id=model), rows.TYPE_PAGE_COLUMNS)


def type_page(*, ordering, offset, limit, model):
    """(count, type rows) of one page of a model's data types, each with its values and referenced class."""
    count, page = prepared_page(_TYPE_LIST, ordering, offset, limit, {"model": model})
    page = list(page)
    values = values_by_type([row[0] for row in page]) if page else {}
    return count, [rows.type_from(row, values) for row in page]


def content_page(parent, *, ordering, offset, limit):
    """(count, class rows, element rows) of one page of a class's content: its child classes, then its elements,
    as one list (the elements' slice continues where the classes' ends)."""
    classes_query, elements_query = _CLASS_LISTS["children"], _ELEMENT_LISTS["class"]
    class_values, element_values = {"model": parent.model_id, "parent": parent.pk}, {"data_class": parent.pk}
    class_count = classes_query.count(**class_values)
    element_count = elements_query.count(**element_values)
    stop = None if limit is None else offset + limit
    classes = []
    if offset < class_count and stop != offset:
        classes = [rows.DataClassRow(*row) for row in classes_query.fetch(
            ordering, offset, None if stop is None else stop - offset, **class_values)]
    element_start = max(offset - class_count, 0)
    element_stop = None if stop is None else max(stop - class_count, 0)
    elements = []
    if element_start < element_count and (element_stop is None or element_stop > element_start):
        elements = _elements(elements_query.fetch(
            ordering, element_start, None if element_stop is None else element_stop - element_start,
            **element_values))
    return class_count + element_count, classes, elements
