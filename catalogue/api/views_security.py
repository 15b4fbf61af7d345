"""Grants and public access on folders, classifiers and models (Mauro's security routes on a resource).

The routes name a catalogue resource (`/api/{folders|classifiers|dataModels}/{id}/...`), so they live with
the catalogue: the resource is found through the access policy like any other, the grant operations are
`accounts.groups`' and the public flags `catalogue.services.public_access`'. Groups, roles and grants answer
in the shapes of the accounts API.
"""

from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access, groups
from accounts.api.helpers import fetch
from accounts.api.serializers_groups import grant_json, group_json, role_json
from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from catalogue import models as m
from catalogue.api.serializers_containers import classifier_json, folder_json
from catalogue.api.serializers_datamodels import data_model_json
from catalogue.api.views_containers import fetch_classifier, fetch_folder
from catalogue.api.views_datamodels import fetch_data_model
from catalogue.selectors.domain_segments import item_class_for
from catalogue.services.public_access import set_public_flag
from config.api.errors import BadRequest, NotFound, Unprocessable
from config.api.ids import optional_uuid, parse_uuid
from config.api.pagination import apply_sort, paginate
from config.api.serializers import require_object


def listing(request, queryset, to_json, sort_fields=None, default_order=("pk",)):
    queryset = apply_sort(request, queryset, sort_fields or {}, default_order)
    count, page = paginate(request, queryset)
    return Response({"count": count, "items": [to_json(x) for x in page]})


def securable_resource(user, resource_type, resource_id):
    """The folder, classifier or model named in the URL, if the caller may read it (else 404)."""
    item_class_for(resource_type)  # unknown segment → 400
    table = {
        "folders": (m.Folder.objects.all(), access.readable_folders, "Folder"),
        "classifiers": (m.Classifier.objects.all(), access.readable_classifiers, "Classifier"),
        "dataModels": (m.DataModel.objects.select_related("folder"), access.readable_models, "DataModel"),
    }.get(resource_type)
    if table is None:
        raise NotFound(message=f"[{resource_type}] is not a securable resource", error_code="NF04")
    queryset, readable, name = table
    return access.get_readable(readable, user, queryset, parse_uuid(resource_id, name), name)


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
        pk = parse_uuid(grant_id, "SecurableResourceGroupRole")
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
        set_public_flag(user=request.user, resource=resource, flag=PUBLIC_FLAGS[flag], value=value)
        return Response(shown_resource(request.user, resource_type, resource))

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="setPublicAccessFlag")
    def put(self, request, resource_type, resource_id, flag):
        return self._set(request, resource_type, resource_id, flag, True)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT}, operation_id="clearPublicAccessFlag")
    def delete(self, request, resource_type, resource_id, flag):
        return self._set(request, resource_type, resource_id, flag, False)
