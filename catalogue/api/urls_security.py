"""Routes for grants and public access on a folder, classifier or model."""

from django.urls import path, re_path

from catalogue.api import views_security as views

RESOURCE = "<str:resource_type>/<str:resource_id>"
GRANTS = views.ResourceGrantViewSet

urlpatterns = [
    path(f"{RESOURCE}/securableResourceGroupRoles", GRANTS.as_view({"get": "list", "post": "create"}),
         name="resource-grants"),
    path(f"{RESOURCE}/securableResourceGroupRoles/<str:grant_id>",
         GRANTS.as_view({"get": "retrieve", "put": "update", "delete": "destroy"}), name="resource-grant"),
    path(f"{RESOURCE}/groupRoles", views.ResourceGroupRolesViewSet.as_view({"get": "list"}),
         name="resource-group-roles"),
    path(f"{RESOURCE}/groupRoles/<str:role_id>", views.ResourceRoleGrantsViewSet.as_view({"get": "list"}),
         name="resource-role-grants"),
    path(f"{RESOURCE}/groupRoles/<str:role_id>/userGroups", views.ResourceRoleGroupsViewSet.as_view({"get": "list"}),
         name="resource-role-groups"),
    path(f"{RESOURCE}/groupRoles/<str:role_id>/userGroups/<str:group_id>",
         views.ResourceRoleGroupViewSet.as_view({"post": "grant", "delete": "revoke"}), name="resource-role-group"),
    path(f"{RESOURCE}/permissions", views.ResourcePermissionsViewSet.as_view({"get": "show"}),
         name="resource-permissions"),
    # Only the securable types, so `tree/{type}/{id}` and other three-segment catalogue routes stay reachable.
    re_path(r"^(?P<resource_type>(?:folders|classifiers|dataModels|terminologies|codeSets))/(?P<resource_id>[^/]+)/"
            r"(?P<flag>(?:readByEveryone|readByAuthenticated))$",
            views.ResourcePublicFlagViewSet.as_view({"put": "set_flag", "delete": "clear_flag"}),
            name="resource-public-flag"),
]
