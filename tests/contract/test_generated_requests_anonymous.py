"""Generated requests from an anonymous caller: no 5xx, and every answer as the schema documents it
(tests/contract/generated_requests.py)."""

import pytest

from tests.contract.generated_requests import base_url, run_generated_requests, schema  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)


def test_generated_requests_answer_as_documented(schema, base_url):  # noqa: F811 - the fixtures above
    run_generated_requests(schema, base_url, logged_in=False)
