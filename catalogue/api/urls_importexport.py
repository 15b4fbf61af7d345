"""Routes for import and export of models and the provider lists (contract §5.9)."""

from django.urls import path, re_path

from catalogue.api import views_importexport as views

PROVIDER = "<str:namespace>/<str:name>/<str:version>"

urlpatterns = [
    re_path(r"^(?P<models_segment>dataModels)/providers/(?P<kind>exporters|importers)$",
            views.ModelProvidersViewSet.as_view({"get": "list"}), name="model-providers"),
    path("dataModels/providers/defaultDataTypeProviders",
         views.DefaultDataTypeProvidersViewSet.as_view({"get": "list"}), name="default-data-type-providers"),
    re_path(r"^admin/providers/(?P<kind>importers|exporters|dataLoaders|emailers)$",
            views.AdminProvidersViewSet.as_view({"get": "list"}), name="admin-providers"),
    path(f"importer/parameters/{PROVIDER}", views.ImporterParametersViewSet.as_view({"get": "retrieve"}),
         name="importer-parameters"),
    path(f"dataModels/export/{PROVIDER}", views.ExportViewSet.as_view({"post": "export_many"}),
         name="data-models-export"),
    path(f"dataModels/import/{PROVIDER}", views.ImportViewSet.as_view({"post": "create"}), name="data-models-import"),
    path(f"dataModels/<str:model_id>/export/{PROVIDER}", views.ExportViewSet.as_view({"get": "export_one"}),
         name="data-model-export"),
]
