"""API keys of a user (`/api/catalogueUsers/{id}/apiKeys/**`).

Owners create, refresh, enable, disable and delete their keys; creating, refreshing and enabling need a
logged-in session (not an API key). A user administrator who manages the owner may list, disable and delete
them (to revoke access) but not create or re-enable them.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from accounts.api.helpers import created, list_response, read_body
from accounts.api.schema import PAGE_PARAMETERS, errors, paged
from accounts.api.serializers import ApiKeyCreateSerializer, ApiKeyResponseSerializer, api_key_item
from accounts.models import ApiKey
from accounts.services import apikeys as key_service
from config.api.errors import BadRequest

TAGS = ["apiKeys"]
KEY_SORT_FIELDS = {"name": "name", "expiryDate": "expiry_date", "createdDate": "date_created",
                   "disabled": "disabled", "refreshable": "refreshable"}
USER_ID = OpenApiParameter("user_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The owner's id (UUID)")
KEY_ID = OpenApiParameter("key_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The key's id (UUID)")
ApiKeyList = paged("ApiKeyList", ApiKeyResponseSerializer)


def key_path(api_key):
    return f"/api/catalogueUsers/{api_key.user_id}/apiKeys/{api_key.id}"


def by_api_key(request):
    """True when the caller authenticated with an `apiKey` header rather than a session."""
    return isinstance(request.auth, ApiKey)


def readable_key(request, user_id, key_id):
    owner = policy.get_readable_user(request.user, user_id)
    return owner, key_service.get_key(owner, key_id)


class ApiKeysView(APIView):
    @extend_schema(tags=TAGS, operation_id="listApiKeys", parameters=[USER_ID, *PAGE_PARAMETERS],
                   responses={200: ApiKeyList, **errors(400, 401, 403, 404)},
                   description="The user's keys, without the keys themselves (only their hashes are stored).")
    def get(self, request, user_id):
        owner = policy.get_readable_user(request.user, user_id)
        key_service.require_revoker(request.user, owner)
        return list_response(request, key_service.keys_of(owner), api_key_item, sort_fields=KEY_SORT_FIELDS,
                             default_order=["name"])

    @extend_schema(tags=TAGS, operation_id="createApiKey", parameters=[USER_ID], request=ApiKeyCreateSerializer,
                   responses={201: ApiKeyResponseSerializer, **errors(400, 401, 403, 404, 422)},
                   description="Creates a key; the answer is the only time the key itself (`apiKey`) is shown.")
    def post(self, request, user_id):
        owner = policy.get_readable_user(request.user, user_id)
        key_service.require_owner(request.user, owner, by_api_key=by_api_key(request))
        data = read_body(ApiKeyCreateSerializer, request.data)
        api_key, plain = key_service.create_api_key(
            actor=request.user, owner=owner, name=data["name"],
            expires_in_days=data.get("expiresInDays", key_service.DEFAULT_EXPIRES_IN_DAYS),
            refreshable=data.get("refreshable", False), by_api_key=by_api_key(request))
        return created(request, api_key_item(api_key, plain), key_path(api_key))


class ApiKeyView(APIView):
    @extend_schema(tags=TAGS, operation_id="showApiKey", parameters=[USER_ID, KEY_ID],
                   responses={200: ApiKeyResponseSerializer, **errors(401, 403, 404)})
    def get(self, request, user_id, key_id):
        owner, api_key = readable_key(request, user_id, key_id)
        key_service.require_revoker(request.user, owner)
        return Response(api_key_item(api_key))

    @extend_schema(tags=TAGS, operation_id="deleteApiKey", parameters=[USER_ID, KEY_ID],
                   responses={204: None, **errors(401, 403, 404)})
    def delete(self, request, user_id, key_id):
        owner, api_key = readable_key(request, user_id, key_id)
        key_service.require_revoker(request.user, owner)
        key_service.delete_api_key(actor=request.user, api_key=api_key)
        return Response(status=204)


class ApiKeyDisableView(APIView):
    @extend_schema(tags=TAGS, operation_id="disableApiKey", parameters=[USER_ID, KEY_ID], request=None,
                   responses={200: ApiKeyResponseSerializer, **errors(401, 403, 404)})
    def put(self, request, user_id, key_id):
        owner, api_key = readable_key(request, user_id, key_id)
        key_service.require_revoker(request.user, owner)
        return Response(api_key_item(key_service.disable_api_key(actor=request.user, api_key=api_key)))


class ApiKeyEnableView(APIView):
    @extend_schema(tags=TAGS, operation_id="enableApiKey", parameters=[USER_ID, KEY_ID], request=None,
                   responses={200: ApiKeyResponseSerializer, **errors(401, 403, 404)})
    def put(self, request, user_id, key_id):
        owner, api_key = readable_key(request, user_id, key_id)
        key_service.require_owner(request.user, owner, by_api_key=by_api_key(request))
        return Response(api_key_item(key_service.enable_api_key(actor=request.user, api_key=api_key,
                                                                by_api_key=by_api_key(request))))


class ApiKeyRefreshView(APIView):
    @extend_schema(tags=TAGS, operation_id="refreshApiKey", request=None, parameters=[
        USER_ID, KEY_ID, OpenApiParameter("days", OpenApiTypes.INT, OpenApiParameter.PATH,
                                          description="Days from today until the key expires")],
        responses={200: ApiKeyResponseSerializer, **errors(400, 401, 403, 404, 422)},
        description="Gives a refreshable key a new expiry date; the key itself stays the same.")
    def put(self, request, user_id, key_id, days):
        owner, api_key = readable_key(request, user_id, key_id)
        key_service.require_owner(request.user, owner, by_api_key=by_api_key(request))
        try:
            expires_in_days = int(days)
        except ValueError:
            raise BadRequest("The number of days must be an integer", error_code="REQ06")
        api_key = key_service.refresh_api_key(actor=request.user, api_key=api_key, expires_in_days=expires_in_days,
                                              by_api_key=by_api_key(request))
        return Response(api_key_item(api_key))
