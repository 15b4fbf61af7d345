"""Generated requests against the application's own OpenAPI schema: no input may cause a 5xx, and every answer
conforms to the schema (its documented content type and JSON shape, errors included).

Schemathesis turns every operation in `/api/openapi` into valid (positive) and invalid (negative)
requests, sent over loopback to a live test server, once as an anonymous caller and once as a
logged-in user. Every answer must be below 500, carry `X-Request-ID`, and, when it is an error, be
the contract's JSON body. New endpoints are picked up from the schema with no change here. The two
callers run from two test files (test_generated_requests_*.py), so that parallel workers share them.

The run is deterministic (derandomised Hypothesis, no example database) and bounded: the number
of examples per operation shrinks as the schema grows, so the whole run stays within a budget.
Set CONTRACT_FUZZ_EXAMPLES to try more examples per operation locally.
"""

import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from accounts.models import ThrottleCounter, User
from tests.conftest import PASSWORD, make_user

#: Upper bound of examples per operation, mode and caller.
MAX_EXAMPLES = int(os.environ.get("CONTRACT_FUZZ_EXAMPLES", "15"))
#: Requests the whole run may send; spread over all operations as the schema grows (about 10 ms each, generation
#: included). The explicit walks (test_input_rules.py, test_response_conformance.py) cover every route with real
#: content besides.
REQUEST_BUDGET = int(os.environ.get("CONTRACT_FUZZ_BUDGET", "2500"))
MIN_EXAMPLES = 2
ERROR_KEYS = {"status", "reason", "errorCode", "message", "path", "version"}
FUZZ_EMAIL = "fuzz.user@example.com"
#: No 5xx, and every answer (success or error) has the status's documented content type and schema.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def base_url(live_server):
    # The live server listens on IPv4 loopback; name it directly rather than through "localhost".
    return live_server.url.replace("://localhost:", "://127.0.0.1:")


@pytest.fixture
def schema(base_url):
    return schemathesis.openapi.from_url(f"{base_url}/api/openapi", timeout=10)


def operations(schema):
    found = [result.ok() for result in schema.get_all_operations()]
    assert found, "the schema lists no operations"
    return found


def has_inputs(operation):
    """Inputs worth making invalid: a body or query parameters. Invalid path segments are left out: they only
    reach the 404s and 400s that tests/contract covers, and building them is most of the run's cost."""
    return bool(operation.body) or any(parameter.location == "query" for parameter in operation.iter_parameters())


class Caller:
    """Sends each generated case as one kind of caller; a logged-in caller is logged in again if a case ended it.

    Each request opens a fresh loopback connection: the test server's kept-alive connections stall
    about 40 ms per request, fresh ones take about 2 ms. The session is checked again only after a case that
    could have ended it: a write, a logout (a GET in this API) or a 401.
    """

    def __init__(self, base_url, *, logged_in):
        self.base_url = base_url
        self.logged_in = logged_in
        self.cookies = {}
        self.session_in_doubt = True

    def prepare(self):
        if not self.logged_in or not self.session_in_doubt:
            return
        check = requests.get(f"{self.base_url}/api/session/isAuthenticated", cookies=self.cookies, timeout=10)
        if check.status_code == 200 and check.json().get("authenticatedSession"):
            self.session_in_doubt = False
            return
        # A generated case logged out, or changed the user: put the user back and log in afresh.
        user = User.objects.filter(email_address=FUZZ_EMAIL).first() or make_user(FUZZ_EMAIL)
        user.set_password(PASSWORD)
        user.disabled = user.pending = False
        user.save()
        ThrottleCounter.objects.all().delete()  # forget failed-login counts left by generated login attempts
        response = requests.post(f"{self.base_url}/api/authentication/login",
                                 json={"username": FUZZ_EMAIL, "password": PASSWORD}, timeout=10)
        assert response.status_code == 200, response.text
        self.cookies = {"JSESSIONID": response.cookies["JSESSIONID"]}
        self.session_in_doubt = False

    def send(self, case):
        response = case.call(base_url=self.base_url, cookies=dict(self.cookies), timeout=10)
        self.session_in_doubt = (case.method.upper() != "GET" or "logout" in case.path.lower()
                                 or response.status_code == 401)
        return response


def header(response, name):
    values = {key.lower(): value for key, value in response.headers.items()}.get(name.lower()) or [""]
    return values[0] if isinstance(values, list) else values


def assert_contract(case, response):
    where = f"{case.operation.label}: {response.status_code}"
    assert header(response, "X-Request-ID"), f"{where} has no X-Request-ID"
    if response.status_code >= 400:
        assert header(response, "Content-Type").startswith("application/json"), f"{where} is not JSON"
        body = response.json()
        assert ERROR_KEYS <= set(body), f"{where} body lacks {ERROR_KEYS - set(body)}: {body}"
        assert body["status"] == response.status_code, f"{where} body says {body['status']}"


def exercise(operation, mode, caller, examples):
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    def run(case):
        caller.prepare()
        response = caller.send(case)
        case.validate_response(response, checks=CHECKS)
        assert_contract(case, response)

    try:
        run()
    except Unsatisfiable:
        # Nothing invalid can be built for this operation (e.g. no constrained input): nothing to send.
        if mode is not GenerationMode.NEGATIVE:
            raise


def run_generated_requests(schema, base_url, *, logged_in):
    """Every operation of the schema, in positive and negative modes, sent as one kind of caller."""
    caller = Caller(base_url, logged_in=logged_in)
    if logged_in:
        make_user(FUZZ_EMAIL)
    found = operations(schema)
    examples = max(MIN_EXAMPLES, min(MAX_EXAMPLES, REQUEST_BUDGET // (4 * len(found))))
    for operation in found:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.NEGATIVE and not has_inputs(operation):
                continue
            exercise(operation, mode, caller, examples)
