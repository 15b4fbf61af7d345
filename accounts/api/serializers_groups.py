"""Group, role and grant JSON in Mauro's shapes; the catalogue's grant routes answer with the same shapes."""

from rest_framework import serializers

from accounts import groups
from config.api.serializers import IdField, ResourceSerializer, StrictCharField


class UserGroupSerializer(ResourceSerializer):
    """A user group: its request body (create, partial update) and its answer, in Mauro's shape."""

    id = IdField()
    name = StrictCharField(max_length=255, trim_whitespace=True)
    description = StrictCharField(required=False, allow_blank=True, allow_null=True)
    createdBy = serializers.CharField(source="created_by", read_only=True)
    availableActions = serializers.SerializerMethodField()
    applicationGroupRole = serializers.CharField(source="application_role", read_only=True)

    class Meta(ResourceSerializer.Meta):
        resource = "UserGroup"
        omit_empty = ("description", "applicationGroupRole")

    def get_availableActions(self, group) -> list[str]:
        return groups.group_actions(self.context["request"].user, group)


def role_json(role, *, full=True):
    data = {"id": str(role.pk), "name": role.name, "displayName": role.display_name}
    if full:
        data.update({"availableActions": ["show"], "createdBy": role.created_by,
                     "applicationLevelRole": role.application_level_role})
        if role.parent_id:
            data["parent"] = str(role.parent_id)
    return data


class GroupMemberSerializer(ResourceSerializer):
    """A member of a group: the basic user form (`needsToResetPassword` only when true)."""

    id = IdField()
    emailAddress = serializers.CharField(source="email_address", read_only=True)
    firstName = serializers.CharField(source="first_name", read_only=True)
    lastName = serializers.CharField(source="last_name", read_only=True)
    pending = serializers.BooleanField(read_only=True)
    disabled = serializers.BooleanField(read_only=True)
    createdBy = serializers.CharField(source="created_by", read_only=True)
    needsToResetPassword = serializers.SerializerMethodField()

    class Meta(ResourceSerializer.Meta):
        resource = "CatalogueUser"
        omit_empty = ("needsToResetPassword",)

    def get_needsToResetPassword(self, user) -> bool:
        return True if user.needs_to_reset_password else None
