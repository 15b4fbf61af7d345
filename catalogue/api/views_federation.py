"""`GET /api/subscribedCatalogues`: the other catalogues this one subscribes to, for logged-in callers (401
otherwise). Federation does not exist yet, so the list is always empty; it still reads its paging and sort
parameters as every list does (a bad value is a 400)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from accounts.permissions import LOGGED_IN, LoggedInPermission
from config.api.pagination import page_params, sort_order
from config.api.serializers import ResourceSerializer
from config.api.viewsets import ApiViewSet


class SubscribedCatalogueSerializer(ResourceSerializer):
    id = serializers.UUIDField(read_only=True)
    url = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True, required=False)
    subscribedCatalogueType = serializers.CharField(read_only=True)
    refreshPeriod = serializers.IntegerField(read_only=True, required=False)


class SubscribedCataloguePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    items = SubscribedCatalogueSerializer(many=True)


class SubscribedCatalogueViewSet(ApiViewSet):
    permission_classes = [LoggedInPermission]
    serializer_class = SubscribedCatalogueSerializer
    needed_rights = {"list": LOGGED_IN}
    sort_fields = {"label": "label"}
    default_order = ("label",)
    operation_ids = {"list": "listSubscribedCatalogues"}

    @extend_schema(responses={200: SubscribedCataloguePageSerializer})
    def list(self, request, *args, **kwargs):
        sort_order(request, self.sort_fields, self.default_order)
        page_params(request)
        return self.page_response(0, [])
