"""User groups and application roles (Mauro's security routes on groups and roles).

Grants on a folder, classifier or model, and their public flags, are routes of that resource: see
`catalogue.api.views_security`.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from accounts import groups
from accounts.api.helpers import fetch
from accounts.api.serializers_grants import GroupRoleSerializer, SecurableResourceGroupRoleSerializer
from accounts.api.serializers_groups import GroupMemberSerializer, UserGroupSerializer
from accounts.models import ApplicationRole, GroupRole, SecurableResourceGroupRole, User, UserGroup
from accounts.permissions import ApplicationRolePermission, UserGroupContentsPermission, UserGroupPermission
from config.api.errors import NotFound
from config.api.ids import parse_uuid
from config.api.viewsets import ApiViewSet, CreateMixin, DestroyMixin, ListMixin, RetrieveMixin, UpdateMixin


def visible_group(view):
    """The group named in the URL if the caller may see it (group administrators, its members, its creator);
    otherwise 404, as for a missing group."""
    pk = parse_uuid(view.kwargs["group_id"], "UserGroup")
    group = groups.visible_groups(view.request.user).filter(pk=pk).first()
    if group is None:
        raise NotFound("UserGroup", pk)
    return group


class UserGroupViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ApiViewSet):
    """User groups: each caller sees only the groups visible to them (others are a 404); listing and creating are
    open to those who may create groups (Mauro's index rule)."""

    queryset = UserGroup.objects.all()
    serializer_class = UserGroupSerializer
    permission_classes = [UserGroupPermission]
    resource = "UserGroup"
    lookup_url_kwarg = "group_id"
    sort_fields = {"name": "name"}
    default_order = ("name",)
    operation_ids = {"list": "listUserGroups", "create": "createUserGroup", "retrieve": "showUserGroup",
                     "update": "updateUserGroup", "destroy": "deleteUserGroup"}

    def restrict_queryset(self, queryset):
        return groups.visible_groups(self.request.user, queryset)

    def created(self, obj):
        response = super().created(obj)
        response["Location"] = f"/api/userGroups/{obj.pk}"
        return response

    def perform_create(self, serializer):
        return groups.create_group(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        return groups.update_group(user=self.request.user, group=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, obj):
        groups.delete_group(user=self.request.user, group=obj)


class GroupAnswerMixin:
    """Actions that change a group's membership or role answer with the group."""

    def group_answer(self, group):
        return Response(UserGroupSerializer(context=self.get_serializer_context()).to_representation(group))


class UserGroupMemberViewSet(GroupAnswerMixin, ListMixin, ApiViewSet):
    """The members of a group the caller can see: listed by those who may inspect it, added and removed by those
    who administer it. Any user may join, so the user named in the URL is looked up among all users."""

    queryset = User.objects.all()
    serializer_class = GroupMemberSerializer
    permission_classes = [UserGroupContentsPermission]
    resource = "CatalogueUser"
    lookup_url_kwarg = "user_id"
    sort_fields = {"emailAddress": "email_address"}
    default_order = ("email_address",)
    operation_ids = {"list": "listUserGroupMembers", "add": "addUserGroupMember", "remove": "removeUserGroupMember"}

    def resolve_parents(self):
        return {"group": visible_group(self)}

    def restrict_queryset(self, queryset):
        return queryset if self.is_detail else queryset.filter(user_groups=self.parents["group"])

    @extend_schema(request=None, responses={200: UserGroupSerializer})
    def add(self, request, *args, **kwargs):
        group = self.parents["group"]
        groups.add_member(group=group, member=self.get_object())
        return self.group_answer(group)

    @extend_schema(request=None, responses={200: UserGroupSerializer})
    def remove(self, request, *args, **kwargs):
        group = self.parents["group"]
        groups.remove_member(user=request.user, group=group, member=self.get_object())
        return self.group_answer(group)


class UserGroupGrantViewSet(ListMixin, ApiViewSet):
    """The grants a group holds, on the resources the caller can read; listed by those who may inspect it."""

    queryset = SecurableResourceGroupRole.objects.all()
    serializer_class = SecurableResourceGroupRoleSerializer
    permission_classes = [UserGroupContentsPermission]
    resource = "SecurableResourceGroupRole"
    default_order = ("date_created",)
    operation_ids = {"list": "listUserGroupResourceRoles"}

    def resolve_parents(self):
        return {"group": visible_group(self)}

    def restrict_queryset(self, queryset):
        return groups.group_grants(self.request.user, self.parents["group"], queryset)


class GroupRoleViewSet(ListMixin, RetrieveMixin, ApiViewSet):
    """Every group role, for group administrators and above."""

    queryset = GroupRole.objects.all()
    serializer_class = GroupRoleSerializer
    permission_classes = [ApplicationRolePermission]
    needed_application_role = ApplicationRole.GROUP_ADMIN
    resource = "GroupRole"
    lookup_url_kwarg = "role_id"
    sort_fields = {"name": "name"}
    default_order = ("name",)
    operation_ids = {"list": "listGroupRoles", "retrieve": "showGroupRole"}


class ApplicationGroupRoleViewSet(ListMixin, ApiViewSet):
    """The application-level roles, for application administrators."""

    queryset = GroupRole.objects.filter(application_level_role=True)
    serializer_class = GroupRoleSerializer
    permission_classes = [ApplicationRolePermission]
    needed_application_role = ApplicationRole.APPLICATION_ADMIN
    resource = "GroupRole"
    sort_fields = {"name": "name"}
    default_order = ("name",)
    operation_ids = {"list": "listApplicationGroupRoles"}


class AvailableApplicationAccessViewSet(ApplicationGroupRoleViewSet):
    """The same list under Mauro's other name for it."""

    operation_ids = {"list": "listAvailableApplicationAccess"}


class ApplicationRoleGroupViewSet(GroupAnswerMixin, ListMixin, ApiViewSet):
    """The groups holding an application role, and giving it to a group or taking it away: application
    administrators only. Any group may be given the role, so the group in the URL is looked up among all."""

    queryset = UserGroup.objects.all()
    serializer_class = UserGroupSerializer
    permission_classes = [ApplicationRolePermission]
    needed_application_role = ApplicationRole.APPLICATION_ADMIN
    resource = "UserGroup"
    lookup_url_kwarg = "group_id"
    sort_fields = {"name": "name"}
    default_order = ("name",)
    operation_ids = {"list": "listApplicationRoleGroups", "grant": "setApplicationRole",
                     "revoke": "removeApplicationRole"}

    def resolve_parents(self):
        return {"role": fetch(GroupRole, self.kwargs["role_id"], "GroupRole", application_level_role=True)}

    def restrict_queryset(self, queryset):
        return queryset if self.is_detail else queryset.filter(application_role=self.parents["role"].name)

    @extend_schema(request=None, responses={200: UserGroupSerializer})
    def grant(self, request, *args, **kwargs):
        return self.group_answer(groups.set_application_role(group=self.get_object(), role=self.parents["role"]))

    @extend_schema(request=None, responses={200: UserGroupSerializer})
    def revoke(self, request, *args, **kwargs):
        return self.group_answer(groups.set_application_role(group=self.get_object(), role=None))
