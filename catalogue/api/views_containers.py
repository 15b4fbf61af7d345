"""Folders, classifiers and authorities (contract §5.2, §5.10) on the base viewsets (config.api.viewsets).

Folders and classifiers a caller cannot read are absent from every queryset (404); rights are
`ContainerPermission`'s (container_admin for every write, a login for a root container) and
`AuthorityPermission`'s (a login to read, a site administrator to write); bodies are the serializers'
(catalogue.api.serializers_containers); each action calls one service.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts.access import CONTAINER_ADMIN, get_readable, readable_classifiers, readable_folders
from accounts.permissions import AuthorityPermission, ContainerPermission
from catalogue import models as m
from catalogue.api import serializers_containers as s
from catalogue.api.common import is_true
from catalogue.selectors.containers import classified_items, with_child_folder_flag
from catalogue.services import containers as services
from config.api.ids import parse_uuid
from config.api.viewsets import ApiViewSet, CreateMixin, DestroyMixin, ListMixin, RetrieveMixin, UpdateMixin
from config.prepared import PreparedList

CONTAINER_SORT_FIELDS = {"label": "label", "lastUpdated": "last_updated", "dateCreated": "date_created"}
CONTAINER_DEFAULT_ORDER = ("label",)
CONTAINER_WRITES = {"create": CONTAINER_ADMIN, "update": CONTAINER_ADMIN, "destroy": CONTAINER_ADMIN,
                    "move": CONTAINER_ADMIN}

PERMANENT_PARAMETER = OpenApiParameter("permanent", OpenApiTypes.BOOL,
                                       description="true: remove for good (204) instead of a soft delete")
#: A list in a fixed order (by label): paged like any list, but not sortable.
UNSORTED_LIST = [OpenApiParameter("sort", exclude=True), OpenApiParameter("order", exclude=True)]


def readable(user, readable_fn, queryset, raw_id, resource):
    """The object named by `raw_id` if the caller may read it, else the resource's 404 (bad UUIDs included)."""
    return get_readable(readable_fn, user, queryset, parse_uuid(raw_id, resource), resource)


class ContainerViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ApiViewSet):
    """What folders and classifiers share: readable rows only, container_admin for writes, and `Location`
    naming the container at its top-level URL (Mauro's), whichever route created it."""

    permission_classes = [ContainerPermission]
    needed_rights = CONTAINER_WRITES
    written_parents = {"create": ("parent",)}
    sort_fields = CONTAINER_SORT_FIELDS
    default_order = CONTAINER_DEFAULT_ORDER
    #: The top-level collection URL of the resource (`Location` of a new one).
    collection_path = None

    @property
    def user(self):
        return self.request.user

    def created(self, obj):
        response = super().created(obj)
        response["Location"] = self.request.build_absolute_uri(f"{self.collection_path}/{obj.pk}")
        return response


# --- folders ------------------------------------------------------------------------------------------------

class FolderViewSet(ContainerViewSet):
    """Root folders (`/folders[/{folder_id}]`), listed flat: every folder the caller may read."""

    queryset = m.Folder.objects.all()
    resource = "Folder"
    lookup_url_kwarg = "folder_id"
    collection_path = "/api/folders"
    written_parents = {"create": ("parent",), "move": ("folder", "destination")}
    operation_ids = {"list": "listFolders", "create": "createFolder", "retrieve": "showFolder",
                     "update": "updateFolder", "destroy": "deleteFolder", "move": "moveFolder"}
    prepared_list = PreparedList(lambda: m.Folder.objects.all(), lambda folders: folders,
                                 load=s.FolderSerializer.query_plan, restrict=readable_folders)

    def get_serializer_class(self):
        return s.FolderSerializer if self.action == "list" else s.FolderShowSerializer

    def resolve_parents(self):
        if self.action == "move":
            return self.move_parents()
        return {"parent": None}

    def restrict_queryset(self, queryset):
        return readable_folders(self.user, queryset)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        folder = services.create_folder(user=self.user, parent=self.parents["parent"], label=data.pop("label", None),
                                        **data)
        folder.has_child_folders = False
        return folder

    def perform_update(self, serializer):
        return services.update_folder(user=self.user, folder=serializer.instance, changes=serializer.validated_data)

    @extend_schema(parameters=[PERMANENT_PARAMETER], responses={200: s.FolderShowSerializer, 204: None},
                   summary="Soft delete (cascading) or, with permanent=true, remove")
    def destroy(self, request, *args, **kwargs):
        folder = self.get_object()
        if is_true(request.query_params.get("permanent")):
            services.permanently_delete_folder_tree(user=self.user, folder=folder)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.render(services.soft_delete_folder(user=self.user, folder=folder)))

    # - moving a folder: `/folders/{folder_id}/folder/{destination_id}` -

    def move_parents(self):
        """The folder and its destination (None: `root`), both readable (404) before either is judged (403)."""
        queryset = with_child_folder_flag(m.Folder.objects.select_related("parent_folder"))
        folder = readable(self.user, readable_folders, queryset, self.kwargs["folder_id"], "Folder")
        destination_id = self.kwargs["destination_id"]
        destination = None if destination_id == "root" else readable(
            self.user, readable_folders, m.Folder.objects.all(), destination_id, "Folder")
        return {"folder": folder, "destination": destination}

    @extend_schema(request=None, responses=s.FolderShowSerializer,
                   summary="Move a folder under another folder, or to the root with `root`")
    def move(self, request, *args, **kwargs):
        folder = services.move_folder(user=self.user, folder=self.parents["folder"],
                                      destination=self.parents["destination"])
        return Response(self.render(folder))


