"""Counting requests per key in a time window, shared by every worker through the cache."""

import hashlib

from django.core.cache import cache


def key_for(kind, value):
    """A cache key for a client-supplied value (an email, an address): hashed, so any text is a safe key."""
    return f"{kind}:{hashlib.sha256(str(value).encode()).hexdigest()}"


def count(key, window_seconds):
    """Add one to the counter for `key` and return the new total within the window."""
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window_seconds)
        return 1


def within_limit(key, limit, window_seconds):
    """Count this request; True while the total is within `limit`."""
    return count(key, window_seconds) <= limit
