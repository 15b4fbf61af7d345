"""Routes for a data model's hierarchy and for path lookups.

Included before the generic `{type}/{id}/...` routes of other areas, which would otherwise take
`dataModels/{id}/path/...`.
"""

from django.urls import path

from catalogue.api import views_paths as views

urlpatterns = [
    path("path/prefixMappings", views.PrefixMappingsViewSet.as_view({"get": "show"}), name="path-prefix-mappings"),
    path("dataModels/<str:model_id>/hierarchy", views.DataModelHierarchyViewSet.as_view({"get": "retrieve"}),
         name="data-model-hierarchy"),
    path("<str:domain_type>/path/<path:path>", views.PathFromRootViewSet.as_view({"get": "find"}),
         name="path-from-root"),
    path("<str:domain_type>/<str:resource_id>/path/<path:path>", views.PathFromResourceViewSet.as_view({"get": "find"}),
         name="path-from-resource"),
]
