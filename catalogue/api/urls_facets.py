"""Routes for the facets endpoints."""

urlpatterns = []
