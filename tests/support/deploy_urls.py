"""The product's routes plus the views the deployment tests use to provoke a gateway timeout (`/api/test/slow`)
and to count writes across a restart (`/api/test/pairedWrite`). Routed by `tests.settings_deploy`."""

from django.urls import path

from config import urls as product_urls
from tests.support import views

urlpatterns = [
    path("api/test/slow", views.slow, name="test-slow"),
    path("api/test/pairedWrite", views.paired_write, name="test-paired-write"),
    # Before the product's catch-all JSON 404 for /api/.
    *product_urls.urlpatterns,
]

handler400 = product_urls.handler400
handler403 = product_urls.handler403
handler404 = product_urls.handler404
handler500 = product_urls.handler500
