"""Routes for the importexport endpoints."""

urlpatterns = []
