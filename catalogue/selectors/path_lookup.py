"""Finding a catalogue item by its path, e.g. `fo:Parent|dm:Model$main|dc:Class|de:Element`.

A path is `|`-separated nodes `prefix:label`; a model node may name a branch or a version after `$`
(`dm:Model$main`, `dm:Model$1.0.0`); without one the main-branch draft is taken, else the newest
finalised version. `finalised=True` only considers finalised models (newest version without `$`).

Every step goes through the access policy: an unreadable folder, classifier or model ends the search
exactly like a missing one, so callers answer 404 for both.
"""

import re
from dataclasses import dataclass

from accounts.access import readable_classifiers, readable_folders, readable_models
from catalogue import models as m
from config.api.errors import BadRequest

#: Path prefix → Mauro domain type (`GET /api/path/prefixMappings`).
PREFIX_MAPPINGS = {
    "ann": "Annotation",
    "auth": "Authority",
    "cl": "Classifier",
    "cs": "CodeSet",
    "dc": "DataClass",
    "de": "DataElement",
    "dm": "DataModel",
    "dt": "DataType",
    "ed": "Edit",
    "ev": "EnumerationValue",
    "fo": "Folder",
    "md": "Metadata",
    "rdm": "ReferenceDataModel",
    "rf": "ReferenceFile",
    "rr": "RuleRepresentation",
    "ru": "Rule",
    "sl": "SemanticLink",
    "te": "Terminology",
    "tm": "Term",
    "tr": "TermRelationship",
    "trt": "TermRelationshipType",
    "vl": "VersionLink",
}

#: Model prefixes → the model domain type they name.
MODEL_PREFIXES = {"dm": m.ModelDomainType.DATA_MODEL}
for _prefix, _domain in (("te", "Terminology"), ("cs", "CodeSet"), ("rdm", "ReferenceDataModel")):
    if _domain in m.ModelDomainType.values:
        MODEL_PREFIXES[_prefix] = _domain

VERSION = re.compile(r"^\d+(\.\d+){0,2}$")


@dataclass(frozen=True)
class PathNode:
    prefix: str
    label: str
    identifier: str | None = None  # branch name or version after `$` (model nodes)


def parse_path(text):
    """The nodes of a path; empty or malformed paths are 400s."""
    if text is None or not text.strip():
        raise BadRequest("Must have a path to search", error_code="PS05")
    nodes = []
    for raw in text.split("|"):
        prefix, colon, rest = raw.partition(":")
        prefix = prefix.strip()
        if not colon or not prefix or not rest:
            raise BadRequest(f"Path node [{raw}] is not of the form prefix:label", error_code="PS06")
        label, dollar, identifier = rest.partition("$")
        if dollar and not identifier:
            raise BadRequest(f"Path node [{raw}] names no branch or version after $", error_code="PS06")
        if not label:
            raise BadRequest(f"Path node [{raw}] has no label", error_code="PS06")
        nodes.append(PathNode(prefix, label, identifier or None))
    return nodes


def _normalised_version(identifier):
    parts = identifier.split(".")
    return ".".join(parts + ["0"] * (3 - len(parts)))


def _version_key(model):
    try:
        return tuple(int(p) for p in (model.model_version or "").split("."))
    except ValueError:
        return ()


def _pick_model(candidates, node, *, finalised):
    """The model a node names among readable candidates with its label (None when none fits)."""
    candidates = list(candidates)
    if finalised:
        candidates = [x for x in candidates if x.finalised]
    if node.identifier is None:
        drafts = [x for x in candidates if not x.finalised and x.branch_name == m.DEFAULT_BRANCH] if not finalised \
            else []
        if drafts:
            return sorted(drafts, key=lambda x: (x.date_created, str(x.pk)))[0]
        versions = [x for x in candidates if x.finalised]
        return max(versions, key=_version_key) if versions else None
    if VERSION.match(node.identifier):
        wanted = _normalised_version(node.identifier)
        matches = [x for x in candidates if x.finalised and x.model_version == wanted]
    else:
        matches = [x for x in candidates if x.branch_name == node.identifier]
        if not finalised:
            drafts = [x for x in matches if not x.finalised]
            matches = drafts or matches
    if not matches:
        return None
    return max(matches, key=lambda x: (_version_key(x), x.date_created))


