"""Routes: the REST API under /api/, the operators' admin under /admin/, health checks, API docs."""

from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import include, path, re_path
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config import ui
from config.api import views as api_views

#: The schema in JSON unless the client asks for YAML.
SCHEMA_RENDERERS = [OpenApiJsonRenderer2, OpenApiJsonRenderer, OpenApiYamlRenderer, OpenApiYamlRenderer2]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/openapi", SpectacularAPIView.as_view(renderer_classes=SCHEMA_RENDERERS), name="openapi-schema"),
    # The page's start-up script carries the Content-Security-Policy nonce (config.api.security_headers).
    path("api/docs", SpectacularSwaggerView.as_view(url_name="openapi-schema",
                                                    template_name="api_docs/swagger_ui.html"), name="swagger-ui"),
    path("api/health/live", api_views.liveness, name="health-live"),
    path("api/health/ready", api_views.readiness, name="health-ready"),
    path("api/", include("accounts.api.urls")),
    path("api/", include("catalogue.api.urls")),
]

urlpatterns += [
    # Anything else under /api/ is a JSON 404, even with DEBUG on (never an HTML page).
    re_path(r"^api(?:/.*)?$", api_views.api_route_not_found),
]

if settings.MDM_UI_DIR:
    urlpatterns.append(re_path(ui.NOT_UI, ui.serve_ui, name="mdm-ui"))

if settings.SERVE_STATIC:
    # The Swagger UI's own assets (drf-spectacular-sidecar), so /api/docs works offline without nginx.
    urlpatterns.append(re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True}))

handler400 = "config.api.views.handler400"
handler403 = "config.api.views.handler403"
handler404 = "config.api.views.handler404"
handler500 = "config.api.views.handler500"
