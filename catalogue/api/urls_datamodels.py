"""Routes for data models as whole objects (their content lives in the items routes)."""

from django.urls import path

from catalogue.api.views_datamodels import DataModelViewSet, FolderDataModelViewSet

urlpatterns = [
    path("folders/<str:folder_id>/dataModels", FolderDataModelViewSet.as_view({"get": "list", "post": "create"}),
         name="folder-data-models"),
    path("folders/<str:folder_id>/dataModels/<str:model_id>", FolderDataModelViewSet.as_view({"put": "move"}),
         name="folder-data-model-move"),
    path("dataModels", DataModelViewSet.as_view({"get": "list", "delete": "destroy_many"}), name="data-models"),
    path("dataModels/types", DataModelViewSet.as_view({"get": "types"}), name="data-model-types"),
    path("dataModels/<str:model_id>",
         DataModelViewSet.as_view({"get": "retrieve", "put": "update", "delete": "destroy"}), name="data-model"),
    path("dataModels/<str:model_id>/folder/<str:folder_id>", DataModelViewSet.as_view({"put": "move"}),
         name="data-model-folder"),
    path("admin/dataModels/<str:model_id>/undoSoftDelete", DataModelViewSet.as_view({"put": "undo_soft_delete"}),
         name="data-model-undo-soft-delete"),
]
