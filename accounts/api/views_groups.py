"""User groups, application roles and resource grants (Mauro's security routes)."""

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access, groups
from accounts.api.serializers import basic_user
from accounts.models import GroupRole, SecurableResourceGroupRole, User, UserGroup
from config.api.errors import BadRequest, Forbidden, NotFound, Unprocessable
from config.api.pagination import apply_sort, paginate
from config.api.serializers import require_object


def parse_id(value, resource):
    from catalogue.api.common import parse_uuid

    return parse_uuid(value, resource)


def fetch(model, raw_id, resource, **filters):
    """One row by a path id, or the resource's 404 (a malformed id is a 404 too)."""
    pk = parse_id(raw_id, resource)
    obj = model.objects.filter(pk=pk, **filters).first()
    if obj is None:
        raise NotFound(resource, pk)
    return obj


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


def listing(request, queryset, to_json, sort_fields=None, default_order=("pk",)):
    queryset = apply_sort(request, queryset, sort_fields or {}, default_order)
    count, page = paginate(request, queryset)
    return Response({"count": count, "items": [to_json(x) for x in page]})


class GroupBody(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, allow_null=True)


def visible_group(user, group_id):
    """The group named in the URL if the caller may see it (group administrators, its members, its creator);
    otherwise 404, as for a missing group."""
    access.require_login(user)
    pk = parse_id(group_id, "UserGroup")
    group = groups.visible_groups(user).filter(pk=pk).first()
    if group is None:
        raise NotFound("UserGroup", pk)
    return group


class UserGroupListView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listUserGroups")
    def get(self, request):
        """Open to those who may create groups (Mauro's index rule); each sees only the groups visible to them."""
        access.require_login(request.user)
        if not groups.may_create_groups(request.user):
            raise Forbidden()
        return listing(request, groups.visible_groups(request.user), lambda g: group_json(g, request.user),
                       {"name": "name"}, ("name",))

    @extend_schema(request=GroupBody, responses={201: OpenApiTypes.OBJECT}, operation_id="createUserGroup")
    def post(self, request):
        access.require_login(request.user)
        body = GroupBody(data=require_object(request.data))
        body.is_valid(raise_exception=True)
        group = groups.create_group(user=request.user, **body.validated_data)
        response = Response(group_json(group, request.user), status=201)
        response["Location"] = f"/api/userGroups/{group.pk}"
        return response


class UserGroupDetailView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showUserGroup")
    def get(self, request, group_id):
        return Response(group_json(visible_group(request.user, group_id), request.user))

    @extend_schema(request=GroupBody, responses={200: OpenApiTypes.OBJECT}, operation_id="updateUserGroup")
    def put(self, request, group_id):
        group = visible_group(request.user, group_id)
        body = GroupBody(data=require_object(request.data), partial=True)
        body.is_valid(raise_exception=True)
        group = groups.update_group(user=request.user, group=group, **body.validated_data)
        return Response(group_json(group, request.user))

    @extend_schema(responses={204: None}, operation_id="deleteUserGroup")
    def delete(self, request, group_id):
        groups.delete_group(user=request.user, group=visible_group(request.user, group_id))
        return Response(status=204)


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


# --- grants on securable resources ------------------------------------------------------------------------

def securable_resource(user, resource_type, resource_id):
    """The folder, classifier or model named in the URL, if the caller may read it (else 404)."""
    from catalogue import models as m
    from catalogue.api.common import item_class_for

    item_class_for(resource_type)  # unknown segment → 400
    table = {
        "folders": (m.Folder.objects.all(), access.readable_folders, "Folder"),
        "classifiers": (m.Classifier.objects.all(), access.readable_classifiers, "Classifier"),
        "dataModels": (m.DataModel.objects.select_related("folder"), access.readable_models, "DataModel"),
    }.get(resource_type)
    if table is None:
        raise NotFound(message=f"[{resource_type}] is not a securable resource", error_code="NF04")
    queryset, readable, name = table
    return access.get_readable(readable, user, queryset, parse_id(resource_id, name), name)


def managed_resource(user, resource_type, resource_id):
    """For grant routes: login first (401), then readable (404), then the managing role (403)."""
    access.require_login(user)
    resource = securable_resource(user, resource_type, resource_id)
    access.require_role(user, resource, groups.grant_manager_role(resource))
    return resource


