"""Login, logout and session state (contract §4).

A login on a session that is already logged in never reaches these views: `RepeatedLoginMiddleware` answers 409
first. Throttling and the new session key (no fixation) are `services.log_in`'s.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from accounts import policy, services
from accounts.api.helpers import AccountViewSet
from accounts.api.schema import errors
from accounts.api.serializers import LoginSerializer, UserSerializer
from config.api.errors import BadRequest
from config.api.serializers import require_object

AuthenticatedSession = inline_serializer("AuthenticatedSession", {"authenticatedSession": serializers.BooleanField()})
ApplicationAdministrationSession = inline_serializer(
    "ApplicationAdministrationSession", {"applicationAdministrationSession": serializers.BooleanField()})


class LoginViewSet(AccountViewSet):
    """Credentials are all a login reads: a stale cookie or API key must not turn it into a 401."""

    authentication_classes = []
    serializer_class = UserSerializer
    operation_ids = {"login": "login"}

    @extend_schema(request=LoginSerializer, responses={200: UserSerializer, **errors(400, 401, 409, 429)})
    def login(self, request, *args, **kwargs):
        payload = LoginSerializer(data=require_object(request.data))
        if not payload.is_valid():
            raise BadRequest("Authentication Information not provided", error_code="AUTH04")
        user = services.log_in(request=request._request, **payload.validated_data)
        return Response(self.render(user))


class LogoutViewSet(AccountViewSet):
    authentication_classes = []
    operation_ids = {"logout": "logout", "logout_get": "logoutGet"}

    @extend_schema(request=None, responses={204: None})
    def logout(self, request, *args, **kwargs):
        services.log_out(request=request._request)
        return Response(status=204)

    @extend_schema(request=None, responses={204: None})
    def logout_get(self, request, *args, **kwargs):
        return self.logout(request)


class SessionViewSet(AccountViewSet):
    """What the caller's own session is; open to anyone (an anonymous caller's answer is false)."""

    operation_ids = {"is_authenticated": "session_isAuthenticated_retrieve",
                     "is_authenticated_by_id": "isAuthenticatedSession",
                     "is_application_administration": "session_isApplicationAdministration_retrieve"}

    @extend_schema(responses={200: AuthenticatedSession})
    def is_authenticated(self, request, *args, **kwargs):
        return Response({"authenticatedSession": policy.is_logged_in(request.user)})

    @extend_schema(responses={200: AuthenticatedSession},
                   description="Mauro's form with a session id in the path; the answer is about the caller's own "
                               "session.")
    def is_authenticated_by_id(self, request, *args, **kwargs):
        return self.is_authenticated(request)

    @extend_schema(responses={200: ApplicationAdministrationSession})
    def is_application_administration(self, request, *args, **kwargs):
        return Response({"applicationAdministrationSession": policy.is_application_administrator(request.user)})
