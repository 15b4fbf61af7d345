"""Group roles and grants (a group's role on a folder, classifier or model) in Mauro's shapes.

A grant's body names its group and role by reference (`{"id": ...}` or a bare id); the answer shows them as small
objects. Both directions are one field, `ReferenceField`, so the body, the answer and the schema agree.
"""

import uuid

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from accounts.models import GroupRole, UserGroup
from config.api.serializers import IdField, MauroMessages, ResourceSerializer


class GroupRoleReferenceSerializer(ResourceSerializer):
    """A role as a grant shows it."""

    id = IdField()
    name = serializers.CharField(read_only=True)
    displayName = serializers.CharField(source="display_name", read_only=True)

    class Meta(ResourceSerializer.Meta):
        resource = "GroupRole"


class GroupRoleSerializer(GroupRoleReferenceSerializer):
    """A role in full (the roles a resource can grant)."""

    availableActions = serializers.SerializerMethodField()
    createdBy = serializers.CharField(source="created_by", read_only=True)
    applicationLevelRole = serializers.BooleanField(source="application_level_role", read_only=True)
    parent = IdField(source="parent_id")

    class Meta(GroupRoleReferenceSerializer.Meta):
        omit_empty = ("parent",)

    def get_availableActions(self, role) -> list[str]:
        return ["show"]


class UserGroupReferenceSerializer(ResourceSerializer):
    """A group as grants and permissions show it."""

    id = IdField()
    name = serializers.CharField(read_only=True)

    class Meta(ResourceSerializer.Meta):
        resource = "UserGroup"


class ReferenceField(MauroMessages, serializers.Field):
    """In: an existing row named by `{"id": "<uuid>"}` or `"<uuid>"` (missing or null → 400; not an id, or naming
    nothing → 422). Out: the row through `output` (a small serializer)."""

    mauro_codes = ("required", "null")

    def __init__(self, model, output, **kwargs):
        self.model, self.output = model, output
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = data.get("id") if isinstance(data, dict) else data
        if value in (None, ""):
            obj = None
        else:
            try:
                pk = uuid.UUID(value) if isinstance(value, str) else None
            except ValueError:
                pk = None
            if pk is None:
                raise serializers.ValidationError(
                    f"Property [{self.field_name}] of class [{self.parent.Meta.resource}] is not a valid id",
                    code="invalid")
            obj = self.model.objects.filter(pk=pk).first()
        if obj is None:
            raise serializers.ValidationError(
                f"Property [{self.field_name}] does not name an existing {self.model.__name__}", code="invalid")
        return obj

    def to_representation(self, value):
        return self.output().to_representation(value)


class ReferenceFieldSchema(OpenApiSerializerFieldExtension):
    """Requests send an id or `{"id": ...}`; answers show the referenced object."""

    target_class = ReferenceField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return auto_schema.resolve_serializer(self.target.output, direction).ref
        uuid_schema = {"type": "string", "format": "uuid"}
        return {"oneOf": [uuid_schema, {"type": "object", "properties": {"id": uuid_schema}, "required": ["id"]}]}


class SecurableResourceGroupRoleSerializer(ResourceSerializer):
    """A grant: `{groupRole, userGroup}` in (both required on create), Mauro's grant out."""

    id = IdField()
    availableActions = serializers.SerializerMethodField()
    createdBy = serializers.CharField(source="created_by", read_only=True)
    securableResourceDomainType = serializers.CharField(source="securable_resource_domain_type", read_only=True)
    securableResourceId = IdField(source="securable_resource_id")
    userGroup = ReferenceField(UserGroup, UserGroupReferenceSerializer, source="user_group")
    groupRole = ReferenceField(GroupRole, GroupRoleReferenceSerializer, source="group_role")

    class Meta(ResourceSerializer.Meta):
        resource = "SecurableResourceGroupRole"
        select_related = ("user_group", "group_role")

    def get_availableActions(self, grant) -> list[str]:
        return ["delete", "show", "update"]


class SecurableResourceGroupRoleUpdateSerializer(SecurableResourceGroupRoleSerializer):
    """An update changes the role only: the group of a grant is fixed (a `userGroup` in the body is ignored)."""

    userGroup = UserGroupReferenceSerializer(source="user_group", read_only=True)
