"""A model's version tree (`modelVersionTree`, `simpleModelVersionTree`): every version, branch and fork that
descends from the model's oldest ancestor, found by following version links from target to source.

A model never versioned is a tree of one node. The walk reads the links one generation at a time (one query
for the ancestors' chain per generation, then one for the links and one for the readable models per generation),
so its cost follows the depth of the history, not the number of models in it. A model the caller cannot read is
left out together with everything that descends from it, as Mauro does.
"""

from dataclasses import dataclass, field
from functools import cmp_to_key

from accounts.access import readable_models
from catalogue import models as m

NEW_MODEL_VERSION_OF = m.VersionLinkType.NEW_MODEL_VERSION_OF
NEW_DOCUMENTATION_VERSION_OF = m.VersionLinkType.NEW_DOCUMENTATION_VERSION_OF
NEW_FORK_OF = m.VersionLinkType.NEW_FORK_OF


@dataclass(eq=False)
class VersionNode:
    """One model in the tree, with how it came from its parent (none for the root) and the links to its
    children (`targets`, in the order they were made)."""

    model: object
    link_type: str | None = None
    parent: "VersionNode | None" = None
    targets: list = field(default_factory=list)

    @property
    def id(self):
        return str(self.model.pk)

    @property
    def is_new_branch_model_version(self):
        return self.link_type == NEW_MODEL_VERSION_OF

    @property
    def is_new_documentation_version(self):
        return self.link_type == NEW_DOCUMENTATION_VERSION_OF

    @property
    def is_new_fork(self):
        return self.link_type == NEW_FORK_OF

    @property
    def branch(self):
        """The branch name of a draft; a finalised model is named by its version instead."""
        return None if self.model.model_version else self.model.branch_name

    @property
    def display_name(self):
        """`V1.0.0`, `DM V2.0.0`, `FM <branch>`, `<branch> (V1.0.0)`: the name the web UI lists versions by."""
        version = self.model.model_version
        if version:
            prefix, name = "V", version
        elif self.is_new_documentation_version:
            prefix, name = "DM V", self.model.documentation_version
        else:
            prefix, name = ("FM " if self.is_new_fork else ""), self.branch
        parent_version = self.parent.model.model_version if self.parent is not None else None
        # (a link from a draft, which versioning never makes, names no parent version rather than "Vnull")
        base = f" (V{parent_version})" if parent_version and not version else ""
        return f"{prefix}{name}{base}"


def _version_key(version):
    return tuple(int(part) if part.isdigit() else 0 for part in str(version).split("."))


def _compare(this, that):
    """Mauro's order of a version tree: the root first; a model before the versions made from it; finalised
    versions by number; then by parent; drafts before finalised models of the same parent; forks after branches;
    `main` before other branches, which go by name."""
    if this is that:
        return 0
    if this.link_type is None:
        return -1
    if that.link_type is None:
        return 1
    if that.id in (target_id for target_id, _ in this.targets):
        return -1
    if this.id in (target_id for target_id, _ in that.targets):
        return 1
    this_version, that_version = this.model.model_version, that.model.model_version
    if this_version and that_version:
        return (_version_key(this_version) > _version_key(that_version)) - (
            _version_key(this_version) < _version_key(that_version))
    parent_order = _compare(this.parent, that.parent) if this.parent is not that.parent else 0
    if parent_order:
        return parent_order
    if this_version:
        return 1
    if that_version:
        return -1
    if this.is_new_fork:
        return 1
    if that.is_new_fork:
        return -1
    if this.branch == m.DEFAULT_BRANCH:
        return -1
    if that.branch == m.DEFAULT_BRANCH:
        return 1
    return (this.branch > that.branch) - (this.branch < that.branch)


def oldest_ancestor(model):
    """Follow `New Model Version Of` (else `New Documentation Version Of`) links from the model back to the first
    model of its line."""
    seen = {model.pk}
    while True:
        links = {link_type: target_id for link_type, target_id in m.VersionLink.objects.filter(
            source_model=model, link_type__in=[NEW_MODEL_VERSION_OF, NEW_DOCUMENTATION_VERSION_OF]).values_list(
            "link_type", "target_model_id")}
        parent_id = links.get(NEW_MODEL_VERSION_OF) or links.get(NEW_DOCUMENTATION_VERSION_OF)
        if parent_id is None or parent_id in seen:
            return model
        parent = m.CatalogueModel.objects.filter(pk=parent_id).first()
        if parent is None:
            return model
        seen.add(parent_id)
        model = parent


def version_tree(*, user, model, include_forks, branches_only=False):
    """The nodes of the tree that `model` belongs to, in Mauro's order. Forks are listed (but not followed) when
    `include_forks`; `branches_only` leaves finalised models out (their descendants stay)."""
    root_model = oldest_ancestor(model)
    if not readable_models(user, m.CatalogueModel.objects.filter(pk=root_model.pk)).exists():
        return []
    root = VersionNode(root_model)
    nodes, generation, seen = [root], [root], {root_model.pk}
    while generation:
        by_id = {node.model.pk: node for node in generation if not node.is_new_fork}
        links = list(m.VersionLink.objects.filter(target_model_id__in=list(by_id)).order_by("date_created", "id")
                     .values_list("source_model_id", "target_model_id", "link_type"))
        sources = {source.pk: source for source in readable_models(
            user, m.CatalogueModel.objects.filter(pk__in=[source_id for source_id, _, _ in links]))}
        generation = []
        for source_id, target_id, link_type in links:
            if source_id not in sources or source_id in seen:
                continue
            seen.add(source_id)
            parent = by_id[target_id]
            parent.targets.append((str(source_id), link_type))  # forks too, even where they are not listed
            node = VersionNode(sources[source_id], link_type, parent)
            if node.is_new_fork and not include_forks:
                continue
            nodes.append(node)
            generation.append(node)
    if branches_only:
        nodes = [node for node in nodes if not node.model.finalised]
    return sorted(nodes, key=cmp_to_key(_compare))
