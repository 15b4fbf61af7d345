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
from config.api.errors import Forbidden, NotFound, Unprocessable

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


def get_key(owner, raw_key_id):
    """The key named in a URL among the owner's keys; a malformed or foreign id is a 404."""
    key_id = policy.parse_id(raw_key_id, API_KEY_RESOURCE)
    api_key = keys_of(owner).filter(pk=key_id).first()
    if api_key is None:
        raise NotFound(API_KEY_RESOURCE, key_id)
    return api_key


def require_owner(actor, owner, *, by_api_key=False):
    """The key's owner, logged in with a session (`by_api_key`: the caller authenticated with an API key)."""
    if not policy.can_use_api_keys_of(actor, owner):
        raise Forbidden("API keys can only be created, refreshed or enabled by the user they belong to")
    if by_api_key:
        raise Forbidden("API keys can only be created, refreshed or enabled from a logged-in session, "
                        "not with an API key")


def require_revoker(actor, owner):
    if not policy.can_revoke_api_keys_of(actor, owner):
        raise Forbidden()


def create_api_key(*, actor, owner, name, expires_in_days=DEFAULT_EXPIRES_IN_DAYS, refreshable=False,
                   by_api_key=False):
    """Returns (api_key, plain key). The plain key is never stored and cannot be shown again."""
    require_owner(actor, owner, by_api_key=by_api_key)
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


def refresh_api_key(*, actor, api_key, expires_in_days, by_api_key=False):
    """Give a refreshable key a new expiry date, counted from today; the key itself does not change."""
    require_owner(actor, api_key.user, by_api_key=by_api_key)
    if not api_key.refreshable:
        raise Unprocessable([{"message": "Cannot refresh an API key which is not refreshable", "field": "refreshable"}])
    _require_days_in_range(expires_in_days, "expiresInDays")
    api_key.expiry_date = _expiry(expires_in_days)
    api_key.save(update_fields=["expiry_date", "last_updated"])
    return api_key


def disable_api_key(*, actor, api_key):
    require_revoker(actor, api_key.user)
    api_key.disabled = True
    api_key.save(update_fields=["disabled", "last_updated"])
    return api_key


def enable_api_key(*, actor, api_key, by_api_key=False):
    require_owner(actor, api_key.user, by_api_key=by_api_key)
    api_key.disabled = False
    api_key.save(update_fields=["disabled", "last_updated"])
    return api_key


def delete_api_key(*, actor, api_key):
    require_revoker(actor, api_key.user)
    api_key.delete()
