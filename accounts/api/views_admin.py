"""Administration (`/api/admin/**`) and the public properties list (`/api/properties`).

User administration needs user-administrator rights; status, modules and properties need an application
administrator. Either way a non-administrator gets 403 `User must be an application administrator`
and an anonymous caller 401.
"""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from accounts.api.helpers import created, list_response, read_body
from accounts.api.schema import PAGE_PARAMETERS, errors, paged
from accounts.api.serializers import (
    AdminRegistrationSerializer,
    ApiPropertyResponseSerializer,
    ApiPropertySerializer,
    ApiPropertyUpdateSerializer,
    FullUserResponseSerializer,
    property_item,
)
from accounts.api.views_users import USER_ID, USER_SORT_FIELDS, FullUserList, optional_text, show
from accounts.models import ApiProperty, User
from accounts.services import active_sessions as session_listing
from accounts.services import properties as property_service
from accounts.services import system
from accounts.services import users as user_service
from config.api.errors import NotFound

USER_TAGS = ["admin catalogueUsers"]
ADMIN_TAGS = ["admin"]
PROPERTY_TAGS = ["properties"]
PROPERTY_SORT_FIELDS = {"key": "key", "value": "value", "category": "category", "publiclyVisible": "publicly_visible",
                        "lastUpdated": "last_updated", "createdBy": "created_by"}
PROPERTY_ID = OpenApiParameter("property_id", OpenApiTypes.STR, OpenApiParameter.PATH,
                               description="The property's id (UUID)")
PropertyList = paged("ApiPropertyList", ApiPropertyResponseSerializer)


def managed_user(request, user_id):
    """A user named on an admin route: admin rights first (401/403), then the user (404)."""
    policy.require_user_administrator(request.user)
    return policy.get_readable_user(request.user, user_id)


# --- user administration --------------------------------------------------------------------------------------


class PendingUsersView(APIView):
    @extend_schema(tags=USER_TAGS, operation_id="listPendingUsers", parameters=PAGE_PARAMETERS,
                   responses={200: FullUserList, **errors(400, 401, 403)},
                   description="Self-registrations awaiting approval.")
    def get(self, request):
        policy.require_user_administrator(request.user)
        actor = request.user
        return list_response(request, user_service.pending_users().prefetch_related("user_groups"),
                             lambda user: show(actor, user), sort_fields=USER_SORT_FIELDS,
                             default_order=["date_created"])


class PendingCountView(APIView):
    @extend_schema(tags=USER_TAGS, operation_id="countPendingUsers",
                   responses={200: inline_serializer("PendingCount", {"count": serializers.IntegerField()}),
                              **errors(401, 403)})
    def get(self, request):
        policy.require_user_administrator(request.user)
        return Response({"count": user_service.pending_users().count()})


class UserExistsView(APIView):
    @extend_schema(tags=USER_TAGS, operation_id="userExists",
                   parameters=[OpenApiParameter("email", OpenApiTypes.STR, OpenApiParameter.PATH)],
                   responses={200: inline_serializer("UserExists", {"userExists": serializers.BooleanField()}),
                              **errors(401, 403)})
    def get(self, request, email):
        policy.require_user_administrator(request.user)
        return Response({"userExists": user_service.email_exists(email)})


class AdminRegisterView(APIView):
    @extend_schema(tags=USER_TAGS, operation_id="adminRegisterUser", request=AdminRegistrationSerializer,
                   responses={201: FullUserResponseSerializer, **errors(400, 401, 403, 422)},
                   description="Creates an approved account; a temporary password is emailed to the user, who "
                               "must change it (`needsToResetPassword`).")
    def post(self, request):
        policy.require_user_administrator(request.user)
        data = read_body(AdminRegistrationSerializer, request.data)
        user = user_service.admin_register_user(
            actor=request.user, email_address=data["emailAddress"], first_name=data["firstName"],
            last_name=data["lastName"], organisation=optional_text(data, "organisation"),
            job_title=optional_text(data, "jobTitle"), group_ids=data.get("groups", []))
        user = User.objects.prefetch_related("user_groups").get(pk=user.pk)
        return created(request, show(request.user, user), f"/api/catalogueUsers/{user.id}")


