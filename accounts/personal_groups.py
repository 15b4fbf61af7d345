"""Personal groups: every user's own group, made on first use, which receives the creator's role on what they create.

A personal group is bound to its owner by key (`UserGroup.personal_owner`); its name only follows the
owner's email for display, and no other group may take a name of that form. Only models are needed here, so
the access policy can give a creator their role without depending on the group operations above it.
"""

import re

from django.db import IntegrityError, transaction

from accounts.models import UserGroup

PERSONAL_SUFFIX = " Group"
#: "<email> Group" (any case or spacing, with or without more text): the form personal group names take.
PERSONAL_NAME = re.compile(r"^\S+@\S+\s+group\b", re.IGNORECASE)


def looks_personal(name):
    return bool(PERSONAL_NAME.match(name.strip()))


def _free_personal_name(email, exclude=None):
    """`<email> Group`, or `<email> Group (n)` when an older, unbound group already has that name."""
    base = f"{email}{PERSONAL_SUFFIX}"
    taken = UserGroup.objects.filter(name__istartswith=base)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    names = {name.lower() for name in taken.values_list("name", flat=True)}
    if base.lower() not in names:
        return base
    number = 2
    while f"{base} ({number})".lower() in names:
        number += 1
    return f"{base} ({number})"


def personal_group(user):
    """The user's personal group, created (and bound to them) on first use; the owner is always a member."""
    group = UserGroup.objects.filter(personal_owner=user).first()
    if group is None:
        try:
            with transaction.atomic():
                group = UserGroup.objects.create(
                    name=_free_personal_name(user.email_address), personal_owner=user, creator=user,
                    description=f"Personal group of {user.email_address}", created_by=user.email_address)
        except IntegrityError:  # made at the same moment by another request of the same user
            group = UserGroup.objects.get(personal_owner=user)
    group.members.add(user)
    return group


def follow_email_change(user):
    """Rename the user's personal group after their email (display only: the binding is by key)."""
    group = UserGroup.objects.filter(personal_owner=user).first()
    if group is None or group.name.lower().startswith(f"{user.email_address}{PERSONAL_SUFFIX}".lower()):
        return
    group.name = _free_personal_name(user.email_address, exclude=group)
    group.description = f"Personal group of {user.email_address}"
    group.save(update_fields=["name", "description", "last_updated"])
