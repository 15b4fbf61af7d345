"""Label rules shared by every catalogue item (422 with Mauro's messages)."""

from catalogue.models.base import FORBIDDEN_LABEL_CHARACTERS, LABEL_MAX_LENGTH
from config.api.errors import Unprocessable


def label_errors(label, *, domain_type, field="label"):
    """The problems with a label, as `{message, field}` entries (empty when it is fine)."""
    if label is None:
        return [{"message": f"Property [{field}] of class [{domain_type}] cannot be null", "field": field}]
    if not isinstance(label, str):
        return [{"message": f"Property [{field}] of class [{domain_type}] must be a string", "field": field}]
    if not label.strip():
        return [{"message": f"Property [{field}] of class [{domain_type}] cannot be blank", "field": field}]
    if len(label) > LABEL_MAX_LENGTH:
        return [{"message": f"Property [{field}] of class [{domain_type}] is longer than {LABEL_MAX_LENGTH}",
                 "field": field}]
    bad = [c for c in FORBIDDEN_LABEL_CHARACTERS if c in label]
    if bad:
        return [{"message": f"Property [{field}] of class [{domain_type}] with value [{label}] cannot contain "
                            f"{', '.join(repr(c) for c in bad)}", "field": field}]
    return []


def validate_label(label, *, domain_type, field="label"):
    errors = label_errors(label, domain_type=domain_type, field=field)
    if errors:
        raise Unprocessable(errors)
    return label


def label_not_available(label, *, domain_type, field="label"):
    """The message for a label that another object already holds where labels must be unique (folders among
    siblings, classifiers, data models per branch). That object may be one the caller cannot read, so the
    message names only the label: no id, owner or version of the other object."""
    return f"Property [{field}] of class [{domain_type}] with value [{label}] is not available"


def label_not_available_error(label, *, domain_type, field="label"):
    """The 422 carrying `label_not_available`."""
    return Unprocessable([{"message": label_not_available(label, domain_type=domain_type, field=field),
                           "field": field}])
