"""API keys: created by their owner, who sees the key once; only a hash is stored.

A key authenticates as its owner (header `apiKey: <uuid>`) until it expires or is disabled. Keys are
created, refreshed and re-enabled only from a logged-in session: a caller holding just a key cannot make
more keys or extend one, so a leaked key stays as limited as it was, and revoking it is final.
"""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts import policy
from accounts.models import ApiKey, hash_api_key
from config.api.errors import Unprocessable

API_KEY_RESOURCE = "ApiKey"
DEFAULT_EXPIRES_IN_DAYS = 365
MAX_EXPIRES_IN_DAYS = 3650


def _require_days_in_range(days, field):
    if not 1 <= days <= MAX_EXPIRES_IN_DAYS:
        raise Unprocessable([{"message": f"{field} must be between 1 and {MAX_EXPIRES_IN_DAYS} days", "field": field}])


def _expiry(days):
    return timezone.now().date() + timedelta(days=days)


def keys_of(owner):
    return ApiKey.objects.filter(user=owner)


def create_api_key(*, actor, owner, name, expires_in_days=DEFAULT_EXPIRES_IN_DAYS, refreshable=False):
    """Returns (api_key, plain key). The plain key is never stored and cannot be shown again.

    Who may create, refresh or enable keys is `policy.require_api_key_owner`, asked by the API's permission class.
    """
    _require_days_in_range(expires_in_days, "expiresInDays")
    name = name.strip()
    if not name:
        raise Unprocessable([{"message": "Property [name] cannot be blank", "field": "name"}])
    plain = uuid.uuid4()
    with transaction.atomic():
        if keys_of(owner).filter(name=name).exists():
            raise Unprocessable([{"message": f"Property [name] with value [{name}] must be unique for the user",
                                  "field": "name"}])
        api_key = ApiKey.objects.create(user=owner, name=name, key_hash=hash_api_key(plain),
                                        expiry_date=_expiry(expires_in_days), refreshable=refreshable,
                                        created_by=actor.email_address)
    return api_key, plain


def refresh_api_key(*, actor, api_key, expires_in_days):
    """Give a refreshable key a new expiry date, counted from today; the key itself does not change."""
    if not api_key.refreshable:
        raise Unprocessable([{"message": "Cannot refresh an API key which is not refreshable", "field": "refreshable"}])
    _require_days_in_range(expires_in_days, "expiresInDays")
    api_key.expiry_date = _expiry(expires_in_days)
    api_key.save(update_fields=["expiry_date", "last_updated"])
    return api_key


def disable_api_key(*, actor, api_key):
    """Also the Django admin's action, hence its own check."""
    policy.require_api_key_revoker(actor, api_key.user)
    api_key.disabled = True
    api_key.save(update_fields=["disabled", "last_updated"])
    return api_key


def enable_api_key(*, actor, api_key):
    api_key.disabled = False
    api_key.save(update_fields=["disabled", "last_updated"])
    return api_key


def delete_api_key(*, actor, api_key):
    api_key.delete()
