"""Response headers that protect browsers: a Content-Security-Policy on the HTML pages the product serves
(the Django admin and the Swagger UI at /api/docs) and `Cache-Control: no-store` on authenticated JSON.

The admin runs no inline script or style, so its policy allows its own origin only. Swagger UI (the offline
copy from drf-spectacular-sidecar, served from /static/) is started by one inline script, which carries a
nonce made per request; its stylesheet and the React components set inline styles, so styles may be inline.
JSON answered to a request with a session or an API key holds what that caller may see: no cache (browser,
proxy) keeps it.
"""

import secrets

from django.conf import settings

ADMIN_PATH = "/admin/"
DOCS_PATH = "/api/docs"

ADMIN_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
                "frame-ancestors 'none'")
DOCS_POLICY = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
               "form-action 'self'; frame-ancestors 'none'")


def is_json(response):
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


def carries_credentials(request, response):
    """A session cookie or an API key came with the request, or the response starts a session (login)."""
    return (settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_APIKEY" in request.META
            or settings.SESSION_COOKIE_NAME in response.cookies)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        docs = request.path == DOCS_PATH
        if docs:
            request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        if docs:
            response.setdefault("Content-Security-Policy", DOCS_POLICY.format(nonce=request.csp_nonce))
        elif request.path.startswith(ADMIN_PATH):
            response.setdefault("Content-Security-Policy", ADMIN_POLICY)
        if is_json(response) and carries_credentials(request, response):
            response["Cache-Control"] = "no-store"
        return response
