"""Find any catalogue item named by a `{domainType}` URL segment (or a stored domain type) through the access policy.

`resolve_item` is the one way facet, search and path endpoints turn `/api/{ciType}/{ciId}/...` into an object:
unknown type → 400 `MCI02`; a bad, missing or unreadable id → 404 naming the type. Containers are judged
by their own role, models and model items by the owning model (`accounts.access`).

`readable_reference_condition` and `load_items` serve things that point at items of any type (semantic
links, classifier attachments): the first filters rows in the database to those whose item the caller may
read, the second loads the items of many rows with one query per item class.
"""

from typing import NamedTuple

from django.db.models import Q

from accounts import access
from catalogue import models as m
from catalogue.selectors.domain_segments import item_class_for
from catalogue.selectors.paths import Locator
from config.api.errors import BadRequest, NotFound, Unprocessable
from config.api.ids import optional_uuid, parse_uuid
from config.prepared import PreparedQuery

MODEL_KINDS = {
    "dataModels": m.ModelDomainType.DATA_MODEL,
    "terminologies": m.ModelDomainType.TERMINOLOGY,
    "codeSets": m.ModelDomainType.CODE_SET,
    "referenceDataModels": m.ModelDomainType.REFERENCE_DATA_MODEL,
}
DATA_TYPE_KINDS = {
    "primitiveTypes": m.DataTypeKind.PRIMITIVE,
    "enumerationTypes": m.DataTypeKind.ENUMERATION,
    "referenceTypes": m.DataTypeKind.REFERENCE,
    "modelDataTypes": m.DataTypeKind.MODEL,
}
#: Stored domain type names → (class, the access function that restricts it). Other kinds of item join here.
DOMAIN_TYPE_CLASSES = {
    "Folder": (m.Folder, access.readable_folders),
    "Classifier": (m.Classifier, access.readable_classifiers),
    **{kind.value: (m.CatalogueModel, access.readable_models) for kind in m.ModelDomainType},
    "DataClass": (m.DataClass, access.readable_items),
    "DataElement": (m.DataElement, access.readable_items),
    **{kind.value: (m.DataType, access.readable_items) for kind in m.DataTypeKind},
    "EnumerationValue": (m.EnumerationValue, access.readable_items),
    "Term": (m.Term, access.readable_items),
    "TermRelationshipType": (m.TermRelationshipType, access.readable_items),
    "TermRelationship": (m.TermRelationship, access.readable_items),
}
CONTAINER_CLASSES = (m.Folder, m.Classifier)


def _segment_variants(plural):
    singular = plural[:-3] + "y" if plural.endswith("ies") else plural[:-1]
    return {plural, singular, singular[0].upper() + singular[1:]}


#: Any accepted spelling of a segment (`dataModels`, `dataModel`, `DataModel`) → its plural form.
_CANONICAL = {variant: plural for plural in [*MODEL_KINDS, *DATA_TYPE_KINDS] for variant in _segment_variants(plural)}


class ResolvedItem(NamedTuple):
    """An item the caller may read, its owning model (the model itself for a model; None for a container)
    and the caller's role on whatever decides access to it."""

    item: object
    model: object
    role: str


#: What an item's answers read besides its model and folder.
_ITEM_RELATED = {m.EnumerationValue: ("model__folder", "data_type"),
                 m.TermRelationship: ("model__folder", "source_term", "target_term")}


def _item_kind(segment):
    """(class, filters, related objects, resource name) of a `{domainType}` segment; unknown → 400 `MCI02`."""
    cls = item_class_for(segment)
    canonical = _CANONICAL.get(segment)
    if cls is m.CatalogueModel:
        kind = MODEL_KINDS.get(canonical, m.ModelDomainType.DATA_MODEL)
        return cls, {"model_domain_type": kind}, ("folder",), kind.value
    if cls is m.DataType and canonical in DATA_TYPE_KINDS:
        kind = DATA_TYPE_KINDS[canonical]
        return cls, {"kind": kind}, ("model__folder",), kind.value
    if cls in CONTAINER_CLASSES:
        return cls, {}, (), cls.__name__
    return cls, {}, _ITEM_RELATED.get(cls, ("model__folder",)), cls.__name__


def item_query(segment):
    """(queryset, resource name) for a `{domainType}` segment; unknown → 400 `MCI02`."""
    cls, filters, related, resource = _item_kind(segment)
    queryset = cls.objects.filter(**filters) if filters else cls.objects.all()
    return queryset.select_related(*related) if related else queryset, resource


#: The access function restricting each class of item.
_RESTRICT = {m.Folder: access.readable_folders, m.Classifier: access.readable_classifiers,
             m.CatalogueModel: access.readable_models}

#: (class, filters, related) → the prepared lookup of one item by id.
_LOOKUPS = {}


