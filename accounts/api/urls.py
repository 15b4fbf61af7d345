from django.urls import path

from accounts.api import views_session

urlpatterns = [
    path("authentication/login", views_session.LoginView.as_view(), name="login"),
    path("authentication/logout", views_session.LogoutView.as_view(), name="logout"),
    path("session/isAuthenticated", views_session.IsAuthenticatedView.as_view(), name="session-is-authenticated"),
    path("session/isAuthenticated/<str:session_id>", views_session.IsAuthenticatedByIdView.as_view(),
         name="session-is-authenticated-id"),
    path("session/isApplicationAdministration", views_session.IsApplicationAdministrationView.as_view(),
         name="session-is-admin"),
]
