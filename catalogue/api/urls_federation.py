"""Routes for federation with other catalogues."""

from django.urls import path

from catalogue.api.views_federation import SubscribedCatalogueViewSet

urlpatterns = [
    path("subscribedCatalogues", SubscribedCatalogueViewSet.as_view({"get": "list"}), name="subscribed-catalogues"),
]
