"""Administration (`/api/admin/**`) and the public properties list (`/api/properties`).

User administration needs a user administrator; status, modules, sessions and properties an application
administrator. Either way a non-administrator gets 403 `User must be an application administrator` (one rule,
`policy.require_administrator`, asked by `AccountPermission`) and an anonymous caller 401.
"""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from accounts import policy
from accounts.api.helpers import AccountViewSet
from accounts.api.schema import errors
from accounts.api.serializers import AdminRegistrationSerializer, ApiPropertySerializer, FullUserSerializer
from accounts.api.views_users import USER_ID, USER_SORT_FIELDS
from accounts.models import ApiProperty, User
from accounts.permissions import AccountPermission as Rule
from accounts.services import active_sessions as session_listing
from accounts.services import properties as property_service
from accounts.services import system
from accounts.services import users as user_service
from config.api.errors import NotFound
from config.api.viewsets import CreateMixin, DestroyMixin, ListMixin, RetrieveMixin, UpdateMixin

USER_TAGS = ["admin catalogueUsers"]
ADMIN_TAGS = ["admin"]
PROPERTY_TAGS = ["properties"]
PROPERTY_SORT_FIELDS = {"key": "key", "value": "value", "category": "category", "publiclyVisible": "publicly_visible",
                        "lastUpdated": "last_updated", "createdBy": "created_by"}
PROPERTY_ID = OpenApiParameter("property_id", OpenApiTypes.STR, OpenApiParameter.PATH,
                               description="The property's id (UUID)")


# --- user administration --------------------------------------------------------------------------------------


class UserAdministrationViewSet(ListMixin, CreateMixin, AccountViewSet):
    """`/api/admin/catalogueUsers/**`: user administrators only; acting on one user needs managing them (their
    highest role not above the caller's, and not themselves)."""

    queryset = User.objects.all()
    serializer_class = FullUserSerializer
    resource = policy.USER_RESOURCE
    lookup_url_kwarg = "user_id"
    sort_fields = USER_SORT_FIELDS
    default_order = ("date_created",)
    needed_rights = {"list": Rule.USER_ADMINISTRATOR, "pending_count": Rule.USER_ADMINISTRATOR,
                     "user_exists": Rule.USER_ADMINISTRATOR, "create": Rule.USER_ADMINISTRATOR,
                     "export": Rule.USER_ADMINISTRATOR, "password_reset": Rule.MANAGER,
                     "approve": Rule.MANAGER, "reject": Rule.MANAGER}
    operation_ids = {"list": "listPendingUsers", "pending_count": "countPendingUsers", "user_exists": "userExists",
                     "create": "adminRegisterUser", "export": "exportUsers", "password_reset": "adminPasswordReset",
                     "approve": "approveRegistration", "reject": "rejectRegistration"}

    def get_serializer_class(self):
        return AdminRegistrationSerializer if self.action == "create" else FullUserSerializer

    def restrict_queryset(self, queryset):
        queryset = queryset & policy.readable_users(self.request.user)
        return queryset & user_service.pending_users() if self.action == "list" else queryset

    @extend_schema(tags=USER_TAGS, responses={200: FullUserSerializer, **errors(400, 401, 403)},
                   description="Self-registrations awaiting approval.")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(tags=USER_TAGS, responses={
        200: inline_serializer("PendingCount", {"count": serializers.IntegerField()}), **errors(401, 403)})
    def pending_count(self, request, *args, **kwargs):
        return Response({"count": user_service.pending_users().count()})

    @extend_schema(tags=USER_TAGS, parameters=[OpenApiParameter("email", OpenApiTypes.STR, OpenApiParameter.PATH)],
                   responses={200: inline_serializer("UserExists", {"userExists": serializers.BooleanField()}),
                              **errors(401, 403)})
    def user_exists(self, request, *args, **kwargs):
        return Response({"userExists": user_service.email_exists(kwargs["email"])})

    @extend_schema(tags=USER_TAGS, responses={201: AdminRegistrationSerializer, **errors(400, 401, 403, 422)},
                   description="Creates an approved account; a temporary password is emailed to the user, who "
                               "must change it (`needsToResetPassword`).")
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        user = user_service.admin_register_user(
            actor=self.request.user, email_address=data["email_address"], first_name=data["first_name"],
            last_name=data["last_name"], organisation=data.get("organisation") or "",
            job_title=data.get("job_title") or "", group_ids=data.get("user_groups", []))
        return User.objects.prefetch_related("user_groups").get(pk=user.pk)

    def created(self, obj):
        response = super().created(obj)
        response["Location"] = self.request.build_absolute_uri(f"/api/catalogueUsers/{obj.pk}")
        return response

    @extend_schema(tags=USER_TAGS, responses={(200, "text/csv"): OpenApiTypes.STR, **errors(401, 403)},
                   description="Every user as CSV.")
    def export(self, request, *args, **kwargs):
        rows = user_service.export_users_csv(User.objects.order_by("email_address", "pk"))
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="catalogueUsers.csv"'
        return response

    @extend_schema(tags=USER_TAGS, parameters=[USER_ID], request=None,
                   responses={200: FullUserSerializer, **errors(401, 403, 404)},
                   description="Emails the user a new temporary password, which they must change.")
    def password_reset(self, request, *args, **kwargs):
        user = user_service.admin_reset_password(actor=request.user, user=self.get_object())
        return Response(self.render(user))

    @extend_schema(tags=USER_TAGS, parameters=[USER_ID], request=None,
                   responses={200: FullUserSerializer, **errors(401, 403, 404, 422)})
    def approve(self, request, *args, **kwargs):
        return Response(self.render(user_service.approve_registration(actor=request.user, user=self.get_object())))

    @extend_schema(tags=USER_TAGS, parameters=[USER_ID], request=None,
                   responses={200: FullUserSerializer, **errors(401, 403, 404, 422)},
                   description="The account stays on record, disabled.")
    def reject(self, request, *args, **kwargs):
        return Response(self.render(user_service.reject_registration(actor=request.user, user=self.get_object())))


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


class ActiveSessionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="An opaque id of the session (not its key)")
    lastAccessedDateTime = serializers.DateTimeField(allow_null=True)
    creationDateTime = serializers.DateTimeField(allow_null=True)
    userEmailAddress = serializers.EmailField(required=False)
    userName = serializers.CharField(required=False)
    userOrganisation = serializers.CharField(required=False)


class SystemViewSet(AccountViewSet):
    """What the application runs on and who is using it: application administrators only. No answer is paged."""

    pagination_class = None

    needed_rights = {"status": Rule.APPLICATION_ADMINISTRATOR, "modules": Rule.APPLICATION_ADMINISTRATOR,
                     "active_sessions": Rule.APPLICATION_ADMINISTRATOR}
    operation_ids = {"status": "adminStatus", "modules": "adminModules", "active_sessions": "activeSessions"}

    @extend_schema(tags=ADMIN_TAGS, responses={200: StatusSerializer, **errors(401, 403)},
                   description="Versions of the product, Python, Django, the database and the operating system.")
    def status(self, request, *args, **kwargs):
        return Response(system.status())

    @extend_schema(tags=ADMIN_TAGS, responses={200: ModuleListSerializer, **errors(401, 403)},
                   description="The product and every installed Python distribution (a bare array).")
    def modules(self, request, *args, **kwargs):
        return Response(system.modules())

    @extend_schema(tags=ADMIN_TAGS, responses={
        200: inline_serializer("ActiveSessions", {
            "countAuthorised": serializers.IntegerField(), "countUnauthorised": serializers.IntegerField(),
            "items": ActiveSessionSerializer(many=True),
            "authorisedItems": ActiveSessionSerializer(many=True),
            "unauthorisedItems": ActiveSessionSerializer(many=True)}),
        **errors(401, 403, 404)},
        description="Sessions that are live now (database session store only; 404 with the cache store).")
    def active_sessions(self, request, *args, **kwargs):
        if not session_listing.listable():
            raise NotFound(message="Active sessions can only be listed when sessions are kept in the database",
                           error_code="NF04")
        return Response(session_listing.active_sessions())


# --- properties -----------------------------------------------------------------------------------------------


def property_changes(data):
    """Validated fields → the service's names (a null category clears it)."""
    changes = {field: data[field] for field in ("key", "value", "publicly_visible") if field in data}
    if "category" in data:
        changes["category"] = data["category"] or ""
    return changes


class ApiPropertyViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, AccountViewSet):
    """Application settings, for application administrators (`site.url` for site administrators only: the
    service's rule, shared with the Django admin)."""

    queryset = ApiProperty.objects.all()
    serializer_class = ApiPropertySerializer
    resource = property_service.PROPERTY_RESOURCE
    lookup_url_kwarg = "property_id"
    sort_fields = PROPERTY_SORT_FIELDS
    default_order = ("key",)
    needed_rights = dict.fromkeys(("list", "create", "retrieve", "update", "destroy"), Rule.APPLICATION_ADMINISTRATOR)
    operation_ids = {"list": "listApiProperties", "create": "createApiProperty", "retrieve": "showApiProperty",
                     "update": "updateApiProperty", "destroy": "deleteApiProperty"}

    def created(self, obj):
        response = super().created(obj)
        response["Location"] = self.request.build_absolute_uri(f"/api/admin/properties/{obj.pk}")
        return response

    @extend_schema(tags=PROPERTY_TAGS, responses={200: ApiPropertySerializer, **errors(400, 401, 403)})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(tags=PROPERTY_TAGS, responses={201: ApiPropertySerializer, **errors(400, 401, 403, 422)})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        return property_service.create_property(actor=self.request.user, **property_changes(serializer.validated_data))

    @extend_schema(tags=PROPERTY_TAGS, parameters=[PROPERTY_ID],
                   responses={200: ApiPropertySerializer, **errors(401, 403, 404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(tags=PROPERTY_TAGS, parameters=[PROPERTY_ID],
                   responses={200: ApiPropertySerializer, **errors(400, 401, 403, 404, 422)})
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        return property_service.update_property(actor=self.request.user, prop=serializer.instance,
                                                changes=property_changes(serializer.validated_data))

    @extend_schema(tags=PROPERTY_TAGS, parameters=[PROPERTY_ID], responses={204: None, **errors(401, 403, 404)})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, prop):
        property_service.delete_property(actor=self.request.user, prop=prop)


class PublicApiPropertyViewSet(ListMixin, AccountViewSet):
    """Properties marked publicly visible; open to anyone."""

    queryset = ApiProperty.objects.all()
    serializer_class = ApiPropertySerializer
    sort_fields = PROPERTY_SORT_FIELDS
    default_order = ("key",)
    operation_ids = {"list": "listPublicApiProperties"}

    def restrict_queryset(self, queryset):
        return queryset & property_service.public_properties()

    @extend_schema(tags=PROPERTY_TAGS, responses={200: ApiPropertySerializer, **errors(400)},
                   description="Properties marked publicly visible; open to anyone.")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
