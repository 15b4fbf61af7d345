from django.urls import path

from accounts.api import views_admin, views_apikeys, views_openid, views_session, views_user_images, views_users
from accounts.api import views_groups as g

USER = "catalogueUsers/<str:user_id>"
KEY = f"{USER}/apiKeys/<str:key_id>"
ADMIN_USERS = "admin/catalogueUsers"

Users = views_users.CatalogueUserViewSet
Search = views_users.UserSearchViewSet
Keys = views_apikeys.ApiKeyViewSet
UserAdmin = views_admin.UserAdministrationViewSet
Properties = views_admin.ApiPropertyViewSet
Sessions = views_session.SessionViewSet

urlpatterns = [
    path("authentication/login", views_session.LoginViewSet.as_view({"post": "login"}), name="login"),
    path("authentication/logout", views_session.LogoutViewSet.as_view({"post": "logout", "get": "logout_get"}),
         name="logout"),
    path("openidConnectProviders", views_openid.PublicOpenIdConnectProviderViewSet.as_view({"get": "list"}),
         name="public-openid-connect-providers"),
    path("session/isAuthenticated", Sessions.as_view({"get": "is_authenticated"}), name="session-is-authenticated"),
    path("session/isAuthenticated/<str:session_id>", Sessions.as_view({"get": "is_authenticated_by_id"}),
         name="session-is-authenticated-id"),
    path("session/isApplicationAdministration", Sessions.as_view({"get": "is_application_administration"}),
         name="session-is-admin"),
    # Users. The fixed words (search, resetPasswordLink) come before the id patterns they would match.
    path("catalogueUsers", Users.as_view({"get": "list", "post": "create"}), name="users"),
    path("catalogueUsers/search", Search.as_view({"get": "search", "post": "search_post"}), name="user-search"),
    path("catalogueUsers/search/<str:search_term>", Search.as_view({"get": "search_by_term"}),
         name="user-search-term"),
    path("catalogueUsers/resetPasswordLink/<str:email>", Users.as_view({"get": "reset_password_link"}),
         name="user-reset-password-link"),
    path(USER, Users.as_view({"get": "retrieve", "put": "update", "delete": "destroy"}), name="user"),
    path(f"{USER}/userPreferences", Users.as_view({"get": "preferences", "put": "update_preferences"}),
         name="user-preferences"),
    path(f"{USER}/image", views_user_images.UserImageViewSet.as_view(
        {"get": "retrieve", "post": "save", "put": "replace", "delete": "destroy"}), name="user-image"),
    path(f"{USER}/changePassword", Users.as_view({"put": "change_password"}), name="user-change-password"),
    path(f"{USER}/resetPassword", views_users.PasswordResetViewSet.as_view({"put": "reset_password"}),
         name="user-reset-password"),
    # API keys.
    path(f"{USER}/apiKeys", Keys.as_view({"get": "list", "post": "create"}), name="api-keys"),
    path(KEY, Keys.as_view({"get": "retrieve", "delete": "destroy"}), name="api-key"),
    path(f"{KEY}/disable", Keys.as_view({"put": "disable"}), name="api-key-disable"),
    path(f"{KEY}/enable", Keys.as_view({"put": "enable"}), name="api-key-enable"),
    path(f"{KEY}/refresh/<str:days>", Keys.as_view({"put": "refresh"}), name="api-key-refresh"),
    # User administration.
    path(f"{ADMIN_USERS}/pending", UserAdmin.as_view({"get": "list"}), name="admin-users-pending"),
    path(f"{ADMIN_USERS}/pendingCount", UserAdmin.as_view({"get": "pending_count"}), name="admin-users-pending-count"),
    path(f"{ADMIN_USERS}/userExists/<str:email>", UserAdmin.as_view({"get": "user_exists"}), name="admin-user-exists"),
    path(f"{ADMIN_USERS}/adminRegister", UserAdmin.as_view({"post": "create"}), name="admin-register"),
    path(f"{ADMIN_USERS}/exportUsers", UserAdmin.as_view({"get": "export"}), name="admin-export-users"),
    path(f"{ADMIN_USERS}/<str:user_id>/adminPasswordReset", UserAdmin.as_view({"put": "password_reset"}),
         name="admin-password-reset"),
    path(f"{ADMIN_USERS}/<str:user_id>/approveRegistration", UserAdmin.as_view({"put": "approve"}),
         name="admin-approve-registration"),
    path(f"{ADMIN_USERS}/<str:user_id>/rejectRegistration", UserAdmin.as_view({"put": "reject"}),
         name="admin-reject-registration"),
    # System administration and properties.
    path("admin/status", views_admin.SystemViewSet.as_view({"get": "status"}), name="admin-status"),
    path("admin/modules", views_admin.SystemViewSet.as_view({"get": "modules"}), name="admin-modules"),
    path("admin/activeSessions", views_admin.SystemViewSet.as_view({"get": "active_sessions"}),
         name="admin-active-sessions"),
    path("admin/properties", Properties.as_view({"get": "list", "post": "create"}), name="admin-properties"),
    path("admin/properties/<str:property_id>", Properties.as_view({"get": "retrieve", "put": "update",
                                                                   "delete": "destroy"}), name="admin-property"),
    path("properties", views_admin.PublicApiPropertyViewSet.as_view({"get": "list"}), name="public-properties"),
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
