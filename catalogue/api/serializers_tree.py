"""Tree nodes as Mauro's clients read them (contract §5.7), and their schema for the OpenAPI document.

Shape: `id, domainType, label, hasChildren, availableActions, path`; containers add `deleted, parentFolder?`;
models add `deleted, finalised, superseded, documentationVersion, folder, type, modelVersion?,
modelVersionTag?, branchName?`; model items add `modelId, parentId?`; `children` only on expanded nodes.
"""

from rest_framework import serializers

from accounts.access import (
    classifier_tree_actions,
    folder_tree_actions,
    model_item_tree_actions,
    model_tree_actions,
)
from catalogue.selectors.tree import CONTAINER, MODEL


class _Actions:
    """Tree actions, computed once per container or model in a response (items share their model's)."""

    def __init__(self, user):
        self.user = user
        self._cache = {}

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


def tree_json(nodes, *, user):
    """A list of nodes (a bare JSON array)."""
    actions = _Actions(user)
    return [_node_json(node, actions) for node in nodes]


def node_json(node, *, user):
    """One node (the whole-model tree and the ancestors chain are single objects in Mauro)."""
    return _node_json(node, _Actions(user))


class TreeNodeSerializer(serializers.Serializer):
    """Schema only: documents the node shape in the OpenAPI document (nodes are built by `tree_json`)."""

    id = serializers.UUIDField()
    domainType = serializers.CharField()
    label = serializers.CharField()
    hasChildren = serializers.BooleanField()
    availableActions = serializers.ListField(child=serializers.CharField())
    path = serializers.CharField(required=False)
    deleted = serializers.BooleanField(required=False)
    parentFolder = serializers.UUIDField(required=False)
    finalised = serializers.BooleanField(required=False)
    superseded = serializers.BooleanField(required=False)
    documentationVersion = serializers.CharField(required=False)
    folder = serializers.UUIDField(required=False)
    type = serializers.CharField(required=False)
    modelVersion = serializers.CharField(required=False)
    modelVersionTag = serializers.CharField(required=False)
    branchName = serializers.CharField(required=False)
    modelId = serializers.UUIDField(required=False)
    parentId = serializers.UUIDField(required=False)
    children = serializers.ListField(child=serializers.DictField(), required=False,
                                     help_text="Child nodes of the same shape, on expanded nodes only")