class AdminPasswordResetView(APIView):
    @extend_schema(tags=USER_TAGS, operation_id="adminPasswordReset", parameters=[USER_ID], request=None,
                   responses={200: FullUserResponseSerializer, **errors(401, 403, 404)},
                   description="Emails the user a new temporary password, which they must change.")
    def put(self, request, user_id):
        user = managed_user(request, user_id)
        return Response(show(request.user, user_service.admin_reset_password(actor=request.user, user=user)))


class ApproveRegistrationView(APIView):
    @extend_schema(tags=USER_TAGS, operation_id="approveRegistration", parameters=[USER_ID], request=None,
                   responses={200: FullUserResponseSerializer, **errors(401, 403, 404, 422)})
    def put(self, request, user_id):
        user = managed_user(request, user_id)
        return Response(show(request.user, user_service.approve_registration(actor=request.user, user=user)))


class RejectRegistrationView(APIView):
    @extend_schema(tags=USER_TAGS, operation_id="rejectRegistration", parameters=[USER_ID], request=None,
                   responses={200: FullUserResponseSerializer, **errors(401, 403, 404, 422)},
                   description="The account stays on record, disabled.")
    def put(self, request, user_id):
        user = managed_user(request, user_id)
        return Response(show(request.user, user_service.reject_registration(actor=request.user, user=user)))


class ExportUsersView(APIView):
    @extend_schema(tags=USER_TAGS, operation_id="exportUsers",
                   responses={(200, "text/csv"): OpenApiTypes.STR, **errors(401, 403)},
                   description="Every user as CSV.")
    def get(self, request):
        policy.require_user_administrator(request.user)
        rows = user_service.export_users_csv(User.objects.order_by("email_address", "pk"))
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="catalogueUsers.csv"'
        return response


# --- system ---------------------------------------------------------------------------------------------------

StatusSerializer = {
    "type": "object",
    "properties": {
        **{name: {"type": "string"} for name in (
            "Catalogue Version", "Django Version", "Django REST framework Version", "Python Version",
            "Python Implementation", "OS Name", "OS Version", "OS Architecture", "Database Engine",
            "Database Version")},
        "Driver Manager Drivers Available": {
            "type": "array",
            "items": {"type": "object", "properties": {"class": {"type": "string"}, "version": {"type": "string"}}},
        },
    },
}
ModuleListSerializer = inline_serializer(
    "Module", {"name": serializers.CharField(), "version": serializers.CharField()}, many=True)


class StatusView(APIView):
    @extend_schema(tags=ADMIN_TAGS, operation_id="adminStatus", responses={200: StatusSerializer, **errors(401, 403)},
                   description="Versions of the product, Python, Django, the database and the operating system.")
    def get(self, request):
        policy.require_application_administrator(request.user)
        return Response(system.status())


class ModulesView(APIView):
    @extend_schema(tags=ADMIN_TAGS, operation_id="adminModules",
                   responses={200: ModuleListSerializer, **errors(401, 403)},
                   description="The product and every installed Python distribution (a bare array).")
    def get(self, request):
        policy.require_application_administrator(request.user)
        return Response(system.modules())


class ActiveSessionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="An opaque id of the session (not its key)")
    lastAccessedDateTime = serializers.DateTimeField(allow_null=True)
    creationDateTime = serializers.DateTimeField(allow_null=True)
    userEmailAddress = serializers.EmailField(required=False)
    userName = serializers.CharField(required=False)
    userOrganisation = serializers.CharField(required=False)


