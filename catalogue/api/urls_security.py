"""Routes for grants and public access on a folder, classifier or model."""

from django.urls import path, re_path

from catalogue.api import views_security as views

RESOURCE = "<str:resource_type>/<str:resource_id>"

urlpatterns = [
    path(f"{RESOURCE}/securableResourceGroupRoles", views.ResourceGrantListView.as_view(), name="resource-grants"),
    path(f"{RESOURCE}/securableResourceGroupRoles/<str:grant_id>", views.ResourceGrantDetailView.as_view(),
         name="resource-grant"),
    path(f"{RESOURCE}/groupRoles", views.ResourceGroupRolesView.as_view(), name="resource-group-roles"),
    path(f"{RESOURCE}/groupRoles/<str:role_id>", views.ResourceRoleGrantsView.as_view(), name="resource-role-grants"),
    path(f"{RESOURCE}/groupRoles/<str:role_id>/userGroups", views.ResourceRoleGroupsView.as_view(),
         name="resource-role-groups"),
    path(f"{RESOURCE}/groupRoles/<str:role_id>/userGroups/<str:group_id>", views.ResourceRoleGroupView.as_view(),
         name="resource-role-group"),
    path(f"{RESOURCE}/permissions", views.ResourcePermissionsView.as_view(), name="resource-permissions"),
    # Only the securable types, so `tree/{type}/{id}` and other three-segment catalogue routes stay reachable.
    re_path(r"^(?P<resource_type>(?:folders|classifiers|dataModels))/(?P<resource_id>[^/]+)/"
            r"(?P<flag>(?:readByEveryone|readByAuthenticated))$", views.ResourcePublicFlagView.as_view(),
            name="resource-public-flag"),
]
