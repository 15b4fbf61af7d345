"""Every answer the API documents is the answer it gives: each readable route of the URLconf is called on a small
catalogue holding one object of every kind, as a site administrator, and its real 200 answer is checked against the
operation's response schema in `/api/openapi` (schemathesis' response-schema and content-type checks).

The generated-request run (test_generated_requests.py) applies the same checks to invented input; this walk makes
sure that every read answers with real content, where a random id would only ever reach a 404.
"""

import re

import pytest
import requests
import schemathesis
from schemathesis.checks import content_type_conformance, response_schema_conformance

from tests.conftest import PASSWORD
from tests.contract.routes import api_routes
from tests.contract.world import World

pytestmark = pytest.mark.django_db(transaction=True)

#: Routes not walked here, and why: logging out ends the walk's own session (test_login.py covers it).
NOT_WALKED = {"logout"}
#: Routes only an anonymous caller may read (Mauro's 405 for a logged-in one).
ANONYMOUS_READS = {"user-reset-password-link"}


def _template(route):
    """The schema's path for a route: `<str:dm>` and `(?P<dm>...)` become `{dm}`, and `pk` is called `id`."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*(?:\([^)]*\)[^)]*)*\)", r"{\1}", route.pattern)
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path).replace("^", "").replace("$", "")
    return "/" + path.replace("{pk}", "{id}")


def _values(world, route):
    """The URL's segments for this route: the world's, with the objects its lookup names in this place."""
    values = world.segments()
    pattern = route.pattern
    if "applicationGroupRoles" in pattern:
        values["role_id"] = world.site_admin_role.pk
    if pattern.startswith("api/classifiers/"):
        values["child_id"] = world.child_classifier.pk
    if "<str:resource_id>/path/" in pattern:
        values.update(resource_id=world.model.pk, path="dc:Parent")
    if "/export/" in pattern:
        exporter = world.exporter
        values.update(namespace=exporter.namespace, name=exporter.name, version=exporter.version)
    if "{pk}" in _template(route).replace("{id}", "{pk}") and route.viewset.lookup_url_kwarg == "pk":
        values["id"] = world.updated(route).pk
    return {name: str(value) for name, value in values.items()}


@pytest.fixture
def walk(live_server):
    from tests.conftest import make_user

    base = live_server.url.replace("://localhost:", "://127.0.0.1:")
    world = World(make_user("boss@example.com", admin=True))
    login = requests.post(f"{base}/api/authentication/login", json={"username": world.admin.email_address,
                                                                    "password": PASSWORD}, timeout=10)
    assert login.status_code == 200, login.text
    schema = schemathesis.openapi.from_url(f"{base}/api/openapi", timeout=10)
    return base, world, {"JSESSIONID": login.cookies["JSESSIONID"]}, schema


def test_every_read_answers_as_documented(walk):
    base, world, cookies, schema = walk
    routes = [route for route in api_routes() if route.actions.get("get") and route.name not in NOT_WALKED]
    assert len(routes) > 90
    problems = []
    for route in routes:
        template = _template(route)
        operation = schema[template]["GET"]
        values = _values(world, route)
        parameters = {p.name: values[p.name] for p in operation.path_parameters}
        case = operation.Case(path_parameters=parameters)
        response = case.call(base_url=base, cookies=None if route.name in ANONYMOUS_READS else cookies, timeout=10)
        if response.status_code != 200:
            problems.append(f"{template}: {response.status_code} {response.text[:200]}")
            continue
        try:
            case.validate_response(response, checks=[response_schema_conformance, content_type_conformance])
        except (Exception, BaseExceptionGroup) as failure:  # every failure is reported together below
            details = getattr(failure, "exceptions", [failure])
            problems.append(f"{template}: " + " | ".join(str(d)[:600] for d in details))
    assert problems == [], "\n".join(problems)
