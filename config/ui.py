"""Mauro's web UI (mdm-ui), when `MDM_UI_DIR` points at a built copy: its files at `/`, and `index.html` for any
other path outside `/api`, `/admin` and `/static` (the UI's own routes), so the UI and the API share one origin
and the UI's session cookie reaches the API. Under the nginx front, nginx serves these files itself.

The product ships no copy of the UI; without `MDM_UI_DIR` none of this is routed.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

#: Paths that are never the UI's: the API, the operators' admin and the application's static files.
NOT_UI = r"^(?!api(?:/|$)|admin(?:/|$)|static/)(?P<path>.*)$"


def _file(path):
    content_type = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
    return FileResponse(path.open("rb"), content_type=content_type)


@require_safe
def serve_ui(request, path=""):
    """A file of the UI when `path` names one; else `index.html` (an unknown asset with an extension is a 404)."""
    root = Path(settings.MDM_UI_DIR)
    if path:
        try:
            candidate = Path(safe_join(root, path))
        except SuspiciousFileOperation:
            raise Http404("Not Found")
        if candidate.is_file():
            response = _file(candidate)
            response["X-Content-Type-Options"] = "nosniff"
            return response
        if "." in path.rsplit("/", 1)[-1]:
            raise Http404("Not Found")
    response = _file(root / "index.html")
    response["Cache-Control"] = "no-cache"  # a new build is picked up at once; its hashed assets may be cached
    return response
