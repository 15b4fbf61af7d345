"""Data models as whole objects (contract §5.3 first bullets, §7.3): create in a folder, list, show,
update, move, soft/permanent delete, restore and the administrators' bulk delete.

Rights are `DataModelPermission`'s (accounts.permissions), asked in the contract's order by the base viewset;
the models and folders named in a URL come through the readable querysets (404), bodies through
`serializers_datamodels` (400/422), and each action calls one service.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts.permissions import DataModelPermission
from catalogue import models as m
from catalogue.api.serializers_datamodels import (
    DataModelPageSerializer,
    DataModelSerializer,
    DataModelShowSerializer,
    DeleteDataModelsSerializer,
    data_models_json,
)
from catalogue.selectors.datamodels import (
    MODEL_DEFAULT_ORDER,
    MODEL_SORT_FIELDS,
    readable_data_model,
    readable_data_models,
    readable_folder,
)
from catalogue.services import datamodels as services
from config.api.errors import NotFound
from config.api.viewsets import ApiViewSet, CreateMixin, ListMixin, RetrieveMixin, UpdateMixin

DATA_MODEL = "DataModel"

PERMANENT_PARAMETER = OpenApiParameter("permanent", OpenApiTypes.BOOL,
                                       description="true: remove for good (204) instead of a soft delete")


def fetch_data_model(user, model_id):
    """A data model the caller may read (with folder and authority), else the DataModel 404; the grant routes
    answer with the model they change."""
    return readable_data_model(user, model_id)


class DataModelViewSet(ListMixin, RetrieveMixin, UpdateMixin, ApiViewSet):
    """`/dataModels`: every readable model, one model (show, update, soft or permanent delete), its move to a
    folder, the model types, and the administrators' bulk delete and restore."""

    queryset = m.CatalogueModel.objects.all()
    permission_classes = [DataModelPermission]
    resource = DATA_MODEL
    #: The kind of model the routes serve, and its index and show shapes.
    kind = m.ModelDomainType.DATA_MODEL
    collection = "dataModels"
    index_serializer = DataModelSerializer
    show_serializer = DataModelShowSerializer
    lookup_url_kwarg = "model_id"
    sort_fields = MODEL_SORT_FIELDS
    default_order = MODEL_DEFAULT_ORDER
    #: Actions for site administrators only (401/403 before anything is looked up).
    admin_actions = ("destroy_many", "undo_soft_delete")
    operation_ids = {"list": "listDataModels", "retrieve": "showDataModel", "update": "updateDataModel",
                     "destroy": "deleteDataModel", "destroy_many": "deleteDataModels",
                     "types": "listDataModelTypes", "move": "changeDataModelFolder",
                     "undo_soft_delete": "undoSoftDeleteDataModel"}

    def get_serializer_class(self):
        return self.index_serializer if self.action == "list" else self.show_serializer

    @property
    def permanent(self):
        """`?permanent=true`: a delete removes for good."""
        return str(self.request.query_params.get("permanent") or "").strip().lower() == "true"

    def resolve_parents(self):
        """The move routes name a model and a folder: the model's 404 first, then the folder's."""
        parents = {}
        if self.action == "move":
            parents["model"] = readable_data_model(self.request.user, self.kwargs[self.lookup_url_kwarg], self.kind)
        if "folder_id" in self.kwargs:
            parents["folder"] = readable_folder(self.request.user, self.kwargs["folder_id"])
        return parents

    def restrict_queryset(self, queryset):
        return readable_data_models(self.request.user, folder=self.parents.get("folder"), queryset=queryset,
                                    kind=self.kind)

    def get_object(self):
        """The model named in the URL through the prepared lookup (`readable_data_model`); 404 as the queryset's."""
        if self.parents.get("folder") is not None:
            return super().get_object()
        model = readable_data_model(self.request.user, self.kwargs[self.lookup_url_kwarg], self.kind)
        self.check_object_permissions(self.request, model)
        return model

    def perform_update(self, serializer):
        return services.update_data_model(user=self.request.user, model=serializer.instance,
                                          changes=serializer.validated_data)

    @extend_schema(parameters=[PERMANENT_PARAMETER], responses={200: DataModelShowSerializer, 204: None},
                   summary="Soft delete, or with permanent=true remove for good")
    def destroy(self, request, *args, **kwargs):
        model = self.get_object()
        if self.permanent:
            services.permanently_delete_data_models(user=request.user, models=[model])
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.render(services.soft_delete_data_model(user=request.user, model=model)))

    @extend_schema(request=DeleteDataModelsSerializer, responses={200: DataModelPageSerializer, 204: None},
                   summary="Administrators: soft or permanently delete many models")
    def destroy_many(self, request, *args, **kwargs):
        """A soft delete answers the models (by label); a permanent one 204. An unknown id is a 404 and
        nothing changes."""
        body = DeleteDataModelsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data["ids"]
        models = list(readable_data_models(request.user, kind=self.kind).filter(pk__in=ids))
        found = {x.pk for x in models}
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise NotFound(self.resource, missing[0])
        remaining = services.delete_data_models(user=request.user, models=models,
                                                permanent=body.validated_data["permanent"])
        if not remaining:
            return Response(status=status.HTTP_204_NO_CONTENT)
        remaining.sort(key=lambda x: (x.label, x.branch_name, str(x.pk)))
        return Response({"count": len(remaining), "items": data_models_json(remaining, user=request.user,
                                                                            serializer_class=self.index_serializer)})

    @extend_schema(responses={200: {"type": "array", "items": {"type": "string", "enum": services.MODEL_TYPES}}},
                   summary="The data model types (a bare array)")
    def types(self, request, *args, **kwargs):
        return Response(list(services.MODEL_TYPES))

    @extend_schema(request=None, responses={200: DataModelShowSerializer})
    def move(self, request, *args, **kwargs):
        model = services.move_data_model(user=request.user, model=self.parents["model"],
                                         destination=self.parents["folder"])
        return Response(self.render(model))

    @extend_schema(request=None, responses={200: DataModelShowSerializer})
    def undo_soft_delete(self, request, *args, **kwargs):
        model = self.get_object()
        return Response(self.render(services.undo_soft_delete_data_model(user=request.user, model=model)))


class FolderDataModelViewSet(CreateMixin, DataModelViewSet):
    """`/folders/{folder}/dataModels`: the readable models directly in a readable folder, creating one there
    (the only way to create a model), and moving a model into the folder."""

    operation_ids = {"list": "listFolderDataModels", "create": "createDataModel", "move": "moveDataModelToFolder"}

    def perform_create(self, serializer):
        provider = self.request.query_params.get("defaultDataTypeProvider") or None
        return services.create_data_model(user=self.request.user, folder=self.parents["folder"],
                                          default_data_types=provider, kind=self.kind, **serializer.validated_data)

    def created(self, obj):
        response = super().created(obj)
        response["Location"] = self.request.build_absolute_uri(f"/api/{self.collection}/{obj.pk}")
        return response

    @extend_schema(summary="Create a data model in a folder (the only way to create one)",
                   parameters=[OpenApiParameter("defaultDataTypeProvider", OpenApiTypes.STR, required=False,
                                                description="The name of a default data type provider: the new "
                                                            "model starts with its data types (unknown → 422)")])
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)
