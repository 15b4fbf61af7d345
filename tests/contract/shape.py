"""What every error body must look like (contract §3), asserted in one place."""

from http import HTTPStatus

from django.conf import settings

ALWAYS = {"status", "reason", "errorCode", "message", "path", "version"}


def assert_error(response, status, *, path=None, error_code=None):
    """Assert the response is the contract's JSON error for `status` and return its body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert response.has_header("X-Request-ID")
    body = response.json()
    assert ALWAYS <= set(body), body
    assert body["status"] == status
    assert body["reason"] == HTTPStatus(status).phrase
    assert body["version"] == settings.PRODUCT_VERSION
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errorCode"], str) and body["errorCode"]
    if path is not None:
        assert body["path"] == path
    if error_code is not None:
        assert body["errorCode"] == error_code, body
    if status in (401, 403):
        assert body["additional"] == body["message"]
    else:
        assert "additional" not in body
    if status == 422:
        assert body["total"] == len(body["errors"]) >= 1
        assert all(isinstance(e["message"], str) for e in body["errors"])
    if status == 500:
        assert body["reference"] == response["X-Request-ID"]
    if status == 503:
        assert int(response["Retry-After"]) > 0
    return body
