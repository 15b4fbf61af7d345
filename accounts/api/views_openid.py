"""`GET /api/openidConnectProviders`: the OpenID Connect providers a sign-in form may offer, open to anyone (a bare
array). No provider can be configured yet, so the list is empty; the web UI's login form then shows only the
password form."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from config.api.serializers import ResourceSerializer
from config.api.viewsets import ApiViewSet


class PublicOpenIdConnectProviderSerializer(ResourceSerializer):
    """What an anonymous caller may know of a provider: enough to send the browser to it."""

    id = serializers.UUIDField(read_only=True)
    label = serializers.CharField(read_only=True)
    imageUrl = serializers.CharField(read_only=True, required=False)
    authorizationEndpoint = serializers.CharField(read_only=True)


class PublicOpenIdConnectProviderViewSet(ApiViewSet):
    permission_classes = []
    pagination_class = None  # a bare array, as Mauro answers it
    serializer_class = PublicOpenIdConnectProviderSerializer
    operation_ids = {"list": "listPublicOpenIdConnectProviders"}

    @extend_schema(responses={200: PublicOpenIdConnectProviderSerializer(many=True)})
    def list(self, request, *args, **kwargs):
        return Response([])
