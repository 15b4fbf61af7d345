"""Routes for the tree endpoints."""

urlpatterns = []
