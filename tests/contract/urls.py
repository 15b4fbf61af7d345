"""A test-only URLconf: small views that answer through the real error handling, ahead of the real routes.

Used with `@pytest.mark.urls("tests.contract.urls")` for statuses no real endpoint produces yet
(a create, a login-only action, an administrators-only action, a missing resource, a state rule, a crash).
"""

from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import ApiProperty, User
from config import urls as real_urls
from config.api.errors import NotFound, StateNotAllowed
from config.api.pagination import apply_sort, paginate
from config.api.serializers import require_object


class PropertySerializer(serializers.Serializer):
    key = serializers.CharField(max_length=100)
    value = serializers.CharField(max_length=100)
    category = serializers.ChoiceField(choices=["site", "email"], required=False)


class PropertiesView(APIView):
    """Creates an API property: 201 with a Location header; a duplicate key breaks a rule (422)."""

    def post(self, request):
        payload = PropertySerializer(data=require_object(request.data))
        payload.is_valid(raise_exception=True)
        with transaction.atomic():
            prop = ApiProperty.objects.create(**payload.validated_data)
        return Response({"id": str(prop.id), "key": prop.key, "value": prop.value}, status=201,
                        headers={"Location": f"/api/test/properties/{prop.id}"})


class PropertyView(APIView):
    def get(self, request, prop_id):
        prop = ApiProperty.objects.filter(id=prop_id).first()
        if prop is None:
            raise NotFound("ApiProperty", prop_id)
        return Response({"id": str(prop.id), "key": prop.key, "value": prop.value})


class PrivateView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        return Response({"emailAddress": request.user.email_address})


class IsAdministrator(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_administrator)


class AdminOnlyView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAdministrator]

    def get(self, request):
        return Response({"ok": True})


class RegisterView(APIView):
    """Mauro's state rule: self-registration while logged in is a 405."""

    def post(self, request):
        if request.user.is_authenticated:
            raise StateNotAllowed("Cannot be logged in and request reset password link or self register",
                                  error_code="MNA02")
        return Response(status=204)


class CrashView(APIView):
    def get(self, request):
        raise RuntimeError("secret internal detail")


class UsersView(APIView):
    """A paginated, sortable list over users, as real list endpoints are built."""

    SORT_FIELDS = {"emailAddress": "email_address", "firstName": "first_name", "lastName": "last_name"}

    def get(self, request):
        queryset = apply_sort(request, User.objects.all(), self.SORT_FIELDS, ["email_address"])
        count, page = paginate(request, queryset)
        return Response({"count": count, "items": [
            {"id": str(u.id), "emailAddress": u.email_address, "firstName": u.first_name} for u in page]})


def plain_not_found(request):
    raise Http404("plain view has nothing here")


def plain_suspicious(request):
    raise SuspiciousOperation("plain view saw something odd")


def plain_crash(request):
    raise RuntimeError("plain view crashed")


@require_GET
def plain_get_only(request):
    return JsonResponse({"ok": True})


@csrf_exempt
def plain_read_body(request):
    return JsonResponse({"length": len(request.body)})


def plain_csrf_protected(request):
    """Not exempt from Django's CSRF check (unlike every API view)."""
    return JsonResponse({"ok": True})


urlpatterns = [
    path("api/test/properties", PropertiesView.as_view()),
    path("api/test/properties/<str:prop_id>", PropertyView.as_view()),
    path("api/test/private", PrivateView.as_view()),
    path("api/test/admin", AdminOnlyView.as_view()),
    path("api/test/register", RegisterView.as_view()),
    path("api/test/crash", CrashView.as_view()),
    path("api/test/users", UsersView.as_view()),
    path("api/test/plain/not-found", plain_not_found),
    path("api/test/plain/suspicious", plain_suspicious),
    path("api/test/plain/crash", plain_crash),
    path("api/test/plain/get-only", plain_get_only),
    path("api/test/plain/csrf", plain_csrf_protected),
    path("api/test/plain/body", plain_read_body),
    *real_urls.urlpatterns,
]

handler400 = real_urls.handler400
handler403 = real_urls.handler403
handler404 = real_urls.handler404
handler500 = real_urls.handler500
