"""Who may read and write a folder, classifier or model: its permissions view, and what a public-flag change answers."""

from rest_framework import serializers

from accounts.api.serializers_grants import UserGroupReferenceSerializer
from config.api.serializers import IdField, ResourceSerializer


class ResourcePermissionsSerializer(ResourceSerializer):
    """Mauro's permissions view of a resource; rendered from a dict (`permissions_view`)."""

    readableByEveryone = serializers.BooleanField(read_only=True)
    readableByAuthenticated = serializers.BooleanField(read_only=True)
    readableByGroups = UserGroupReferenceSerializer(many=True, read_only=True)
    writeableByGroups = UserGroupReferenceSerializer(many=True, read_only=True)
    readableByUsers = serializers.ListField(child=serializers.DictField(), read_only=True)
    writeableByUsers = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta(ResourceSerializer.Meta):
        resource = "SecurableResource"


def permissions_view(resource, readers, writers):
    """What `ResourcePermissionsSerializer` renders: the public flags and the groups reading or writing by grant."""
    return {"readableByEveryone": resource.readable_by_everyone,
            "readableByAuthenticated": resource.readable_by_authenticated_users,
            "readableByGroups": readers, "writeableByGroups": writers,
            "readableByUsers": [], "writeableByUsers": []}


class SecurableResourceShowSchema(serializers.Serializer):
    """OpenAPI only: the keys every folder, classifier and model show has (a public-flag change answers the
    resource's show, as `GET /api/{folders|classifiers|dataModels}/{id}` does); each kind adds its own."""

    id = IdField()
    domainType = serializers.CharField()
    label = serializers.CharField()
    path = serializers.CharField()
    lastUpdated = serializers.CharField()
    availableActions = serializers.ListField(child=serializers.CharField())
    readableByEveryone = serializers.BooleanField()
    readableByAuthenticatedUsers = serializers.BooleanField()
    description = serializers.CharField(required=False)

    class Meta:
        ref_name = "SecurableResourceShow"
