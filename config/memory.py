"""Give the memory of a large request back once it has been answered.

The objects of one request refer to one another (DRF's request, view, serializers and response), so they are
freed by Python's cycle collector, not when the request ends. That collector runs as objects are allocated:
a worker left idle after a large upload (an import's parsed body is gigabytes for the largest models) would
keep all of it until later requests happen to trigger a full collection. So after a request with a large
body that grew the worker, once its response is closed and dropped, the collector runs and glibc's allocator
is asked to hand its free pages back to the system (`malloc_trim`): the worker returns to about its size
before the request.
"""

import ctypes
import ctypes.util
import gc
import os
import platform

#: Requests with bodies from this size up (bytes) are watched: uploads that Django spools to disk.
RELEASE_AFTER_BODY_BYTES = 10 * 1024 * 1024
#: ... and their memory released when the worker grew by this much (bytes) while serving one.
RELEASE_AFTER_GROWTH_BYTES = 32 * 1024 * 1024


def _find_malloc_trim():
    if platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_malloc_trim = _find_malloc_trim()


def release_memory():
    """Free what unreachable cycles hold, then return the allocator's free pages to the system."""
    gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


def resident_bytes():
    """The process's resident memory (Linux); None where /proc does not tell."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def large_body(environ):
    """Whether the request's body is large (declared size), or of unknown size (chunked)."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length >= RELEASE_AFTER_BODY_BYTES or "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()


class ReleaseMemoryAfterLargeBodies:
    """WSGI wrapper: after a request with a large body that grew the worker, `release_memory()` once the server
    has closed the response (the client has its answer by then). Other requests pass through untouched."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not large_body(environ):
            return self.application(environ, start_response)
        before = resident_bytes()
        return _Releasing(self.application(environ, start_response), before)


class _Releasing:
    """The response, closed and dropped before the collector runs, so the request's cycles are unreachable."""

    def __init__(self, response, resident_before):
        self.response = response
        self.resident_before = resident_before

    def __iter__(self):
        return iter(self.response)

    def close(self):
        response, self.response = self.response, None
        try:
            if hasattr(response, "close"):
                response.close()
        finally:
            del response
            now = resident_bytes()
            if self.resident_before is None or now is None or now - self.resident_before >= RELEASE_AFTER_GROWTH_BYTES:
                release_memory()
