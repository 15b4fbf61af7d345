"""JSON for folders, classifiers and authorities in Mauro's shapes, and the request-body reader the
container and model endpoints share.

The builders are plain functions so other areas (tree, search, import/export, facets) can embed the
same shapes: `folder_json`, `classifier_json`, `authority_json` for one object, the plural forms for a
page (they load paths and flags for the whole page in a fixed number of queries).
"""

from accounts.access import container_actions
from catalogue.selectors.containers import classifier_paths, folder_paths
from config.api.errors import BadRequest, Unprocessable
from config.api.serializers import mauro_datetime, require_object

MISSING = object()


class Body:
    """Reads fields of a JSON object body with the contract's statuses.

    A missing required field is a 400; a value of the wrong type or breaking a rule is a 422
    (`Property [x] of class [Y] ...`, the message Mauro's clients show).
    """

    def __init__(self, data, *, domain_type):
        self.data = require_object(data if data is not None else {})
        self.domain_type = domain_type

    def __contains__(self, field):
        return field in self.data

    def keys(self):
        return set(self.data.keys())

    def _invalid(self, field, problem):
        return Unprocessable([{"message": f"Property [{field}] of class [{self.domain_type}] {problem}",
                               "field": field}])

    def _string(self, field, value):
        if not isinstance(value, str):
            raise self._invalid(field, "must be a string")
        if "\x00" in value:
            raise self._invalid(field, "cannot contain a NUL character")
        return value

    def required_text(self, field):
        """A string that must be present and not null (blank is left to the label rules: 422)."""
        value = self.data.get(field)
        if value is None:
            message = f"Property [{field}] of class [{self.domain_type}] cannot be null"
            raise BadRequest(message, error_code="REQ02",
                             extra={"total": 1, "errors": [{"message": message, "field": field}]})
        return self._string(field, value)

    def raw_text(self, field):
        """As given: MISSING when absent, None when null, the string otherwise (rules are checked later)."""
        if field not in self.data:
            return MISSING
        value = self.data[field]
        return value if value is None else self._string(field, value)

    def text(self, field):
        """An optional string: MISSING when absent, None when null or blank, else the string."""
        if field not in self.data:
            return MISSING
        value = self.data[field]
        if value is None:
            return None
        return value if self._string(field, value).strip() else None

    def boolean(self, field):
        """An optional boolean: MISSING when absent; `true`/`false` (or their string forms from forms)."""
        if field not in self.data:
            return MISSING
        value = self.data[field]
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise self._invalid(field, "must be true or false")

    def string_list(self, field):
        """An optional list of strings (aliases): MISSING when absent, [] when null."""
        if field not in self.data:
            return MISSING
        value = self.data[field]
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._invalid(field, "must be a list of strings")
        return [self._string(field, v) for v in value]

    def given(self, *fields):
        """The fields present in the body, as {field: value} via the matching reader."""
        return {f: self.data[f] for f in fields if f in self.data}


def is_true(value):
    """Query flags such as `?permanent=true`."""
    return str(value or "").strip().lower() == "true"


# --- folders --------------------------------------------------------------------------------------------

def _folder_has_children(folder):
    flag = getattr(folder, "has_child_folders", None)
    if flag is None:
        flag = folder.child_folders.exists()
    return bool(flag)


def folder_json(folder, *, user, full=True, path=None):
    """One folder: the index form (`full=False`) or the show form with flags and availableActions."""
    data = {"id": str(folder.pk), "label": folder.label}
    if folder.deleted:
        data["deleted"] = True
    data["lastUpdated"] = mauro_datetime(folder.last_updated)
    data["domainType"] = "Folder"
    data["hasChildFolders"] = _folder_has_children(folder)
    data["path"] = path if path is not None else folder_paths([folder])[folder.pk]
    if full:
        data["readableByEveryone"] = folder.readable_by_everyone
        data["readableByAuthenticatedUsers"] = folder.readable_by_authenticated_users
        data["availableActions"] = container_actions(user, folder)
        if folder.description:
            data["description"] = folder.description
    return data


def folders_json(folders, *, user, full=False):
    """A page of folders; annotate `has_child_folders` on the queryset to avoid a query per row."""
    folders = list(folders)
    paths = folder_paths(folders)
    return [folder_json(f, user=user, full=full, path=paths[f.pk]) for f in folders]


# --- classifiers ----------------------------------------------------------------------------------------

def classifier_json(classifier, *, user, full=True, path=None):
    """One classifier: `{id, label, lastUpdated, domainType, path}` (+ flags and availableActions when full)."""
    data = {
        "id": str(classifier.pk),
        "label": classifier.label,
        "lastUpdated": mauro_datetime(classifier.last_updated),
        "domainType": "Classifier",
        "path": path if path is not None else classifier_paths([classifier])[classifier.pk],
    }
    if full:
        data["readableByEveryone"] = classifier.readable_by_everyone
        data["readableByAuthenticatedUsers"] = classifier.readable_by_authenticated_users
        data["availableActions"] = container_actions(user, classifier)
        if classifier.description:
            data["description"] = classifier.description
    return data


def classifiers_json(classifiers, *, user, full=False):
    classifiers = list(classifiers)
    paths = classifier_paths(classifiers)
    return [classifier_json(c, user=user, full=full, path=paths[c.pk]) for c in classifiers]


# --- authorities ----------------------------------------------------------------------------------------

def authority_json(authority):
    data = {"id": str(authority.pk), "url": authority.url, "label": authority.label,
            "defaultAuthority": authority.default_authority}
    if authority.description:
        data["description"] = authority.description
    return data
