"""Tree nodes as Mauro's clients read them (contract §5.7): one serializer for the answers and the OpenAPI schema.

Shape: `id, domainType, label, hasChildren, availableActions, path`; containers add `deleted, parentFolder?`;
models add `deleted, finalised, superseded, documentationVersion, folder, type, modelVersion?,
modelVersionTag?, branchName?`; model items add `modelId, parentId?`; `children` only on expanded nodes.
"""

from rest_framework import serializers

from accounts.access import (
    classifier_tree_actions,
    folder_tree_actions,
    load_roles,
    model_item_tree_actions,
    model_tree_actions,
)
from catalogue.selectors.tree import CONTAINER, MODEL
from config.api.serializers import IdField, ResourceSerializer


class _Actions:
    """Tree actions, computed once per container or model in a response (items share their model's)."""

    def __init__(self, user, nodes=()):
        self.user = user
        self._cache = {}
        load_roles(user, _sources(nodes))

    def __call__(self, node):
        source = node.source
        key = (node.kind, source.pk)
        if key not in self._cache:
            if node.kind == CONTAINER:
                actions_for = folder_tree_actions if node.domain_type == "Folder" else classifier_tree_actions
                self._cache[key] = actions_for(self.user, source)
            elif node.kind == MODEL:
                self._cache[key] = model_tree_actions(self.user, source)
            else:
                self._cache[key] = model_item_tree_actions(self.user, source)
        return self._cache[key]


def _sources(nodes):
    """The containers and models behind `nodes` and their expanded children (items bring their model)."""
    stack, sources = list(nodes), {}
    while stack:
        node = stack.pop()
        sources.setdefault(id(node.source), node.source)
        stack.extend(node.children or ())
    return sources.values()


def _node_json(node, actions):
    body = {
        "id": str(node.id),
        "domainType": node.domain_type,
        "label": node.label,
        "hasChildren": node.has_children,
        "availableActions": actions(node),
        "path": node.path,
    }
    source = node.source
    if node.kind == CONTAINER:
        body["deleted"] = bool(getattr(source, "deleted", False))
        if node.parent_id is not None:
            body["parentFolder"] = str(node.parent_id)
    elif node.kind == MODEL:
        body.update({
            "deleted": source.deleted,
            "finalised": source.finalised,
            "superseded": node.superseded,
            "documentationVersion": source.documentation_version,
            "folder": str(source.folder_id),
            "type": source.model_type or source.model_domain_type,
        })
        if source.model_version:
            body["modelVersion"] = source.model_version
        if source.model_version_tag:
            body["modelVersionTag"] = source.model_version_tag
        if node.show_branch and source.branch_name and not source.model_version:
            body["branchName"] = source.branch_name
    else:
        body["modelId"] = str(node.model_id)
        if node.parent_id is not None:
            body["parentId"] = str(node.parent_id)
    if node.children and node.has_children:
        body["children"] = [_node_json(child, actions) for child in node.children]
    return body


class TreeNodeSerializer(ResourceSerializer):
    """One tree node (a `catalogue.selectors.tree.TreeNode`), with its expanded `children` at any depth.

    The keys a node carries depend on its kind (container, model or model item), so the answer is built by one
    straight function per node rather than field by field: a whole-model tree holds every class, element and
    type of the model, and this keeps it as fast as the selectors that load it. The fields below are its schema.
    """

    id = IdField()
    domainType = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    hasChildren = serializers.BooleanField(read_only=True)
    availableActions = serializers.ListField(child=serializers.CharField(), read_only=True)
    path = serializers.CharField(read_only=True)
    deleted = serializers.BooleanField(read_only=True, help_text="Containers and models")
    parentFolder = IdField(help_text="Containers inside another container")
    finalised = serializers.BooleanField(read_only=True, help_text="Models")
    superseded = serializers.BooleanField(read_only=True, help_text="Models")
    documentationVersion = serializers.CharField(read_only=True, help_text="Models")
    folder = IdField(help_text="Models")
    type = serializers.CharField(read_only=True, help_text="Models")
    modelVersion = serializers.CharField(read_only=True, help_text="Finalised models")
    modelVersionTag = serializers.CharField(read_only=True, help_text="Models with a version tag")
    branchName = serializers.CharField(read_only=True, help_text="Draft models")
    modelId = IdField(help_text="Model items")
    parentId = IdField(help_text="Model items below another item")

    class Meta:
        resource = "TreeNode"
        omit_empty = ("deleted", "parentFolder", "finalised", "superseded", "documentationVersion", "folder", "type",
                      "modelVersion", "modelVersionTag", "branchName", "modelId", "parentId", "children")

    @classmethod
    def preload(cls, nodes, context):
        """The tree actions of every container and model in the answer, each computed once."""
        return {"tree_actions": _Actions(context["request"].user, nodes)}

    def to_representation(self, node):
        actions = self.context.get("tree_actions")
        if actions is None:
            actions = self.context["tree_actions"] = _Actions(self.context["request"].user)
        return _node_json(node, actions)


# Expanded nodes hold nodes of the same shape (a recursive schema component).
TreeNodeSerializer._declared_fields["children"] = TreeNodeSerializer(
    many=True, read_only=True, help_text="Child nodes of the same shape, on expanded nodes only")