class PathResolver:
    """Walks a path from a root (a readable object, or none for the root-class form) for one user."""

    def __init__(self, user, *, finalised=False):
        self.user = user
        self.finalised = finalised

    # --- the two entry points -----------------------------------------------------------------------

    def from_root_class(self, root_cls, nodes):
        """`GET /api/{type}/path/{path}`: the first node names a top-level folder, classifier or model."""
        first, rest = nodes[0], nodes[1:]
        if root_cls is m.Folder:
            if first.prefix != "fo":
                return None
            root = self._folders(m.Folder.objects.filter(parent_folder__isnull=True, label=first.label)).first()
        elif root_cls is m.Classifier:
            if first.prefix != "cl":
                return None
            root = readable_classifiers(self.user, m.Classifier.objects.filter(label=first.label)).first()
        else:  # a model class
            if first.prefix not in MODEL_PREFIXES:
                return None
            root = self._model(m.CatalogueModel.objects.all(), first)
        if root is None:
            return None
        return self._descend(root, rest)

    def from_resource(self, root, nodes):
        """`GET /api/{type}/{id}/path/{path}`: the path is relative to `root`, or absolute starting with it."""
        if nodes and self._names(root, nodes[0]):
            nodes = nodes[1:]
        return self._descend(root, nodes)

    # --- steps --------------------------------------------------------------------------------------

    def _descend(self, current, nodes):
        for node in nodes:
            current = self._child(current, node)
            if current is None:
                return None
        return current

    def _names(self, obj, node):
        """Whether `node` names `obj` itself (a path absolute to the resource it is looked up in)."""
        if node.prefix != self._prefix_of(obj) or node.label != getattr(obj, "label", None):
            return False
        if isinstance(obj, m.CatalogueModel) and node.identifier is not None:
            return _pick_model([obj], node, finalised=False) is not None
        return True

    @staticmethod
    def _prefix_of(obj):
        if isinstance(obj, m.CatalogueModel):
            return {v: k for k, v in MODEL_PREFIXES.items()}.get(obj.model_domain_type, "dm")
        return obj.path_prefix

    def _child(self, parent, node):
        if isinstance(parent, m.Folder):
            if node.prefix == "fo":
                return self._folders(m.Folder.objects.filter(parent_folder=parent, label=node.label)).first()
            if node.prefix in MODEL_PREFIXES:
                return self._model(m.CatalogueModel.objects.filter(folder=parent), node)
            return None
        if isinstance(parent, m.Classifier):
            if node.prefix == "cl":
                return readable_classifiers(
                    self.user, m.Classifier.objects.filter(parent_classifier=parent, label=node.label)).first()
            return None
        if isinstance(parent, m.CatalogueModel):
            if node.prefix == "dc":
                return m.DataClass.objects.filter(model_id=parent.pk, parent_data_class__isnull=True,
                                                  label=node.label).first()
            if node.prefix == "dt":
                return m.DataType.objects.filter(model_id=parent.pk, label=node.label).first()
            if node.prefix == "tm":
                return m.Term.objects.filter(model_id=parent.pk, code=node.label).first()
            if node.prefix == "trt":
                return m.TermRelationshipType.objects.filter(model_id=parent.pk, label=node.label).first()
            return None
        if isinstance(parent, m.Term):
            if node.prefix == "tr":
                return self._relationship(parent, node.label)
            return None
        if isinstance(parent, m.DataClass):
            if node.prefix == "dc":
                return m.DataClass.objects.filter(model_id=parent.model_id, parent_data_class=parent,
                                                  label=node.label).first()
            if node.prefix == "de":
                return m.DataElement.objects.filter(data_class=parent, label=node.label).first()
            return None
        if isinstance(parent, m.DataType):
            if node.prefix == "ev" and parent.kind == m.DataTypeKind.ENUMERATION:
                return m.EnumerationValue.objects.filter(data_type=parent, key=node.label).first()
            return None
        return None

    @staticmethod
    def _relationship(source_term, identifier):
        """`tr:SOURCE.type label.TARGET`: a relationship of the term, named by its ends' codes and its label."""
        prefix = f"{source_term.code}."
        if not identifier.startswith(prefix):
            return None
        rest = identifier[len(prefix):]
        candidates = m.TermRelationship.objects.filter(source_term=source_term).select_related("target_term")
        for relationship in candidates.order_by("label", "pk"):
            if rest == f"{relationship.label}.{relationship.target_term.code}":
                relationship.source_term = source_term
                return relationship
        return None

    def _folders(self, queryset):
        return readable_folders(self.user, queryset)

    def _model(self, queryset, node):
        queryset = queryset.filter(model_domain_type=MODEL_PREFIXES[node.prefix], label=node.label)
        return _pick_model(readable_models(self.user, queryset).select_related("folder", "authority"), node,
                           finalised=self.finalised)


def resolve_path(user, path_text, *, root_cls=None, root=None, finalised=False):
    """The readable item a path names (None when missing or hidden); bad syntax → 400."""
    nodes = parse_path(path_text)
    resolver = PathResolver(user, finalised=finalised)
    if root is not None:
        return resolver.from_resource(root, nodes)
    return resolver.from_root_class(root_cls, nodes)
