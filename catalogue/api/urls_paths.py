"""Routes for a data model's hierarchy and for path lookups.

Included before the generic `{type}/{id}/...` routes of other areas, which would otherwise take
`dataModels/{id}/path/...`.
"""

from django.urls import path

from catalogue.api import views_paths as views

urlpatterns = [
    path("path/prefixMappings", views.PrefixMappingsView.as_view(), name="path-prefix-mappings"),
    path("dataModels/<str:model_id>/hierarchy", views.DataModelHierarchyView.as_view(), name="data-model-hierarchy"),
    path("<str:domain_type>/path/<path:path>", views.PathFromRootView.as_view(), name="path-from-root"),
    path("<str:domain_type>/<str:resource_id>/path/<path:path>", views.PathFromResourceView.as_view(),
         name="path-from-resource"),
]
