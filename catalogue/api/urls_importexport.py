"""Routes for import and export of models and the provider lists (contract §5.9)."""

from django.urls import path, re_path

from catalogue.api import views_importexport as views

PROVIDER = "<str:namespace>/<str:name>/<str:version>"

urlpatterns = [
    re_path(r"^(?P<models_segment>dataModels)/providers/(?P<kind>exporters|importers)$",
            views.ModelProvidersView.as_view(), name="model-providers"),
    re_path(r"^admin/providers/(?P<kind>importers|exporters|dataLoaders|emailers)$",
            views.AdminProvidersView.as_view(), name="admin-providers"),
    path(f"importer/parameters/{PROVIDER}", views.ImporterParametersView.as_view(), name="importer-parameters"),
    path(f"dataModels/export/{PROVIDER}", views.ExportModelsView.as_view(), name="data-models-export"),
    path(f"dataModels/import/{PROVIDER}", views.ImportModelsView.as_view(), name="data-models-import"),
    path(f"dataModels/<str:model_id>/export/{PROVIDER}", views.ExportModelView.as_view(), name="data-model-export"),
]
