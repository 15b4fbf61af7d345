"""User groups and application roles (Mauro's security routes on groups and roles).

Grants on a folder, classifier or model, and their public flags, are routes of that resource: see
`catalogue.api.views_security`.
"""

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access, groups
from accounts.api.helpers import fetch
from accounts.api.serializers import basic_user
from accounts.api.serializers_groups import UserGroupSerializer, grant_json, group_json, role_json
from accounts.models import GroupRole, User, UserGroup
from accounts.permissions import UserGroupPermission
from config.api.errors import Forbidden, NotFound
from config.api.ids import parse_uuid
from config.api.pagination import apply_sort, paginate
from config.api.viewsets import ApiViewSet, CreateMixin, DestroyMixin, ListMixin, RetrieveMixin, UpdateMixin


def listing(request, queryset, to_json, sort_fields=None, default_order=("pk",)):
    queryset = apply_sort(request, queryset, sort_fields or {}, default_order)
    count, page = paginate(request, queryset)
    return Response({"count": count, "items": [to_json(x) for x in page]})


def visible_group(user, group_id):
    """The group named in the URL if the caller may see it (group administrators, its members, its creator);
    otherwise 404, as for a missing group."""
    access.require_login(user)
    pk = parse_uuid(group_id, "UserGroup")
    group = groups.visible_groups(user).filter(pk=pk).first()
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


class UserGroupMembersView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listUserGroupMembers")
    def get(self, request, group_id):
        members = groups.group_members(user=request.user, group=visible_group(request.user, group_id))
        return listing(request, members, basic_user, {"emailAddress": "email_address"}, ("email_address",))


class UserGroupMemberView(APIView):
    def _member(self, user_id):
        return fetch(User, user_id, "CatalogueUser")

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="addUserGroupMember")
    def put(self, request, group_id, user_id):
        group = visible_group(request.user, group_id)
        groups.add_member(user=request.user, group=group, member=self._member(user_id))
        return Response(group_json(group, request.user))

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="removeUserGroupMember")
    def delete(self, request, group_id, user_id):
        group = visible_group(request.user, group_id)
        groups.remove_member(user=request.user, group=group, member=self._member(user_id))
        return Response(group_json(group, request.user))


class UserGroupGrantsView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listUserGroupResourceRoles")
    def get(self, request, group_id):
        grants = groups.group_grants(user=request.user, group=visible_group(request.user, group_id))
        return listing(request, grants, lambda g: grant_json(g, request.user), {}, ("date_created",))


def require_administrator(user):
    access.require_login(user)
    if not user.is_administrator:
        raise Forbidden("User must be an application administrator", error_code="PERM07")


class GroupRoleListView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listGroupRoles")
    def get(self, request):
        access.require_login(request.user)
        if not groups.holds_application_role(request.user, "group_admin"):
            raise Forbidden()
        return listing(request, GroupRole.objects.all(), role_json, {"name": "name"}, ("name",))


class GroupRoleDetailView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showGroupRole")
    def get(self, request, role_id):
        access.require_login(request.user)
        if not groups.holds_application_role(request.user, "group_admin"):
            raise Forbidden()
        return Response(role_json(fetch(GroupRole, role_id, "GroupRole")))


class ApplicationGroupRoleListView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listApplicationGroupRoles")
    def get(self, request):
        require_administrator(request.user)
        return listing(request, GroupRole.objects.filter(application_level_role=True), role_json,
                       {"name": "name"}, ("name",))


class AvailableApplicationAccessView(ApplicationGroupRoleListView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listAvailableApplicationAccess")
    def get(self, request):
        return super().get(request)


def application_role(role_id):
    return fetch(GroupRole, role_id, "GroupRole", application_level_role=True)


class ApplicationRoleGroupsView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listApplicationRoleGroups")
    def get(self, request, role_id):
        require_administrator(request.user)
        role = application_role(role_id)
        return listing(request, UserGroup.objects.filter(application_role=role.name),
                       lambda g: group_json(g, request.user), {"name": "name"}, ("name",))


class ApplicationRoleGroupView(APIView):
    def _group(self, group_id):
        return fetch(UserGroup, group_id, "UserGroup")

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="setApplicationRole")
    def put(self, request, role_id, group_id):
        require_administrator(request.user)
        group = groups.set_application_role(user=request.user, group=self._group(group_id),
                                            role=application_role(role_id))
        return Response(group_json(group, request.user))

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="removeApplicationRole")
    def delete(self, request, role_id, group_id):
        require_administrator(request.user)
        application_role(role_id)
        group = groups.set_application_role(user=request.user, group=self._group(group_id), role=None)
        return Response(group_json(group, request.user))
