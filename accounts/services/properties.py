"""API properties: application settings that administrators edit at run time (`/api/admin/properties`).

Keys are lowercase words joined by dots (`site.url`, `security.restrict.root.folder`). Saving or removing
`maintenance.mode` takes effect at once: `maintenance_mode_changed` tells the maintenance middleware to forget
its remembered value (the middleware listens; this module knows nothing of HTTP).

`site.url` goes into the password-reset links mailed to every user, so only site administrators may create,
change or remove it: an application administrator who could point it at their own host would receive the
reset links of accounts that outrank them. The `SITE_URL` setting, when configured, wins over it anyway.
"""

import re

from django.db import transaction
from django.dispatch import Signal

from accounts import policy
from accounts.models import ApiProperty
from config.api.errors import Forbidden, Unprocessable

PROPERTY_RESOURCE = "ApiProperty"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
BOOLEAN_KEYS = {ApiProperty.MAINTENANCE_MODE}
SITE_URL = "site.url"
#: Properties only site administrators may create, change or remove.
SITE_ADMIN_KEYS = {SITE_URL}
#: Sent after `maintenance.mode` was created, changed or removed.
maintenance_mode_changed = Signal()


def may_change(actor, key):
    """Whether `actor` (already an application administrator) may set or remove the property `key`."""
    return key not in SITE_ADMIN_KEYS or policy.is_site_administrator(actor)


def require_may_change(actor, *keys):
    for key in keys:
        if not may_change(actor, key):
            raise Forbidden(f"Only site administrators may change the [{key}] property", error_code="PERM08")


def validate_key(key):
    if not KEY_PATTERN.match(key or ""):
        raise Unprocessable([{"message": f"Property [key] with value [{key}] must be lowercase words (letters, "
                                         "digits, underscores) separated by dots", "field": "key"}])


def validate_value(key, value):
    if key in BOOLEAN_KEYS and value.strip().lower() not in ("true", "false"):
        raise Unprocessable([{"message": f"Property [{key}] must be 'true' or 'false'", "field": "value"}])


def _require_unique_key(key, exclude=None):
    others = ApiProperty.objects.filter(key=key)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise Unprocessable([{"message": f"Property [key] with value [{key}] must be unique", "field": "key"}])


def _touches_maintenance(*keys):
    return ApiProperty.MAINTENANCE_MODE in keys


def public_properties():
    return ApiProperty.objects.filter(publicly_visible=True)


def create_property(*, actor, key, value, category="", publicly_visible=False):
    require_may_change(actor, key)
    validate_key(key)
    validate_value(key, value)
    with transaction.atomic():
        _require_unique_key(key)
        prop = ApiProperty.objects.create(key=key, value=value, category=category, publicly_visible=publicly_visible,
                                          created_by=actor.email_address, last_updated_by=actor.email_address)
    if _touches_maintenance(key):
        maintenance_mode_changed.send(sender=ApiProperty)
    return prop


def update_property(*, actor, prop, changes):
    """Apply any of `key`, `value`, `category`, `publicly_visible` from `changes`."""
    old_key = prop.key
    new_key = changes.get("key", prop.key)
    new_value = changes.get("value", prop.value)
    require_may_change(actor, old_key, new_key)
    validate_key(new_key)
    validate_value(new_key, new_value)
    with transaction.atomic():
        _require_unique_key(new_key, exclude=prop)
        prop.key = new_key
        prop.value = new_value
        prop.category = changes.get("category", prop.category)
        prop.publicly_visible = changes.get("publicly_visible", prop.publicly_visible)
        prop.last_updated_by = actor.email_address
        prop.save()
    if _touches_maintenance(old_key, new_key):
        maintenance_mode_changed.send(sender=ApiProperty)
    return prop


def delete_property(*, actor, prop):
    require_may_change(actor, prop.key)
    key = prop.key
    prop.delete()
    if _touches_maintenance(key):
        maintenance_mode_changed.send(sender=ApiProperty)
