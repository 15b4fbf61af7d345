"""Every API endpoint is an action of a viewset built on the shared base (config.api.viewsets), so each one runs the
same steps in the contract's order: authentication, route check, permission classes, restricted lookups, the
resource serializer's input rule."""

import pytest

from config.api.viewsets import ApiViewSet
from tests.contract.routes import api_routes

pytestmark = pytest.mark.django_db

#: Routes that are not catalogue resources: the schema and its viewer (drf-spectacular's own views), the health
#: probes (answered before any database or session work) and the JSON 404 for unknown paths.
NOT_RESOURCES = {"openapi-schema", "swagger-ui", "health-live", "health-ready", None}


def test_every_api_route_is_a_viewset_action():
    routes = [route for route in api_routes() if route.name not in NOT_RESOURCES]
    assert len(routes) > 100
    bare = [route.pattern for route in routes
            if not (route.viewset and issubclass(route.viewset, ApiViewSet) and route.actions)]
    assert bare == []


def test_the_only_unnamed_api_route_is_the_json_404():
    unnamed = [route.pattern for route in api_routes() if route.name is None]
    assert unnamed == ["^api(?:/.*)?$"]
