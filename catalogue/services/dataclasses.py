"""Data classes: create, update (including a move among siblings), delete with everything below, extend."""

from collections import defaultdict

from django.db import transaction

from accounts.access import readable_items
from catalogue import models as m
from catalogue.models import EditTitle
from catalogue.services import ordering
from catalogue.services.edits import edit_for
from catalogue.services.items import (
    checked_label,
    clean_description,
    delete_facets,
    edit_label,
    lock_model,
    record_created,
    record_removed,
    record_updated,
    require_unique_label,
    snapshot,
)
from config.api.errors import Unprocessable

DOMAIN = "DataClass"
_TRACKED = {"label": "label", "description": "description", "minMultiplicity": "min_multiplicity",
            "maxMultiplicity": "max_multiplicity", "index": "index"}


def siblings(model_id, parent_id):
    """The classes sharing a parent (the model's root when `parent_id` is None)."""
    return m.DataClass.objects.filter(model_id=model_id, parent_data_class_id=parent_id)


def _creator(user):
    return user.email_address if user is not None and user.is_authenticated else ""


@transaction.atomic
def create_data_class(*, user, model, parent=None, label, description=None, min_multiplicity=None,
                      max_multiplicity=None, index=None):
    """A new class at the model's root or under `parent`; appended unless `index` places it."""
    checked_label(label, domain_type=DOMAIN)
    lock_model(model)
    others = siblings(model.pk, parent.pk if parent else None)
    require_unique_label(others, label, domain_type=DOMAIN, where="within its parent")
    position = ordering.open_gap(others, index)
    data_class = m.DataClass.objects.create(
        model=model, parent_data_class=parent, label=label, description=clean_description(description),
        min_multiplicity=min_multiplicity, max_multiplicity=max_multiplicity, index=position,
        created_by=_creator(user))
    record_created(user=user, item=data_class, parent=parent or model)
    return data_class


@transaction.atomic
def update_data_class(*, user, data_class, changes):
    """Apply the fields present in `changes`; a new `index` moves the class among its siblings."""
    before = snapshot(data_class, _TRACKED)
    others = siblings(data_class.model_id, data_class.parent_data_class_id).exclude(pk=data_class.pk)
    if "label" in changes:
        label = checked_label(changes["label"], domain_type=DOMAIN)
        require_unique_label(others, label, domain_type=DOMAIN, where="within its parent")
        data_class.label = label
    if "description" in changes:
        data_class.description = clean_description(changes["description"])
    for field in ("min_multiplicity", "max_multiplicity"):
        if field in changes:
            setattr(data_class, field, changes[field])
    if changes.get("index") is not None and changes["index"] != data_class.index:
        lock_model(data_class.model)
        data_class.index = ordering.move(others, old_index=data_class.index, new_index=changes["index"])
    data_class.save()
    record_updated(user=user, item=data_class, before=before, after=snapshot(data_class, _TRACKED))
    return data_class


def subtree_ids(data_class):
    """The class and every class below it, outermost first (one query for the model's class tree)."""
    children = defaultdict(list)
    for pk, parent in m.DataClass.objects.filter(model_id=data_class.model_id).values_list("pk", "parent_data_class"):
        children[parent].append(pk)
    ids, frontier = [data_class.pk], [data_class.pk]
    while frontier:
        frontier = [child for pk in frontier for child in children.get(pk, ())]
        ids.extend(frontier)
    return ids


def _refuse_if_in_use(user, data_class, ids):
    """A class (or one below it) still extended from elsewhere or used by a reference type cannot go. The
    extending class may be in a model the caller cannot read: then the message does not name it."""
    extensions = (m.DataClassExtension.objects.filter(extended_data_class_id__in=ids)
                  .exclude(data_class_id__in=ids).select_related("data_class"))
    extension = (extensions.filter(data_class__in=readable_items(user, m.DataClass.objects.all()))
                 .order_by("data_class__label", "data_class_id").first())
    if extension is not None:
        raise Unprocessable([{"message": f"Cannot delete DataClass [{data_class.label}] as it is still used as an "
                                         f"extension in another DataClass [{extension.data_class.label}]"}])
    if extensions.exists():
        raise Unprocessable([{"message": f"Cannot delete DataClass [{data_class.label}] as it is still used as an "
                                         "extension in another DataClass"}])
    reference = m.DataType.objects.filter(reference_class_id__in=ids).order_by("label").first()
    if reference is not None:
        raise Unprocessable([{"message": f"Cannot delete DataClass [{data_class.label}] as it is still used by "
                                         f"ReferenceType [{reference.label}]"}])


@transaction.atomic
def delete_data_class(*, user, data_class):
    """Remove the class, its sub-classes, their elements and all their facets: one DELETE per table."""
    model = data_class.model
    lock_model(model)
    ids = subtree_ids(data_class)
    _refuse_if_in_use(user, data_class, ids)
    elements = m.DataElement.objects.filter(model_id=model.pk, data_class_id__in=ids)
    delete_facets(model_id=model.pk, item_ids=elements.values("pk"))
    delete_facets(model_id=model.pk, item_ids=ids)
    elements.delete()
    m.DataClassExtension.objects.filter(data_class_id__in=ids).delete()
    m.DataClass.objects.filter(pk__in=ids).delete()
    ordering.close_gap(siblings(model.pk, data_class.parent_data_class_id), data_class.index)
    parent = data_class.parent_data_class if data_class.parent_data_class_id else model
    record_removed(user=user, item=data_class, parent=parent)


@transaction.atomic
def extend_data_class(*, user, data_class, extended, extended_model):
    """`data_class` extends `extended`, which must be in the same model or in a finalised one."""
    if extended.pk == data_class.pk:
        raise Unprocessable([{"message": f"DataClass [{data_class.label}] cannot extend itself",
                              "field": "extendsDataClasses"}])
    if extended.model_id != data_class.model_id and not extended_model.finalised:
        raise Unprocessable([{"message": f"DataClass [{extended.pk}] to be extended does not belong to a finalised "
                                         "DataModel", "field": "extendsDataClasses"}])
    _, created = m.DataClassExtension.objects.get_or_create(
        data_class=data_class, extended_data_class=extended, defaults={"model_id": data_class.model_id})
    if created:
        data_class.save(update_fields=["last_updated"])
        edit_for(data_class, user=user, title=EditTitle.UPDATE,
                 description=f"[{edit_label(data_class)}] extends [{edit_label(extended)}]").save()
    return data_class


@transaction.atomic
def remove_extension(*, user, data_class, extended):
    """Drop the link. The extended class may be one the caller can no longer read (its model went private): the
    edit then names it by the id the caller gave, not by its label."""
    removed, _ = m.DataClassExtension.objects.filter(data_class=data_class, extended_data_class=extended).delete()
    if removed:
        data_class.save(update_fields=["last_updated"])
        readable = readable_items(user, m.DataClass.objects.filter(pk=extended.pk)).exists()
        target = edit_label(extended) if readable else f"{extended.domain_type}:{extended.pk}"
        edit_for(data_class, user=user, title=EditTitle.UPDATE,
                 description=f"[{edit_label(data_class)}] no longer extends [{target}]").save()
    return data_class