class GrantBody(serializers.Serializer):
    groupRole = serializers.JSONField()
    userGroup = serializers.JSONField()


def referenced(model, value, name):
    """A `{"id": ...}` or bare id in a body naming an existing row; unknown → 422."""
    from catalogue.api.common import optional_uuid

    pk = optional_uuid(value, field=name, domain_type="SecurableResourceGroupRole")
    obj = model.objects.filter(pk=pk).first() if pk else None
    if obj is None:
        raise Unprocessable([{"message": f"Property [{name}] does not name an existing {model.__name__}",
                              "field": name}])
    return obj


def grants_of(resource):
    return SecurableResourceGroupRole.objects.filter(securable_resource_id=resource.pk).select_related(
        "user_group", "group_role")


class ResourceGrantListView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listResourceGroupRoles")
    def get(self, request, resource_type, resource_id):
        resource = managed_resource(request.user, resource_type, resource_id)
        return listing(request, grants_of(resource), lambda g: grant_json(g, request.user), {}, ("date_created",))

    @extend_schema(request=GrantBody, responses={201: OpenApiTypes.OBJECT}, operation_id="createResourceGroupRole")
    def post(self, request, resource_type, resource_id):
        resource = managed_resource(request.user, resource_type, resource_id)
        body = GrantBody(data=require_object(request.data))
        body.is_valid(raise_exception=True)
        grant = groups.grant_role(user=request.user, resource=resource,
                                  group=referenced(UserGroup, body.validated_data["userGroup"], "userGroup"),
                                  role=referenced(GroupRole, body.validated_data["groupRole"], "groupRole"))
        response = Response(grant_json(grant, request.user), status=201)
        response["Location"] = f"/api/{resource_type}/{resource.pk}/securableResourceGroupRoles/{grant.pk}"
        return response


class ResourceGrantDetailView(APIView):
    def _grant(self, resource, grant_id):
        pk = parse_id(grant_id, "SecurableResourceGroupRole")
        grant = grants_of(resource).filter(pk=pk).first()
        if grant is None:
            raise NotFound("SecurableResourceGroupRole", pk)
        return grant

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showResourceGroupRole")
    def get(self, request, resource_type, resource_id, grant_id):
        resource = managed_resource(request.user, resource_type, resource_id)
        return Response(grant_json(self._grant(resource, grant_id), request.user))

    @extend_schema(request=GrantBody, responses={200: OpenApiTypes.OBJECT}, operation_id="updateResourceGroupRole")
    def put(self, request, resource_type, resource_id, grant_id):
        resource = managed_resource(request.user, resource_type, resource_id)
        grant = self._grant(resource, grant_id)
        data = require_object(request.data)
        if "groupRole" not in data:
            raise BadRequest("Property [groupRole] is required", error_code="REQ02")
        grant = groups.change_grant(user=request.user, resource=resource, grant=grant,
                                    role=referenced(GroupRole, data["groupRole"], "groupRole"))
        return Response(grant_json(grant, request.user))

    @extend_schema(responses={204: None}, operation_id="deleteResourceGroupRole")
    def delete(self, request, resource_type, resource_id, grant_id):
        resource = managed_resource(request.user, resource_type, resource_id)
        groups.revoke_grant(user=request.user, resource=resource, grant=self._grant(resource, grant_id))
        return Response(status=204)


def grantable_role(resource, role_id):
    return fetch(GroupRole, role_id, "GroupRole", name__in=groups.grantable_role_names(resource))


class ResourceGroupRolesView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listGrantableGroupRoles")
    def get(self, request, resource_type, resource_id):
        resource = managed_resource(request.user, resource_type, resource_id)
        roles = list(GroupRole.objects.filter(name__in=groups.grantable_role_names(resource)))
        roles.sort(key=lambda r: -access.ROLE_RANK[r.name])
        return Response({"count": len(roles), "items": [role_json(r) for r in roles]})


class ResourceRoleGrantsView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listGrantsOfRole")
    def get(self, request, resource_type, resource_id, role_id):
        resource = managed_resource(request.user, resource_type, resource_id)
        role = grantable_role(resource, role_id)
        return listing(request, grants_of(resource).filter(group_role=role), lambda g: grant_json(g, request.user),
                       {}, ("date_created",))


