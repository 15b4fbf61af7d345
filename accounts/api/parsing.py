"""Reading request bodies with a serializer, so 400 (malformed) always wins over 422 (breaks a rule).

DRF collects every field's error at once; if any of them is malformed (missing, null, wrong type) the
request is answered 400 with only those, as the contract's precedence asks.
"""

from rest_framework.exceptions import ErrorDetail, ValidationError

from config.api.errors import MALFORMED_CODES
from config.api.serializers import require_object


def _malformed(detail):
    if isinstance(detail, dict):
        return any(_malformed(value) for value in detail.values())
    if isinstance(detail, list):
        return any(_malformed(value) for value in detail)
    return isinstance(detail, ErrorDetail) and detail.code in MALFORMED_CODES


def parse_body(serializer_class, data, **kwargs):
    """Validate a JSON object body; returns validated data or raises the right ValidationError."""
    serializer = serializer_class(data=require_object(data), **kwargs)
    if serializer.is_valid():
        return serializer.validated_data
    errors = serializer.errors
    malformed = {name: detail for name, detail in errors.items() if _malformed(detail)}
    raise ValidationError(malformed or errors)
