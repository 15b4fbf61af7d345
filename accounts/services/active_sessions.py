"""Who is logged in now (`GET /api/admin/activeSessions`), read from the database session store.

Sessions are listed with an opaque id (a hash of the session key): showing administrators the keys
themselves would let them take over other people's sessions. A session idle for longer than the idle
timeout, or one ended by a password change or by disabling its user (its auth hash no longer matches),
counts as ended even before the store purges it. With the cache session store (Redis) the
sessions cannot be enumerated, so the list is not available.
"""

import hashlib
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from accounts.models import User
from accounts.services.sessions import SESSION_LAST_SEEN, SESSION_STARTED
from config.api.serializers import mauro_datetime

DATABASE_SESSIONS = "accounts.session_store"


def listable():
    return settings.SESSION_ENGINE == DATABASE_SESSIONS


def _when(epoch_seconds):
    return mauro_datetime(datetime.fromtimestamp(epoch_seconds, tz=UTC)) if epoch_seconds else None


def active_sessions():
    """`{countAuthorised, countUnauthorised, items, authorisedItems, unauthorisedItems}`, most recent first."""
    now = timezone.now()
    idle_cutoff = now.timestamp() - settings.SESSION_IDLE_TIMEOUT_SECONDS
    live = []
    for session in Session.objects.filter(expire_date__gt=now).iterator(chunk_size=500):
        data = session.get_decoded()
        last_seen = data.get(SESSION_LAST_SEEN)
        if last_seen is not None and last_seen < idle_cutoff:
            continue
        live.append((session.session_key, data))
    user_ids = {_as_pk(data.get(SESSION_KEY)) for _, data in live} - {None}
    users = User.objects.in_bulk(user_ids)
    authorised, unauthorised = [], []
    for key, data in live:
        user = users.get(_as_pk(data.get(SESSION_KEY)))
        if user is not None and (user.disabled or not _hash_matches(user, data.get(HASH_SESSION_KEY))):
            user = None
        item = {
            "id": hashlib.sha256(key.encode()).hexdigest()[:32],
            "lastAccessedDateTime": _when(data.get(SESSION_LAST_SEEN)),
            "creationDateTime": _when(data.get(SESSION_STARTED)),
        }
        if user is not None:
            item.update({"userEmailAddress": user.email_address, "userName": user.display_name,
                         "userOrganisation": user.organisation})
            authorised.append(item)
        else:
            unauthorised.append(item)
    items = sorted(authorised + unauthorised, key=lambda item: item["lastAccessedDateTime"] or "", reverse=True)
    return {"countAuthorised": len(authorised), "countUnauthorised": len(unauthorised), "items": items,
            "authorisedItems": [i for i in items if "userEmailAddress" in i],
            "unauthorisedItems": [i for i in items if "userEmailAddress" not in i]}


def _hash_matches(user, session_hash):
    """What Django checks on each request: the session's hash against the user's (current or fallback secret)."""
    if not session_hash:
        return False
    return any(constant_time_compare(session_hash, expected)
               for expected in (user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()))


def _as_pk(raw):
    """Session data holds the user id as text; `in_bulk` keys are UUIDs."""
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None
