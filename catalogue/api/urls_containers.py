"""Routes for the containers endpoints."""

urlpatterns = []
