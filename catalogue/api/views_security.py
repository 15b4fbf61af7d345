"""Grants and public access on folders, classifiers and models (Mauro's security routes on a resource).

The routes name a catalogue resource (`/api/{folders|classifiers|dataModels}/{id}/...`), so they live with the
catalogue. Every viewset here resolves that resource the same way (`SecurableResourceViewSet`): an unknown
`{resource_type}` is a 400, one that cannot carry grants a 404, an unreadable resource a 404; then
`SecurableResourcePermission` asks the access policy for the grant-manager role where the action needs it (401/403),
before any grant, role or group named further down the URL is looked up. Grant operations are `accounts.groups`',
the public flags `catalogue.services.public_access`'; groups, roles and grants answer in the accounts' shapes.
"""

from functools import cached_property

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts import access, groups
from accounts.api.helpers import fetch
from accounts.api.serializers_grants import (
    GroupRoleSerializer,
    SecurableResourceGroupRoleSerializer,
    SecurableResourceGroupRoleUpdateSerializer,
)
from accounts.api.serializers_groups import UserGroupSerializer
from accounts.models import GroupRole, SecurableResourceGroupRole, UserGroup
from accounts.permissions import MANAGE_ACCESS, SecurableResourcePermission
from catalogue import models as m
from catalogue.api.serializers_containers import classifier_json, folder_json
from catalogue.api.serializers_datamodels import data_model_json
from catalogue.api.serializers_security import (
    ResourcePermissionsSerializer,
    SecurableResourceShowSchema,
    permissions_view,
)
from catalogue.selectors.domain_segments import item_class_for
from catalogue.services.public_access import set_public_flag
from config.api.errors import NotFound
from config.api.ids import parse_uuid
from config.api.pagination import paginate
from config.api.viewsets import ApiViewSet, CreateMixin, DestroyMixin, ListMixin, RetrieveMixin, UpdateMixin

#: `{resource_type}` → (queryset, the policy's readable narrowing, resource name) of the kinds that carry grants.
SECURABLE = {
    "folders": (m.Folder.objects.all(), access.readable_folders, "Folder"),
    "classifiers": (m.Classifier.objects.all(), access.readable_classifiers, "Classifier"),
    "dataModels": (m.DataModel.objects.select_related("folder", "authority"), access.readable_models, "DataModel"),
    "terminologies": (m.Terminology.objects.select_related("folder", "authority"), access.readable_models,
                      "Terminology"),
    "codeSets": (m.CodeSet.objects.select_related("folder", "authority"), access.readable_models, "CodeSet"),
}


def manage(*actions):
    return dict.fromkeys(actions, MANAGE_ACCESS)


class SecurableResourceViewSet(ApiViewSet):
    """The folder, classifier or model named by `{resource_type}/{resource_id}`: `self.parents["resource"]`."""

    permission_classes = [SecurableResourcePermission]

    def check_route(self):
        resource_type = self.kwargs["resource_type"]
        item_class_for(resource_type)  # a segment that names no kind at all → 400
        if resource_type not in SECURABLE:
            raise NotFound(message=f"[{resource_type}] is not a securable resource", error_code="NF04")

    def resolve_parents(self):
        queryset, readable, name = SECURABLE[self.kwargs["resource_type"]]
        pk = parse_uuid(self.kwargs["resource_id"], name)
        return {"resource": access.get_readable(readable, self.request.user, queryset.all(), pk, name)}

    @property
    def securable(self):
        return self.parents["resource"]

    @cached_property
    def role(self):
        """The role named by `{role_id}`, among those the resource can grant (404 otherwise); looked up after the
        caller's right on the resource is judged."""
        return fetch(GroupRole, self.kwargs["role_id"], "GroupRole",
                     name__in=groups.grantable_role_names(self.securable))


class ResourceGrantViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin,
                           SecurableResourceViewSet):
    """The grants on a resource (`…/securableResourceGroupRoles[/{grant_id}]`); an update changes the role only."""

    queryset = SecurableResourceGroupRole.objects.all()
    serializer_class = SecurableResourceGroupRoleSerializer
    needed_rights = manage("list", "create", "retrieve", "update", "destroy")
    resource = "SecurableResourceGroupRole"
    lookup_url_kwarg = "grant_id"
    default_order = ("date_created",)
    operation_ids = {"list": "listResourceGroupRoles", "create": "createResourceGroupRole",
                     "retrieve": "showResourceGroupRole", "update": "updateResourceGroupRole",
                     "destroy": "deleteResourceGroupRole"}

    def get_serializer_class(self):
        if self.action == "update":
            return SecurableResourceGroupRoleUpdateSerializer
        return SecurableResourceGroupRoleSerializer

    def restrict_queryset(self, queryset):
        return queryset.filter(securable_resource_id=self.securable.pk)

    def created(self, obj):
        response = super().created(obj)
        grants = f"/api/{self.kwargs['resource_type']}/{self.securable.pk}/securableResourceGroupRoles"
        response["Location"] = f"{grants}/{obj.pk}"
        return response

    def perform_create(self, serializer):
        return groups.grant_role(user=self.request.user, resource=self.securable,
                                 group=serializer.validated_data["user_group"],
                                 role=serializer.validated_data["group_role"])

    def perform_update(self, serializer):
        role = serializer.validated_data.get("group_role")
        if role is None:
            return serializer.instance
        return groups.change_grant(user=self.request.user, resource=self.securable, grant=serializer.instance,
                                   role=role)

    def perform_destroy(self, grant):
        groups.revoke_grant(user=self.request.user, resource=self.securable, grant=grant)

    @extend_schema(responses={200: SecurableResourceGroupRoleSerializer})
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)


