"""A model's version tree in Mauro's two shapes (bare arrays): the full form (`modelVersionTree`) and the simple form
(`simpleModelVersionTree`) the web UI lists versions and branches with. Nodes are `selectors.version_tree.VersionNode`s.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.serializers import ResourceSerializer


class VersionTreeTargetSerializer(ResourceSerializer):
    """A model made from this one, and how (`New Model Version Of`, ...)."""

    id = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)


class SimpleVersionTreeNodeSerializer(ResourceSerializer):
    id = serializers.CharField(read_only=True)
    branch = serializers.CharField(read_only=True, allow_null=True)
    modelVersion = serializers.CharField(source="model.model_version", read_only=True, allow_null=True)
    modelVersionTag = serializers.CharField(source="model.model_version_tag", read_only=True, allow_null=True)
    documentationVersion = serializers.CharField(source="model.documentation_version", read_only=True)
    displayName = serializers.CharField(source="display_name", read_only=True)


class VersionTreeNodeSerializer(ResourceSerializer):
    id = serializers.CharField(read_only=True)
    label = serializers.CharField(source="model.label", read_only=True)
    branch = serializers.CharField(read_only=True, allow_null=True)
    modelVersion = serializers.CharField(source="model.model_version", read_only=True, allow_null=True)
    modelVersionTag = serializers.CharField(source="model.model_version_tag", read_only=True, allow_null=True)
    documentationVersion = serializers.CharField(source="model.documentation_version", read_only=True)
    isNewBranchModelVersion = serializers.BooleanField(source="is_new_branch_model_version", read_only=True)
    isNewDocumentationVersion = serializers.BooleanField(source="is_new_documentation_version", read_only=True)
    isNewFork = serializers.BooleanField(source="is_new_fork", read_only=True)
    targets = serializers.SerializerMethodField()

    @extend_schema_field(VersionTreeTargetSerializer(many=True))
    def get_targets(self, node):
        return [{"id": target_id, "description": link_type} for target_id, link_type in node.targets]
