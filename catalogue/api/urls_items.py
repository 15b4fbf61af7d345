"""Routes for the items endpoints."""

urlpatterns = []
