"""Content negotiation that never answers 406: the API speaks JSON whatever the client asks for."""

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class JsonFirstContentNegotiation(DefaultContentNegotiation):
    """Honour `Accept` when a renderer matches it; otherwise answer in the view's first format (JSON)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            renderer = renderers[0]
            return renderer, renderer.media_type
