"""Ids from requests: a path id that is no UUID names nothing (404); a body reference that is none is a 422.

Shared by both apps' views, selectors and services, so it lives beside the errors it raises.
"""

import uuid

from config.api.errors import NotFound, Unprocessable


def parse_uuid(value, resource):
    """A path id that is not a UUID cannot name anything: the resource's 404 with `id: "null"`."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise NotFound(resource, None)


def optional_uuid(value, *, field, domain_type):
    """A UUID from a request body, accepting `"<uuid>"` or `{"id": "<uuid>"}`; anything else → 422."""
    if isinstance(value, dict):
        value = value.get("id")
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        raise Unprocessable([{"message": f"Property [{field}] of class [{domain_type}] is not a valid id",
                              "field": field}])
