"""API keys of a user (`/api/catalogueUsers/{id}/apiKeys/**`).

Owners create, refresh, enable, disable and delete their keys; creating, refreshing and enabling need a
logged-in session (not an API key). A user administrator who manages the owner may list, disable and delete
them (to revoke access) but not create or re-enable them. The owner named in the URL is resolved among the
users the caller may read (404 otherwise); `AccountPermission` asks the policy for the rest (403).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts import policy
from accounts.api.helpers import AccountViewSet
from accounts.api.schema import errors
from accounts.api.serializers import ApiKeySerializer
from accounts.models import ApiKey
from accounts.permissions import AccountPermission as Rule
from accounts.services import apikeys as key_service
from config.api.errors import BadRequest, NotFound
from config.api.ids import parse_uuid
from config.api.viewsets import CreateMixin, DestroyMixin, ListMixin, RetrieveMixin

TAGS = ["apiKeys"]
USER_ID = OpenApiParameter("user_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The owner's id (UUID)")
KEY_ID = OpenApiParameter("key_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The key's id (UUID)")


class ApiKeyViewSet(ListMixin, CreateMixin, RetrieveMixin, DestroyMixin, AccountViewSet):
    queryset = ApiKey.objects.all()
    serializer_class = ApiKeySerializer
    resource = key_service.API_KEY_RESOURCE
    lookup_url_kwarg = "key_id"
    sort_fields = {"name": "name", "expiryDate": "expiry_date", "createdDate": "date_created",
                   "disabled": "disabled", "refreshable": "refreshable"}
    default_order = ("name",)
    needed_rights = {"list": Rule.KEY_REVOKER, "retrieve": Rule.KEY_REVOKER, "destroy": Rule.KEY_REVOKER,
                     "disable": Rule.KEY_REVOKER, "create": Rule.KEY_OWNER, "enable": Rule.KEY_OWNER,
                     "refresh": Rule.KEY_OWNER}
    operation_ids = {"list": "listApiKeys", "create": "createApiKey", "retrieve": "showApiKey",
                     "destroy": "deleteApiKey", "disable": "disableApiKey", "enable": "enableApiKey",
                     "refresh": "refreshApiKey"}

    def resolve_parents(self):
        user = self.request.user
        pk = parse_uuid(self.kwargs["user_id"], policy.USER_RESOURCE)
        owner = policy.readable_users(user).filter(pk=pk).first()
        if owner is None:
            raise NotFound(policy.USER_RESOURCE, pk)
        return {"owner": owner}

    def restrict_queryset(self, queryset):
        return queryset.filter(user=self.parents["owner"])

    def created(self, obj):
        response = super().created(obj)
        response["Location"] = self.request.build_absolute_uri(
            f"/api/catalogueUsers/{obj.user_id}/apiKeys/{obj.pk}")
        return response

    @extend_schema(tags=TAGS, parameters=[USER_ID],
                   responses={200: ApiKeySerializer, **errors(400, 401, 403, 404)},
                   description="The user's keys, without the keys themselves (only their hashes are stored).")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(tags=TAGS, parameters=[USER_ID],
                   responses={201: ApiKeySerializer, **errors(400, 401, 403, 404, 422)},
                   description="Creates a key; the answer is the only time the key itself (`apiKey`) is shown.")
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        api_key, plain = key_service.create_api_key(
            actor=self.request.user, owner=self.parents["owner"], name=data["name"],
            expires_in_days=data.get("expiresInDays", key_service.DEFAULT_EXPIRES_IN_DAYS),
            refreshable=data.get("refreshable", False))
        api_key.plain_key = plain  # shown in this answer only
        return api_key

    @extend_schema(tags=TAGS, parameters=[USER_ID, KEY_ID],
                   responses={200: ApiKeySerializer, **errors(401, 403, 404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(tags=TAGS, parameters=[USER_ID, KEY_ID], responses={204: None, **errors(401, 403, 404)})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, api_key):
        key_service.delete_api_key(actor=self.request.user, api_key=api_key)

    @extend_schema(tags=TAGS, parameters=[USER_ID, KEY_ID], request=None,
                   responses={200: ApiKeySerializer, **errors(401, 403, 404)})
    def disable(self, request, *args, **kwargs):
        return Response(self.render(key_service.disable_api_key(actor=request.user, api_key=self.get_object())))

    @extend_schema(tags=TAGS, parameters=[USER_ID, KEY_ID], request=None,
                   responses={200: ApiKeySerializer, **errors(401, 403, 404)})
    def enable(self, request, *args, **kwargs):
        return Response(self.render(key_service.enable_api_key(actor=request.user, api_key=self.get_object())))

    @extend_schema(tags=TAGS, request=None, parameters=[
        USER_ID, KEY_ID, OpenApiParameter("days", OpenApiTypes.INT, OpenApiParameter.PATH,
                                          description="Days from today until the key expires")],
        responses={200: ApiKeySerializer, **errors(400, 401, 403, 404, 422)},
        description="Gives a refreshable key a new expiry date; the key itself stays the same.")
    def refresh(self, request, *args, **kwargs):
        api_key = self.get_object()
        try:
            expires_in_days = int(kwargs["days"])
        except ValueError:
            raise BadRequest("The number of days must be an integer", error_code="REQ06")
        return Response(self.render(key_service.refresh_api_key(actor=request.user, api_key=api_key,
                                                                expires_in_days=expires_in_days)))
