"""Saving and removing profiles: a profile's fields are the item's metadata in the provider's namespace.

Who may save (contract §4.2) is the access policy's: the metadata right on the item (`access.WRITE_METADATA`), or,
for a profile that may be edited after finalisation, the same role whatever the model's state
(`access.WRITE_METADATA_AFTER_FINALISATION`). Saving stores what is sent without judging the values (as Mauro does:
its UI validates first and lets a user save with warnings); derived and uneditable fields are never stored, nor,
on a finalised model, fields that may not be edited after finalisation. Every change records an Edit on the item.
"""

from django.db import transaction
from django.utils import timezone

from accounts import access
from catalogue import models as m
from catalogue.models import EditTitle
from catalogue.selectors.items_lookup import owning_model_id
from catalogue.selectors.profiles import PROFILED_KEY, is_finalised, profile_of, submitted_fields
from catalogue.services.edits import edit_for
from config.api.errors import ApiError


def right_to_save(provider):
    """What saving a profile of `provider` needs on the item."""
    if provider.editable_after_finalisation:
        return access.WRITE_METADATA_AFTER_FINALISATION
    return access.WRITE_METADATA


def may_save(user, model, provider):
    """True when the caller may save a profile of `provider` on the items of `model`."""
    try:
        access.require_item_right(user, model, model, right_to_save(provider))
    except ApiError:
        return False
    return True


def _edit(user, item, metadata_key, namespace, verb):
    label = f"Metadata:{namespace}:{metadata_key}"
    if verb == "added":
        description = f"[{label}] added to component [{item.domain_type}:{item.label}]"
        title = EditTitle.CREATE
    elif verb == "changed":
        description = f"[{label}] changed properties [value]"
        title = EditTitle.UPDATE
    else:
        description = f"[{label}] removed from component [{item.domain_type}:{item.label}]"
        title = EditTitle.DELETE
    return edit_for(item, user=user, title=title, description=description)


def _writable_values(provider, item, sections):
    """{key: value} of the submitted fields that may be stored on the item now ('' removes the value)."""
    finalised = is_finalised(item)
    submitted = submitted_fields(provider, sections)
    values = {}
    for section in provider.sections:
        for field in section.fields:
            key = field.unique_key(section.name)
            if (section.name, key) not in submitted or field.uneditable:
                continue
            if finalised and not field.editable_after_finalisation:
                continue
            values[key] = submitted[(section.name, key)]
    values[PROFILED_KEY] = "Yes"
    return values


@transaction.atomic
def store_profile(*, user, item, provider, sections):
    """Store the submitted fields of a profile on `item`; returns the whole profile as stored."""
    namespace = provider.metadata_namespace
    existing = {md.key: md for md in m.Metadata.objects.filter(catalogue_item_id=item.pk, namespace=namespace)}
    created, updated, removed, edits = [], [], [], []
    for key, value in _writable_values(provider, item, sections).items():
        current = existing.get(key)
        if not value:
            if current is not None:
                removed.append(current.pk)
                edits.append(_edit(user, item, key, namespace, "removed"))
        elif current is None:
            created.append(m.Metadata(namespace=namespace, key=key, value=value,
                                      catalogue_item_domain_type=item.domain_type, catalogue_item_id=item.pk,
                                      model_id=owning_model_id(item), created_by=user.email_address))
            edits.append(_edit(user, item, key, namespace, "added"))
        elif current.value != value:
            current.value = value
            current.last_updated = timezone.now()
            updated.append(current)
            edits.append(_edit(user, item, key, namespace, "changed"))
    if removed:
        m.Metadata.objects.filter(pk__in=removed).delete()
    if created:
        m.Metadata.objects.bulk_create(created)
    if updated:
        m.Metadata.objects.bulk_update(updated, ["value", "last_updated"])
    if edits:
        m.Edit.objects.bulk_create(edits)
    return profile_of(provider, item)


@transaction.atomic
def delete_profile(*, user, item, provider):
    """Remove every value of the profile from `item` (its whole metadata namespace there)."""
    namespace = provider.metadata_namespace
    rows = m.Metadata.objects.filter(catalogue_item_id=item.pk, namespace=namespace)
    keys = list(rows.order_by("key").values_list("key", flat=True))
    rows.delete()
    m.Edit.objects.bulk_create([_edit(user, item, key, namespace, "removed") for key in keys])


def save_many(*, user, model, entries):
    """Store profiles on items of `model`: `entries` are (provider, item, sections) already limited to the model's
    items; those the caller may not save (by the provider's rule) are left out. Returns the stored profiles."""
    stored = []
    for provider, item, sections in entries:
        if may_save(user, model, provider):
            stored.append(store_profile(user=user, item=item, provider=provider, sections=sections))
    return stored
