"""Routes for a model's version tree (its version links are a facet: `urls_facets`)."""

from django.urls import re_path

from catalogue.api.views_versioning import ModelVersionTreeViewSet

MODEL = r"^(?P<modelDomainType>dataModels|terminologies|codeSets|referenceDataModels)/(?P<modelId>[^/]+)"

urlpatterns = [
    re_path(rf"{MODEL}/modelVersionTree$", ModelVersionTreeViewSet.as_view({"get": "model_version_tree"}),
            name="model-version-tree"),
    re_path(rf"{MODEL}/simpleModelVersionTree$",
            ModelVersionTreeViewSet.as_view({"get": "simple_model_version_tree"}), name="simple-model-version-tree"),
]