class ResourceGroupRolesViewSet(ListMixin, SecurableResourceViewSet):
    """The roles a resource can grant, strongest first (`…/groupRoles`)."""

    queryset = GroupRole.objects.all()
    serializer_class = GroupRoleSerializer
    needed_rights = manage("list")
    operation_ids = {"list": "listGrantableGroupRoles"}

    def list(self, request, *args, **kwargs):
        roles = sorted(GroupRole.objects.filter(name__in=groups.grantable_role_names(self.securable)),
                       key=lambda r: -access.ROLE_RANK[r.name])
        count, page = paginate(request, roles)
        return Response({"count": count, "items": self.render_many(page)})


class ResourceRoleGrantsViewSet(ListMixin, SecurableResourceViewSet):
    """The grants of one role on a resource (`…/groupRoles/{role_id}`)."""

    queryset = SecurableResourceGroupRole.objects.all()
    serializer_class = SecurableResourceGroupRoleSerializer
    needed_rights = manage("list")
    default_order = ("date_created",)
    operation_ids = {"list": "listGrantsOfRole"}

    def restrict_queryset(self, queryset):
        return queryset.filter(securable_resource_id=self.securable.pk, group_role=self.role)


class ResourceRoleGroupsViewSet(ListMixin, SecurableResourceViewSet):
    """The groups holding one role on a resource (`…/groupRoles/{role_id}/userGroups`)."""

    queryset = UserGroup.objects.all()
    serializer_class = UserGroupSerializer
    needed_rights = manage("list")
    sort_fields = {"name": "name"}
    default_order = ("name",)
    operation_ids = {"list": "listGroupsWithRole"}

    def restrict_queryset(self, queryset):
        return queryset.filter(resource_roles__securable_resource_id=self.securable.pk,
                               resource_roles__group_role=self.role)


class ResourceRoleGroupViewSet(SecurableResourceViewSet):
    """Give one group one role on a resource, or take it back (`…/groupRoles/{role_id}/userGroups/{group_id}`)."""

    queryset = SecurableResourceGroupRole.objects.all()
    serializer_class = SecurableResourceGroupRoleSerializer
    needed_rights = manage("grant", "revoke")
    operation_ids = {"grant": "grantRoleToGroup", "revoke": "revokeRoleFromGroup"}

    @property
    def group(self):
        return fetch(UserGroup, self.kwargs["group_id"], "UserGroup")

    @extend_schema(request=None, responses={201: SecurableResourceGroupRoleSerializer})
    def grant(self, request, *args, **kwargs):
        grant = groups.grant_role(user=request.user, resource=self.securable, group=self.group, role=self.role)
        return Response(self.render(grant), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def revoke(self, request, *args, **kwargs):
        role = self.role
        grant = self.get_queryset().filter(securable_resource_id=self.securable.pk, group_role=role,
                                           user_group=self.group).first()
        if grant is None:
            raise NotFound("SecurableResourceGroupRole", None)
        groups.revoke_grant(user=request.user, resource=self.securable, grant=grant)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResourcePermissionsViewSet(SecurableResourceViewSet):
    """Who may read and write a resource (`…/permissions`): anyone who can read it may ask."""

    serializer_class = ResourcePermissionsSerializer
    operation_ids = {"show": "showResourcePermissions"}

    def show(self, request, *args, **kwargs):
        readers, writers = groups.permissions_of(self.securable)
        return Response(self.render(permissions_view(self.securable, readers, writers)))


#: URL word → model field of the public flags.
PUBLIC_FLAGS = {"readByEveryone": "readable_by_everyone", "readByAuthenticated": "readable_by_authenticated_users"}


class ResourcePublicFlagViewSet(SecurableResourceViewSet):
    """Make a resource readable by everyone / by any logged-in user (`PUT …/{readByEveryone|readByAuthenticated}`),
    or stop it (`DELETE`); the answer is the resource's show. Clearing a folder's flag never touches the grants on
    anything below it."""

    serializer_class = SecurableResourceShowSchema
    needed_rights = manage("set_flag", "clear_flag")
    operation_ids = {"set_flag": "setPublicAccessFlag", "clear_flag": "clearPublicAccessFlag"}

    @extend_schema(request=None, responses={200: SecurableResourceShowSchema})
    def set_flag(self, request, *args, **kwargs):
        return self._set(True)

    @extend_schema(request=None, responses={200: SecurableResourceShowSchema})
    def clear_flag(self, request, *args, **kwargs):
        return self._set(False)

    def _set(self, value):
        user, resource = self.request.user, self.securable
        set_public_flag(user=user, resource=resource, flag=PUBLIC_FLAGS[self.kwargs["flag"]], value=value)
        if isinstance(resource, m.Folder):
            return Response(folder_json(resource, user=user))
        if isinstance(resource, m.Classifier):
            return Response(classifier_json(resource, user=user))
        return Response(data_model_json(resource, user=user))
