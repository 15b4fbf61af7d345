"""Login, logout and session state (contract §4)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.api.serializers import LoginSerializer, UserResponseSerializer, basic_user
from config.api.errors import BadRequest
from config.api.serializers import require_object


class LoginView(APIView):
    authentication_classes = []

    @extend_schema(request=LoginSerializer, responses={200: UserResponseSerializer}, operation_id="login")
    def post(self, request):
        payload = LoginSerializer(data=require_object(request.data))
        if not payload.is_valid():
            raise BadRequest("Authentication Information not provided", error_code="AUTH04")
        user = services.log_in(request=request._request, **payload.validated_data)
        return Response(basic_user(user))


class LogoutView(APIView):
    authentication_classes = []

    @extend_schema(request=None, responses={204: None}, operation_id="logout")
    def post(self, request):
        services.log_out(request=request._request)
        return Response(status=204)

    @extend_schema(request=None, responses={204: None}, operation_id="logoutGet")
    def get(self, request):
        return self.post(request)


class IsAuthenticatedView(APIView):
    @extend_schema(responses=inline_serializer(
        "AuthenticatedSession", {"authenticatedSession": serializers.BooleanField()}))
    def get(self, request, session_id=None):
        return Response({"authenticatedSession": bool(request.user and request.user.is_authenticated)})


class IsAuthenticatedByIdView(IsAuthenticatedView):
    """Mauro's form with a session id in the path; the answer is about the caller's own session."""

    @extend_schema(operation_id="session_isAuthenticated_by_id", responses=inline_serializer(
        "AuthenticatedSessionById", {"authenticatedSession": serializers.BooleanField()}))
    def get(self, request, session_id=None):
        return super().get(request, session_id)


class IsApplicationAdministrationView(APIView):
    @extend_schema(responses=inline_serializer(
        "ApplicationAdministrationSession", {"applicationAdministrationSession": serializers.BooleanField()}))
    def get(self, request):
        user = request.user
        return Response({"applicationAdministrationSession": bool(user.is_authenticated and user.is_administrator)})


class IsAuthenticatedSessionView(IsAuthenticatedView):
    """The same answer, for clients that name their session id in the path."""

    @extend_schema(operation_id="isAuthenticatedSession", responses=inline_serializer(
        "AuthenticatedSessionById", {"authenticatedSession": serializers.BooleanField()}))
    def get(self, request, session_id=None):
        return super().get(request, session_id)
