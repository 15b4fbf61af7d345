"""Catalogue routes, one module per family so each area can grow on its own."""

from django.urls import include, path

urlpatterns = [
    # Profiles first: `/api/profiles/{namespace}/{name}` would otherwise be read as `{type}/{id}/...` by the generic
    # routes below; the item routes all carry a literal `profile`/`profiles` segment.
    path("", include("catalogue.api.urls_profiles")),
    # Grants and public flags on a resource first: `{type}/{id}/groupRoles`, `{type}/{id}/permissions` and the
    # like take any first segment, as they always have (they were served before every other catalogue route).
    path("", include("catalogue.api.urls_security")),
    # Tree routes next: they start with the literal `tree/`, which the generic `{type}/{id}/...` routes below
    # would take.
    path("", include("catalogue.api.urls_tree")),
    path("", include("catalogue.api.urls_containers")),
    path("", include("catalogue.api.urls_datamodels")),
    path("", include("catalogue.api.urls_terminologies")),
    path("", include("catalogue.api.urls_versioning")),
    path("", include("catalogue.api.urls_items")),
    # Hierarchy and path lookups before the facets' generic `{type}/{id}/...` routes, which would take
    # `{type}/{id}/path/...`; their own routes all carry a literal `path`/`hierarchy` segment.
    path("", include("catalogue.api.urls_paths")),
    path("", include("catalogue.api.urls_facets")),
    path("", include("catalogue.api.urls_importexport")),
    path("", include("catalogue.api.urls_federation")),
]
