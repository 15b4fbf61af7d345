"""What the data class, data element, data type and enumeration value services share: label checks,
edit records, the model lock and set-based removal of the facets of removed items."""

from catalogue import models as m
from catalogue.models import EditTitle
from catalogue.services.edits import describe_changes, edit_for
from catalogue.services.labels import validate_label
from config.api.errors import Unprocessable


def edit_label(item):
    """`DataClass:Label`, the way edit descriptions name an item (a model shows its kind)."""
    return f"{item.domain_type}:{item.label}"


def lock_model(model):
    """Serialise writes that renumber items of one model (a row lock on PostgreSQL; SQLite writes are serial)."""
    list(m.CatalogueModel.objects.select_for_update().filter(pk=model.pk).values_list("pk", flat=True))


def require_unique_label(siblings, label, *, domain_type, where, exclude_pk=None, field="label"):
    """422 when a sibling already has the label (`where` says among what, for the message)."""
    clashes = siblings.filter(**{field: label})
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    if clashes.exists():
        raise Unprocessable([{"message": f"Property [{field}] of class [{domain_type}] with value [{label}] "
                                         f"must be unique {where}", "field": field}])


def checked_label(label, *, domain_type):
    """The shared label rules, plus no NUL character (databases refuse it in text)."""
    if isinstance(label, str) and "\x00" in label:
        raise Unprocessable([{"message": f"Property [label] of class [{domain_type}] cannot contain a NUL character",
                              "field": "label"}])
    return validate_label(label, domain_type=domain_type)


def clean_description(value, *, domain_type="CatalogueItem"):
    """Blank descriptions are stored as null, as Mauro's binding does; anything but text is a 422."""
    if value is None:
        return None
    if not isinstance(value, str) or "\x00" in value:
        raise Unprocessable([{"message": f"Property [description] of class [{domain_type}] must be text without NUL "
                                         "characters", "field": "description"}])
    return value if value.strip() else None


def record_created(*, user, item, parent):
    """`[DataClass:X] created` on the item and `[DataClass:X] added to component [DataModel:M]` on its parent."""
    m.Edit.objects.bulk_create([
        edit_for(item, user=user, title=EditTitle.CREATE, description=f"[{edit_label(item)}] created"),
        edit_for(parent, user=user, title=EditTitle.CREATE,
                 description=f"[{edit_label(item)}] added to component [{edit_label(parent)}]"),
    ])


def record_copied(*, user, item, parent, original, original_model):
    m.Edit.objects.bulk_create([
        edit_for(item, user=user, title=EditTitle.COPY,
                 description=f"[{edit_label(item)}] copied from [{edit_label(original)}] "
                             f"of [{edit_label(original_model)}]"),
        edit_for(parent, user=user, title=EditTitle.CREATE,
                 description=f"[{edit_label(item)}] added to component [{edit_label(parent)}]"),
    ])


def record_updated(*, user, item, before, after):
    """One UPDATE edit listing `[field] changed from [x] to [y]`; nothing when nothing changed."""
    description = describe_changes(before, after)
    if description:
        edit_for(item, user=user, title=EditTitle.UPDATE, description=description).save()


def record_removed(*, user, item, parent):
    edit_for(parent, user=user, title=EditTitle.DELETE,
             description=f"[{edit_label(item)}] removed from component [{edit_label(parent)}]").save()


def delete_facets(*, model_id, item_ids):
    """Remove every facet on the given items, one DELETE per table.

    `item_ids` may be a list or a `values("pk")` queryset (kept as a subquery, so there is no limit
    on how many items go at once). Semantic links pointing at the items go too, wherever they live.
    Facets are matched on the item id alone: its index gives a good plan even before the database has
    statistics for freshly loaded rows (`model_id` only names the model the ids belong to).
    """
    m.RuleRepresentation.objects.filter(rule__catalogue_item_id__in=item_ids).delete()
    m.Rule.objects.filter(catalogue_item_id__in=item_ids).delete()
    annotations = m.Annotation.objects.filter(catalogue_item_id__in=item_ids)
    annotations.update(parent_annotation=None)
    annotations.delete()
    for table in (m.Metadata, m.SemanticLink, m.ReferenceFile, m.ClassifierLink):
        table.objects.filter(catalogue_item_id__in=item_ids).delete()
    m.SemanticLink.objects.filter(target_id__in=item_ids).delete()
    m.Edit.objects.filter(resource_id__in=item_ids).delete()


def snapshot(item, fields):
    """The values of `fields` on `item`, for `describe_changes`."""
    return {name: getattr(item, attr) for name, attr in fields.items()}
