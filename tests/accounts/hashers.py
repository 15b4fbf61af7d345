"""A password hasher for tests that counts how often a password is hashed (checking one hashes it once)."""

import threading

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingHasher(MD5PasswordHasher):
    """The suite's fast hasher (same algorithm name, so existing hashes verify), counting its work."""

    calls = 0
    lock = threading.Lock()

    def encode(self, password, salt):
        with CountingHasher.lock:
            CountingHasher.calls += 1
        return super().encode(password, salt)


def use_counting_hasher(settings):
    """Hash with CountingHasher from now on (pytest-django's `settings` undoes it); returns it, count at zero."""
    settings.PASSWORD_HASHERS = ["tests.accounts.hashers.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher
