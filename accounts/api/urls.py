from django.urls import path

from accounts.api import views_admin, views_apikeys, views_session, views_users
from accounts.api import views_groups as g

USER = "catalogueUsers/<str:user_id>"
KEY = f"{USER}/apiKeys/<str:key_id>"
ADMIN_USERS = "admin/catalogueUsers"

urlpatterns = [
    path("authentication/login", views_session.LoginView.as_view(), name="login"),
    path("authentication/logout", views_session.LogoutView.as_view(), name="logout"),
    path("session/isAuthenticated", views_session.IsAuthenticatedView.as_view(), name="session-is-authenticated"),
    path("session/isAuthenticated/<str:session_id>", views_session.IsAuthenticatedSessionView.as_view(),
         name="session-is-authenticated-id"),
    path("session/isApplicationAdministration", views_session.IsApplicationAdministrationView.as_view(),
         name="session-is-admin"),
    # Users. The fixed words (search, resetPasswordLink) come before the id patterns they would match.
    path("catalogueUsers", views_users.UsersView.as_view(), name="users"),
    path("catalogueUsers/search", views_users.UserSearchView.as_view(), name="user-search"),
    path("catalogueUsers/search/<str:search_term>", views_users.UserSearchTermView.as_view(), name="user-search-term"),
    path("catalogueUsers/resetPasswordLink/<str:email>", views_users.ResetPasswordLinkView.as_view(),
         name="user-reset-password-link"),
    path(USER, views_users.UserView.as_view(), name="user"),
    path(f"{USER}/userPreferences", views_users.UserPreferencesView.as_view(), name="user-preferences"),
    path(f"{USER}/changePassword", views_users.ChangePasswordView.as_view(), name="user-change-password"),
    path(f"{USER}/resetPassword", views_users.ResetPasswordView.as_view(), name="user-reset-password"),
    # API keys.
    path(f"{USER}/apiKeys", views_apikeys.ApiKeysView.as_view(), name="api-keys"),
    path(KEY, views_apikeys.ApiKeyView.as_view(), name="api-key"),
    path(f"{KEY}/disable", views_apikeys.ApiKeyDisableView.as_view(), name="api-key-disable"),
    path(f"{KEY}/enable", views_apikeys.ApiKeyEnableView.as_view(), name="api-key-enable"),
    path(f"{KEY}/refresh/<str:days>", views_apikeys.ApiKeyRefreshView.as_view(), name="api-key-refresh"),
    # User administration.
    path(f"{ADMIN_USERS}/pending", views_admin.PendingUsersView.as_view(), name="admin-users-pending"),
    path(f"{ADMIN_USERS}/pendingCount", views_admin.PendingCountView.as_view(), name="admin-users-pending-count"),
    path(f"{ADMIN_USERS}/userExists/<str:email>", views_admin.UserExistsView.as_view(), name="admin-user-exists"),
    path(f"{ADMIN_USERS}/adminRegister", views_admin.AdminRegisterView.as_view(), name="admin-register"),
    path(f"{ADMIN_USERS}/exportUsers", views_admin.ExportUsersView.as_view(), name="admin-export-users"),
    path(f"{ADMIN_USERS}/<str:user_id>/adminPasswordReset", views_admin.AdminPasswordResetView.as_view(),
         name="admin-password-reset"),
    path(f"{ADMIN_USERS}/<str:user_id>/approveRegistration", views_admin.ApproveRegistrationView.as_view(),
         name="admin-approve-registration"),
    path(f"{ADMIN_USERS}/<str:user_id>/rejectRegistration", views_admin.RejectRegistrationView.as_view(),
         name="admin-reject-registration"),
    # System administration and properties.
    path("admin/status", views_admin.StatusView.as_view(), name="admin-status"),
    path("admin/modules", views_admin.ModulesView.as_view(), name="admin-modules"),
    path("admin/activeSessions", views_admin.ActiveSessionsView.as_view(), name="admin-active-sessions"),
    path("admin/properties", views_admin.PropertiesView.as_view(), name="admin-properties"),
    path("admin/properties/<str:property_id>", views_admin.PropertyView.as_view(), name="admin-property"),
    path("properties", views_admin.PublicPropertiesView.as_view(), name="public-properties"),
]

urlpatterns += [
    path("userGroups", g.UserGroupViewSet.as_view({"get": "list", "post": "create"}), name="user-groups"),
    path("userGroups/<str:group_id>", g.UserGroupViewSet.as_view({"get": "retrieve", "put": "update",
                                                                   "delete": "destroy"}), name="user-group"),
    path("userGroups/<str:group_id>/catalogueUsers", g.UserGroupMemberViewSet.as_view({"get": "list"}),
         name="user-group-members"),
    path("userGroups/<str:group_id>/catalogueUsers/<str:user_id>",
         g.UserGroupMemberViewSet.as_view({"put": "add", "delete": "remove"}), name="user-group-member"),
    path("userGroups/<str:group_id>/securableResourceGroupRoles", g.UserGroupGrantViewSet.as_view({"get": "list"}),
         name="user-group-grants"),
    path("admin/groupRoles", g.GroupRoleViewSet.as_view({"get": "list"}), name="group-roles"),
    path("admin/groupRoles/<str:role_id>", g.GroupRoleViewSet.as_view({"get": "retrieve"}), name="group-role"),
    path("admin/applicationGroupRoles", g.ApplicationGroupRoleViewSet.as_view({"get": "list"}),
         name="application-group-roles"),
    path("admin/applicationGroupRoles/<str:role_id>/userGroups", g.ApplicationRoleGroupViewSet.as_view({"get": "list"}),
         name="application-role-groups"),
    path("admin/applicationGroupRoles/<str:role_id>/userGroups/<str:group_id>",
         g.ApplicationRoleGroupViewSet.as_view({"put": "grant", "delete": "revoke"}), name="application-role-group"),
    path("admin/availableApplicationAccess", g.AvailableApplicationAccessViewSet.as_view({"get": "list"}),
         name="available-application-access"),
]
