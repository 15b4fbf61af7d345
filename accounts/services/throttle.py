"""Counting requests per key in a fixed time window, shared by every worker through the database.

Each key has one `ThrottleCounter` row. A hit locks that row (`SELECT ... FOR UPDATE` on PostgreSQL; on
SQLite every write transaction starts `IMMEDIATE` and so runs alone), so parallel requests are counted one
after another and none can slip past a limit. The window starts with the first hit and ends when configured,
however often the key is hit meanwhile; the next hit after it starts a new window.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import ThrottleCounter


@dataclass(frozen=True)
class Hit:
    hits: int
    #: Whole seconds until the window ends (for a `Retry-After` header); at least 1.
    retry_after: int


def key_for(kind, value):
    """A key for a client-supplied value (an email, an address): hashed, so any text makes a short, safe key."""
    return f"{kind}:{hashlib.sha256(str(value).encode('utf-8', 'surrogatepass')).hexdigest()}"


def hit(key, window_seconds):
    """Count one hit on `key`; the answer is the total within the current window, this hit included."""
    now = timezone.now()
    window_ends = now + timedelta(seconds=window_seconds)
    with transaction.atomic():
        counter, created = ThrottleCounter.objects.select_for_update().get_or_create(
            key=key, defaults={"hits": 1, "window_ends": window_ends})
        if not created:
            if counter.window_ends <= now:
                counter.hits, counter.window_ends = 1, window_ends
            else:
                counter.hits += 1
            counter.save(update_fields=["hits", "window_ends"])
    if created:
        # New keys are rarer than hits: a good moment to drop the rows whose window has ended. After the
        # commit, so the caller's row locks are released first (no lock cycle with a concurrent hit).
        transaction.on_commit(lambda: ThrottleCounter.objects.filter(window_ends__lte=now).delete())
    return Hit(counter.hits, max(1, math.ceil((counter.window_ends - now).total_seconds())))


def within_limit(key, limit, window_seconds):
    """Count this request; True while the total is within `limit`."""
    return hit(key, window_seconds).hits <= limit


def release(key):
    """Give back one hit counted in advance for a request that turned out not to count (a successful login)."""
    ThrottleCounter.objects.filter(key=key, hits__gt=0, window_ends__gt=timezone.now()).update(hits=F("hits") - 1)


def reset(key):
    ThrottleCounter.objects.filter(key=key).delete()