class ResourceRoleGroupsView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="listGroupsWithRole")
    def get(self, request, resource_type, resource_id, role_id):
        resource = managed_resource(request.user, resource_type, resource_id)
        role = grantable_role(resource, role_id)
        holders = UserGroup.objects.filter(resource_roles__securable_resource_id=resource.pk,
                                           resource_roles__group_role=role)
        return listing(request, holders, lambda g: group_json(g, request.user), {"name": "name"}, ("name",))


class ResourceRoleGroupView(APIView):
    def _group(self, group_id):
        return fetch(UserGroup, group_id, "UserGroup")

    @extend_schema(request=None, responses={201: OpenApiTypes.OBJECT}, operation_id="grantRoleToGroup")
    def post(self, request, resource_type, resource_id, role_id, group_id):
        resource = managed_resource(request.user, resource_type, resource_id)
        grant = groups.grant_role(user=request.user, resource=resource, group=self._group(group_id),
                                  role=grantable_role(resource, role_id))
        return Response(grant_json(grant, request.user), status=201)

    @extend_schema(responses={204: None}, operation_id="revokeRoleFromGroup")
    def delete(self, request, resource_type, resource_id, role_id, group_id):
        resource = managed_resource(request.user, resource_type, resource_id)
        role = grantable_role(resource, role_id)
        grant = grants_of(resource).filter(group_role=role, user_group=self._group(group_id)).first()
        if grant is None:
            raise NotFound("SecurableResourceGroupRole", None)
        groups.revoke_grant(user=request.user, resource=resource, grant=grant)
        return Response(status=204)


class ResourcePermissionsView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="showResourcePermissions")
    def get(self, request, resource_type, resource_id):
        resource = securable_resource(request.user, resource_type, resource_id)
        readers, writers = groups.permissions_of(resource)
        brief = [{"id": str(g.pk), "name": g.name} for g in readers]
        return Response({
            "readableByEveryone": resource.readable_by_everyone,
            "readableByAuthenticated": resource.readable_by_authenticated_users,
            "readableByGroups": brief,
            "writeableByGroups": [{"id": str(g.pk), "name": g.name} for g in writers],
            "readableByUsers": [],
            "writeableByUsers": [],
        })




# --- public access flags ----------------------------------------------------------------------------------

#: URL word → model field of the public flags (`PUT` sets, `DELETE` clears).
PUBLIC_FLAGS = {"readByEveryone": "readable_by_everyone", "readByAuthenticated": "readable_by_authenticated_users"}


def shown_resource(user, resource_type, resource):
    """The object's show JSON, exactly as `GET /api/{type}/{id}` answers it."""
    from catalogue.api.serializers_containers import classifier_json, folder_json
    from catalogue.api.serializers_datamodels import data_model_json
    from catalogue.api.views_containers import fetch_classifier, fetch_folder
    from catalogue.api.views_datamodels import fetch_data_model

    if resource_type == "folders":
        return folder_json(fetch_folder(user, resource.pk, annotate=True), user=user)
    if resource_type == "classifiers":
        return classifier_json(fetch_classifier(user, resource.pk), user=user)
    return data_model_json(fetch_data_model(user, resource.pk), user=user)


class ResourcePublicFlagView(APIView):
    """Make a folder, classifier or model readable by everyone / by any logged-in user, or stop it.

    Clearing a folder's flag never touches the grants on anything below it.
    """

    def _set(self, request, resource_type, resource_id, flag, value):
        access.require_login(request.user)
        resource = securable_resource(request.user, resource_type, resource_id)
        groups.set_public_flag(user=request.user, resource=resource, flag=PUBLIC_FLAGS[flag], value=value)
        return Response(shown_resource(request.user, resource_type, resource))

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="setPublicAccessFlag")
    def put(self, request, resource_type, resource_id, flag):
        return self._set(request, resource_type, resource_id, flag, True)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="clearPublicAccessFlag")
    def delete(self, request, resource_type, resource_id, flag):
        return self._set(request, resource_type, resource_id, flag, False)
