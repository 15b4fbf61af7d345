"""The one hook that writes the edit history (`/api/{type}/{id}/edits`)."""

from catalogue.models import Edit, EditTitle


def _actor(user):
    if user is not None and getattr(user, "is_authenticated", False):
        return user.email_address, user
    return "", None


def _model_id_of(item):
    if hasattr(item, "model_domain_type"):
        return item.pk
    return getattr(item, "model_id", None)


def edit_for(item, *, user, title, description):
    email, actor = _actor(user)
    return Edit(resource_domain_type=item.domain_type, resource_id=item.pk, model_id=_model_id_of(item),
                title=title, description=description, created_by=email, created_by_user=actor)


def record_edit(*, item, user, title=EditTitle.UPDATE, description=""):
    """Record one change to `item` (call inside the service's transaction)."""
    return edit_for(item, user=user, title=title, description=description).save()


def record_edits(*, items, user, title, description_for):
    """Record many changes in one insert (imports, copies, bulk deletes)."""
    Edit.objects.bulk_create([edit_for(i, user=user, title=title, description=description_for(i)) for i in items],
                             batch_size=500)


def describe_changes(before, after):
    """`[label] changed from [x] to [y]` lines for an update's edit description."""
    lines = []
    for field, old in before.items():
        new = after.get(field)
        if old != new:
            lines.append(f"[{field}] changed from [{old}] to [{new}]")
    return "\n".join(lines)
