"""A user's profile picture: `GET|POST|PUT|DELETE /api/catalogueUsers/{userId}/image`.

Anyone may see anyone's picture (the web UI shows authors' pictures): a user without one, or an id naming nobody,
answers a drawn default picture rather than a 404, so ids reveal nothing; `?size=N` answers an N×N PNG. Changing
or removing a picture needs a login (401), a user the caller may see (404) and the right to edit their profile
(403): the user themself or a user administrator who manages them. POST and PUT both create the picture when
there is none (201) and replace it otherwise (200).
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts import policy
from accounts.api.helpers import AccountViewSet, fetch
from accounts.models import User, UserImage
from accounts.permissions import AccountPermission as Rule
from accounts.services import user_images
from config.api.errors import BadRequest, NotFound
from config.api.ids import parse_uuid
from config.api.serializers import AnyJsonField, IdField, MauroDateTimeField, ResourceSerializer

RESOURCE = "UserImageFile"


class UserImageSerializer(ResourceSerializer):
    """The picture's record (not its bytes); the body of a POST or PUT is `{image: "data:image/png;base64,...",
    type}`."""

    id = IdField()
    domainType = serializers.CharField(source="domain_type", read_only=True)
    lastUpdated = MauroDateTimeField(source="last_updated", read_only=True)
    fileSize = serializers.IntegerField(source="file_size", read_only=True)
    fileType = serializers.CharField(source="file_type", read_only=True)
    fileName = serializers.CharField(source="file_name", read_only=True)
    userId = IdField(source="user_id")
    image = AnyJsonField(write_only=True)
    type = AnyJsonField(write_only=True, required=False)

    class Meta:
        resource = RESOURCE


SIZE = OpenApiParameter("size", OpenApiTypes.INT, required=False, description=f"Resize to size×size (1 to "
                                                                            f"{user_images.MAX_SIZE}), as a PNG")
IMAGE = {(200, "image/*"): OpenApiTypes.BINARY}


class UserImageViewSet(AccountViewSet):
    serializer_class = UserImageSerializer
    resource = RESOURCE
    lookup_url_kwarg = "image_id"  # never in the URL: the picture is named by its user
    needed_rights = {"save": Rule.SELF_OR_MANAGER, "replace": Rule.SELF_OR_MANAGER,
                     "destroy": Rule.SELF_OR_MANAGER}
    operation_ids = {"retrieve": "showUserImage", "save": "saveUserImage", "replace": "updateUserImage",
                     "destroy": "deleteUserImage"}

    @property
    def is_detail(self):
        return True  # the user named in the URL is judged as the object (after its 404)

    def resolve_parents(self):
        if self.action == "retrieve":
            return {"user_id": parse_uuid(self.kwargs["user_id"], policy.USER_RESOURCE)}
        return {"user": fetch(User, self.kwargs["user_id"], policy.USER_RESOURCE,
                              pk__in=policy.readable_users(self.request.user).values("pk"))}

    def writable_user(self):
        user = self.parents["user"]
        self.check_object_permissions(self.request, user)
        return user

    def _size(self):
        raw = self.request.query_params.get("size")
        if raw in (None, ""):
            return None
        if not raw.isdigit() or not 1 <= int(raw) <= user_images.MAX_SIZE:
            raise BadRequest(f"Query parameter 'size' must be a whole number from 1 to {user_images.MAX_SIZE}",
                             error_code="REQ06")
        return int(raw)

    @extend_schema(parameters=[SIZE], responses=IMAGE, summary="The user's picture, or a default one")
    def retrieve(self, request, *args, **kwargs):
        size = self._size()
        picture = UserImage.objects.filter(user_id=self.parents["user_id"]).first()
        if picture is None:
            contents, content_type, name = (user_images.default_image_bytes(), "image/png",
                                            user_images.DEFAULT_IMAGE_NAME)
        else:
            contents, content_type, name = bytes(picture.file_contents), picture.file_type, picture.file_name
        if size is not None:
            smaller = user_images.resized(contents, size)
            if smaller is not None:
                contents, content_type = smaller, "image/png"
        response = HttpResponse(contents, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(False, name)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def _save(self):
        user = self.writable_user()
        body = self.valid_data().validated_data
        picture, created = user_images.save_user_image(actor=self.request.user, user=user, image=body["image"],
                                                       file_type=body.get("type"))
        return Response(self.render(picture), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=UserImageSerializer, responses={200: UserImageSerializer, 201: UserImageSerializer},
                   summary="Set the user's picture (replaces one already there)")
    def save(self, request, *args, **kwargs):
        return self._save()

    @extend_schema(request=UserImageSerializer, responses={200: UserImageSerializer, 201: UserImageSerializer},
                   summary="Replace the user's picture (creates it when there is none)")
    def replace(self, request, *args, **kwargs):
        return self._save()

    @extend_schema(responses={204: None}, summary="Remove the user's picture")
    def destroy(self, request, *args, **kwargs):
        user = self.writable_user()
        picture = UserImage.objects.filter(user=user).first()
        if picture is None:
            raise NotFound(RESOURCE, None)
        user_images.delete_user_image(picture=picture)
        return Response(status=status.HTTP_204_NO_CONTENT)
