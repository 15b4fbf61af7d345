"""Catalogue routes, one module per family so each area can grow on its own."""

from django.urls import include, path

urlpatterns = [
    # Tree routes first: they start with the literal `tree/`, which generic `{type}/{id}/...` routes would take.
    path("", include("catalogue.api.urls_tree")),
    path("", include("catalogue.api.urls_containers")),
    path("", include("catalogue.api.urls_datamodels")),
    path("", include("catalogue.api.urls_items")),
    # Hierarchy and path lookups before the facets' generic `{type}/{id}/...` routes, which would take
    # `{type}/{id}/path/...`; their own routes all carry a literal `path`/`hierarchy` segment.
    path("", include("catalogue.api.urls_paths")),
    path("", include("catalogue.api.urls_facets")),
    path("", include("catalogue.api.urls_importexport")),
]
