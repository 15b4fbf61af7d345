"""Routes for data models as whole objects (their content lives in the items routes)."""

from django.urls import path

from catalogue.api import views_datamodels as views

urlpatterns = [
    path("folders/<str:folder_id>/dataModels", views.FolderDataModelsView.as_view(), name="folder-data-models"),
    path("folders/<str:folder_id>/dataModels/<str:model_id>", views.FolderDataModelMoveView.as_view(),
         name="folder-data-model-move"),
    path("dataModels", views.DataModelListView.as_view(), name="data-models"),
    path("dataModels/types", views.DataModelTypesView.as_view(), name="data-model-types"),
    path("dataModels/<str:model_id>", views.DataModelDetailView.as_view(), name="data-model"),
    path("dataModels/<str:model_id>/folder/<str:folder_id>", views.DataModelFolderView.as_view(),
         name="data-model-folder"),
    path("admin/dataModels/<str:model_id>/undoSoftDelete", views.UndoSoftDeleteView.as_view(),
         name="data-model-undo-soft-delete"),
]
