"""Routes for the datamodels endpoints."""

urlpatterns = []