class ActiveSessionsView(APIView):
    @extend_schema(tags=ADMIN_TAGS, operation_id="activeSessions", responses={
        200: inline_serializer("ActiveSessions", {
            "countAuthorised": serializers.IntegerField(), "countUnauthorised": serializers.IntegerField(),
            "items": ActiveSessionSerializer(many=True),
            "authorisedItems": ActiveSessionSerializer(many=True),
            "unauthorisedItems": ActiveSessionSerializer(many=True)}),
        **errors(401, 403, 404)},
        description="Sessions that are live now (database session store only; 404 with the cache store).")
    def get(self, request):
        policy.require_application_administrator(request.user)
        if not session_listing.listable():
            raise NotFound(message="Active sessions can only be listed when sessions are kept in the database",
                           error_code="NF04")
        return Response(session_listing.active_sessions())


# --- properties -----------------------------------------------------------------------------------------------


def property_changes(data):
    names = {"key": "key", "value": "value", "category": "category", "publiclyVisible": "publicly_visible"}
    changes = {field: data[name] for name, field in names.items() if name in data}
    if "category" in changes:
        changes["category"] = changes["category"] or ""
    return changes


class PropertiesView(APIView):
    @extend_schema(tags=PROPERTY_TAGS, operation_id="listApiProperties", parameters=PAGE_PARAMETERS,
                   responses={200: PropertyList, **errors(400, 401, 403)})
    def get(self, request):
        policy.require_application_administrator(request.user)
        return list_response(request, ApiProperty.objects.all(), property_item, sort_fields=PROPERTY_SORT_FIELDS,
                             default_order=["key"])

    @extend_schema(tags=PROPERTY_TAGS, operation_id="createApiProperty", request=ApiPropertySerializer,
                   responses={201: ApiPropertyResponseSerializer, **errors(400, 401, 403, 422)})
    def post(self, request):
        policy.require_application_administrator(request.user)
        data = read_body(ApiPropertySerializer, request.data)
        changes = property_changes(data)
        prop = property_service.create_property(actor=request.user, **changes)
        return created(request, property_item(prop), f"/api/admin/properties/{prop.id}")


class PropertyView(APIView):
    @extend_schema(tags=PROPERTY_TAGS, operation_id="showApiProperty", parameters=[PROPERTY_ID],
                   responses={200: ApiPropertyResponseSerializer, **errors(401, 403, 404)})
    def get(self, request, property_id):
        policy.require_application_administrator(request.user)
        return Response(property_item(property_service.get_property(property_id)))

    @extend_schema(tags=PROPERTY_TAGS, operation_id="updateApiProperty", parameters=[PROPERTY_ID],
                   request=ApiPropertyUpdateSerializer,
                   responses={200: ApiPropertyResponseSerializer, **errors(400, 401, 403, 404, 422)})
    def put(self, request, property_id):
        policy.require_application_administrator(request.user)
        prop = property_service.get_property(property_id)
        data = read_body(ApiPropertyUpdateSerializer, request.data)
        prop = property_service.update_property(actor=request.user, prop=prop, changes=property_changes(data))
        return Response(property_item(prop))

    @extend_schema(tags=PROPERTY_TAGS, operation_id="deleteApiProperty", parameters=[PROPERTY_ID],
                   responses={204: None, **errors(401, 403, 404)})
    def delete(self, request, property_id):
        policy.require_application_administrator(request.user)
        property_service.delete_property(actor=request.user, prop=property_service.get_property(property_id))
        return Response(status=204)


class PublicPropertiesView(APIView):
    @extend_schema(tags=PROPERTY_TAGS, operation_id="listPublicApiProperties", parameters=PAGE_PARAMETERS,
                   responses={200: PropertyList, **errors(400)},
                   description="Properties marked publicly visible; open to anyone.")
    def get(self, request):
        return list_response(request, property_service.public_properties(), property_item,
                             sort_fields=PROPERTY_SORT_FIELDS, default_order=["key"])
