from django.urls import path

from accounts.api import views_groups as g
from accounts.api import views_session

urlpatterns = [
    path("authentication/login", views_session.LoginView.as_view(), name="login"),
    path("authentication/logout", views_session.LogoutView.as_view(), name="logout"),
    path("session/isAuthenticated", views_session.IsAuthenticatedView.as_view(), name="session-is-authenticated"),
    path("session/isAuthenticated/<str:session_id>", views_session.IsAuthenticatedView.as_view(),
         name="session-is-authenticated-id"),
    path("session/isApplicationAdministration", views_session.IsApplicationAdministrationView.as_view(),
         name="session-is-admin"),
]

urlpatterns += [
    path("userGroups", g.UserGroupListView.as_view(), name="user-groups"),
    path("userGroups/<str:group_id>", g.UserGroupDetailView.as_view(), name="user-group"),
    path("userGroups/<str:group_id>/catalogueUsers", g.UserGroupMembersView.as_view(), name="user-group-members"),
    path("userGroups/<str:group_id>/catalogueUsers/<str:user_id>", g.UserGroupMemberView.as_view(),
         name="user-group-member"),
    path("userGroups/<str:group_id>/securableResourceGroupRoles", g.UserGroupGrantsView.as_view(),
         name="user-group-grants"),
    path("admin/groupRoles", g.GroupRoleListView.as_view(), name="group-roles"),
    path("admin/groupRoles/<str:role_id>", g.GroupRoleDetailView.as_view(), name="group-role"),
    path("admin/applicationGroupRoles", g.ApplicationGroupRoleListView.as_view(), name="application-group-roles"),
    path("admin/applicationGroupRoles/<str:role_id>/userGroups", g.ApplicationRoleGroupsView.as_view(),
         name="application-role-groups"),
    path("admin/applicationGroupRoles/<str:role_id>/userGroups/<str:group_id>", g.ApplicationRoleGroupView.as_view(),
         name="application-role-group"),
    path("admin/availableApplicationAccess", g.AvailableApplicationAccessView.as_view(),
         name="available-application-access"),
    path("<str:resource_type>/<str:resource_id>/securableResourceGroupRoles", g.ResourceGrantListView.as_view(),
         name="resource-grants"),
    path("<str:resource_type>/<str:resource_id>/securableResourceGroupRoles/<str:grant_id>",
         g.ResourceGrantDetailView.as_view(), name="resource-grant"),
    path("<str:resource_type>/<str:resource_id>/groupRoles", g.ResourceGroupRolesView.as_view(),
         name="resource-group-roles"),
    path("<str:resource_type>/<str:resource_id>/groupRoles/<str:role_id>", g.ResourceRoleGrantsView.as_view(),
         name="resource-role-grants"),
    path("<str:resource_type>/<str:resource_id>/groupRoles/<str:role_id>/userGroups",
         g.ResourceRoleGroupsView.as_view(), name="resource-role-groups"),
    path("<str:resource_type>/<str:resource_id>/groupRoles/<str:role_id>/userGroups/<str:group_id>",
         g.ResourceRoleGroupView.as_view(), name="resource-role-group"),
    path("<str:resource_type>/<str:resource_id>/permissions", g.ResourcePermissionsView.as_view(),
         name="resource-permissions"),
]