def _lookup(cls, filters, related):
    key = (cls, tuple(sorted(filters.items())), related)
    found = _LOOKUPS.get(key)
    if found is None:
        found = _LOOKUPS[key] = PreparedQuery(
            lambda: cls.objects.all(),
            lambda queryset, pk: queryset.filter(**filters, pk=pk).select_related(*related).order_by()[:1])
    return found


def resolve_item(user, segment, item_id):
    """The readable item behind `/api/{segment}/{item_id}` as (item, owning model or None, role)."""
    cls, filters, related, resource = _item_kind(segment)
    pk = parse_uuid(item_id, resource)
    item = _lookup(cls, filters, related).first_readable(_RESTRICT.get(cls, access.readable_items), user, pk=pk)
    if item is None:
        raise NotFound(resource, pk)
    if isinstance(item, CONTAINER_CLASSES):
        return ResolvedItem(item, None, access.role_on(user, item))
    model = item if isinstance(item, m.CatalogueModel) else item.model
    return ResolvedItem(item, model, access.role_on(user, model))


def resolve_reference(user, *, domain_type, item_id, id_field, type_field, owner):
    """An item named in a request body by type and id (fields of class `owner`).

    A missing, unknown or malformed type or id is a 422 on that field; a well-formed reference to something
    missing or unreadable is the same 404 as in a URL.
    """
    if not isinstance(domain_type, str) or not domain_type.strip():
        raise Unprocessable([{"message": f"Property [{type_field}] of class [{owner}] cannot be null",
                              "field": type_field}])
    try:
        item_class_for(domain_type)
    except BadRequest:
        raise Unprocessable([{"message": f"Property [{type_field}] of class [{owner}] with value [{domain_type}] "
                                         f"is not a known catalogue item type", "field": type_field}])
    pk = optional_uuid(item_id, field=id_field, domain_type=owner)
    if pk is None:
        raise Unprocessable([{"message": f"Property [{id_field}] of class [{owner}] cannot be null",
                              "field": id_field}])
    return resolve_item(user, domain_type, pk)


def owning_model_id(item):
    """What a facet on `item` stores as `model`: the model itself, the owning model, or None for containers."""
    if isinstance(item, m.CatalogueModel):
        return item.pk
    return getattr(item, "model_id", None)


def readable_reference_condition(user, *, id_field, type_field):
    """A filter keeping rows whose (`type_field`, `id_field`) names an item the caller may read (one SQL query)."""
    if access.is_site_admin(user):
        return Q()
    by_class = {}
    for domain_type, (cls, restrict) in DOMAIN_TYPE_CLASSES.items():
        by_class.setdefault((cls, restrict), []).append(domain_type)
    condition = Q(pk__in=[])
    for (cls, restrict), domain_types in by_class.items():
        readable_ids = restrict(user, cls.objects.all()).values("pk")
        condition |= Q(**{f"{type_field}__in": domain_types, f"{id_field}__in": readable_ids})
    return condition


def readable_facets(user, queryset):
    """Facet rows (anything with `model`, `catalogue_item_id` and `catalogue_item_domain_type`) on items the
    caller may read: judged on the owning model when there is one, else on the folder or classifier itself."""
    if access.is_site_admin(user):
        return queryset
    on_containers = queryset.filter(model__isnull=True).filter(
        readable_reference_condition(user, id_field="catalogue_item_id", type_field="catalogue_item_domain_type"))
    return access.readable_items(user, queryset) | on_containers


def load_items(references, known=()):
    """{id: item} for (domain type, id) pairs: one query per item class involved, whatever the number of pairs.

    Items in `known` (already loaded) are used as they are.
    """
    items = {item.pk: item for item in known}
    ids_by_class = {}
    for domain_type, item_id in references:
        entry = DOMAIN_TYPE_CLASSES.get(domain_type)
        if entry is not None and item_id not in items:
            ids_by_class.setdefault(entry[0], set()).add(item_id)
    for cls, ids in ids_by_class.items():
        queryset = cls.objects.filter(pk__in=ids)
        if cls is m.EnumerationValue:
            queryset = queryset.select_related("data_type")
        elif cls is m.TermRelationship:
            queryset = queryset.select_related("source_term", "target_term")
        items.update({item.pk: item for item in queryset})
    return items


def item_reference(item, locator=None):
    """The brief form other objects embed: `{id, domainType, label}`, plus `model` and `breadcrumbs` for model items."""
    data = {"id": str(item.pk), "domainType": item.domain_type, "label": item.label}
    if not isinstance(item, (*CONTAINER_CLASSES, m.CatalogueModel)) and hasattr(item, "model_id"):
        locator = locator or Locator()
        data["model"] = str(item.model_id)
        data["breadcrumbs"] = locator.breadcrumbs(item)
    return data


def preload_for_references(items, locator):
    """Load the models and class trees the breadcrumbs of `items` need (2 queries for any number of items)."""
    locator.preload([item.model_id for item in items
                     if not isinstance(item, (*CONTAINER_CLASSES, m.CatalogueModel)) and hasattr(item, "model_id")])