class ChildFolderViewSet(FolderViewSet):
    """The folders directly inside a readable folder (`/folders/{folder_id}/folders[/{child_id}]`)."""

    lookup_url_kwarg = "child_id"
    operation_ids = {"list": "listChildFolders", "create": "createChildFolder", "retrieve": "showChildFolder",
                     "update": "updateChildFolder", "destroy": "deleteChildFolder"}

    def resolve_parents(self):
        return {"parent": readable(self.user, readable_folders, m.Folder.objects.all(), self.kwargs["folder_id"],
                                   "Folder")}

    def restrict_queryset(self, queryset):
        return super().restrict_queryset(queryset.filter(parent_folder=self.parents["parent"]))


# --- classifiers --------------------------------------------------------------------------------------------

class ClassifierViewSet(ContainerViewSet):
    """Root classifiers (`/classifiers[/{classifier_id}]`), listed flat: every classifier the caller may read."""

    queryset = m.Classifier.objects.all()
    resource = "Classifier"
    lookup_url_kwarg = "classifier_id"
    collection_path = "/api/classifiers"
    operation_ids = {"list": "listClassifiers", "create": "createClassifier", "retrieve": "showClassifier",
                     "update": "updateClassifier", "destroy": "deleteClassifier",
                     "catalogue_items": "listClassifiedCatalogueItems"}

    def get_serializer_class(self):
        return s.ClassifierSerializer if self.action == "list" else s.ClassifierShowSerializer

    def resolve_parents(self):
        return {"parent": None}

    def restrict_queryset(self, queryset):
        return readable_classifiers(self.user, queryset)

    def perform_create(self, serializer):
        return services.create_classifier(user=self.user, parent=self.parents["parent"], **serializer.validated_data)

    def perform_update(self, serializer):
        return services.update_classifier(user=self.user, classifier=serializer.instance,
                                          changes=serializer.validated_data)

    def perform_destroy(self, classifier):
        services.delete_classifier(user=self.user, classifier=classifier)

    @extend_schema(parameters=UNSORTED_LIST, responses=s.ClassifiedItemSerializer(many=True),
                   summary="The catalogue items the classifier is attached to that the caller may read")
    def catalogue_items(self, request, *args, **kwargs):
        # The selector describes the items in the serializer's shape already, ordered by label.
        items = classified_items(user=self.user, classifier=self.get_object())
        return self.get_paginated_response(self.paginate_queryset(items))


class ChildClassifierViewSet(ClassifierViewSet):
    """The classifiers directly inside a readable classifier (`…/classifiers/{classifier_id}/classifiers[/{child_id}]`).
    """

    lookup_url_kwarg = "child_id"
    operation_ids = {"list": "listChildClassifiers", "create": "createChildClassifier",
                     "retrieve": "showChildClassifier", "update": "updateChildClassifier",
                     "destroy": "deleteChildClassifier"}

    def resolve_parents(self):
        return {"parent": readable(self.user, readable_classifiers, m.Classifier.objects.all(),
                                   self.kwargs["classifier_id"], "Classifier")}

    def restrict_queryset(self, queryset):
        return super().restrict_queryset(queryset.filter(parent_classifier=self.parents["parent"]))


# --- authorities --------------------------------------------------------------------------------------------

class AuthorityViewSet(ListMixin, CreateMixin, RetrieveMixin, UpdateMixin, DestroyMixin, ApiViewSet):
    """Authorities: every logged-in user reads them all; site administrators write them."""

    queryset = m.Authority.objects.all()
    serializer_class = s.AuthoritySerializer
    permission_classes = [AuthorityPermission]
    needed_rights = {action: AuthorityPermission.SITE_ADMIN for action in ("create", "update", "destroy")}
    resource = "Authority"
    lookup_url_kwarg = "authority_id"
    sort_fields = {"label": "label", "url": "url"}
    default_order = ("label", "url")
    operation_ids = {"list": "listAuthorities", "create": "createAuthority", "retrieve": "showAuthority",
                     "update": "updateAuthority", "destroy": "deleteAuthority"}

    def perform_create(self, serializer):
        return services.create_authority(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        return services.update_authority(user=self.request.user, authority=serializer.instance,
                                         changes=serializer.validated_data)

    def perform_destroy(self, authority):
        services.delete_authority(user=self.request.user, authority=authority)
