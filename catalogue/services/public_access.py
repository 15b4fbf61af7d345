"""Public access to a folder, classifier or model: `readableByEveryone` / `readableByAuthenticatedUsers`.

The flag sits on the catalogue resource and its change is recorded in the resource's edit history, so the
operation lives with the catalogue; who may flip it is the access policy's grant-manager rule.
"""

from django.db import transaction

from accounts import access
from catalogue.services.edits import record_edit

#: The JSON names of the public flags, as the edit history shows them.
PUBLIC_FLAG_NAMES = {"readable_by_everyone": "readableByEveryone",
                     "readable_by_authenticated_users": "readableByAuthenticatedUsers"}


@transaction.atomic
def set_public_flag(*, user, resource, flag, value):
    """PUT/DELETE readByEveryone / readByAuthenticated (who may is the grant-manager rule, judged by the API's
    permission class). Only the flag changes: explicit grants below a folder are never touched.
    """
    before = getattr(resource, flag)
    setattr(resource, flag, value)
    resource.save(update_fields=[flag, "last_updated"])
    if before != value:
        name = PUBLIC_FLAG_NAMES.get(flag, flag)
        record_edit(item=resource, user=user,
                    description=f"[{name}] changed from [{str(before).lower()}] to [{str(value).lower()}]")
    access.forget_access(user)
    return resource
