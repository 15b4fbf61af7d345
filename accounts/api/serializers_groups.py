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


def group_json(group, user):
    data = {"id": str(group.pk), "name": group.name}
    if group.description:
        data["description"] = group.description
    data["createdBy"] = group.created_by
    data["availableActions"] = groups.group_actions(user, group)
    if group.application_role:
        data["applicationGroupRole"] = group.application_role
    return data


def role_json(role, *, full=True):
    data = {"id": str(role.pk), "name": role.name, "displayName": role.display_name}
    if full:
        data.update({"availableActions": ["show"], "createdBy": role.created_by,
                     "applicationLevelRole": role.application_level_role})
        if role.parent_id:
            data["parent"] = str(role.parent_id)
    return data


def grant_json(grant, user):
    return {
        "id": str(grant.pk),
        "availableActions": ["delete", "show", "update"],
        "createdBy": grant.created_by,
        "securableResourceDomainType": grant.securable_resource_domain_type,
        "securableResourceId": str(grant.securable_resource_id),
        "userGroup": {"id": str(grant.user_group.pk), "name": grant.user_group.name},
        "groupRole": role_json(grant.group_role, full=False),
    }


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
