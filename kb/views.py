from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView

from .models import Source
from .selectors import record_counts


class HomeView(TemplateView):
    template_name = "kb/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            counts=record_counts(published_only=not self.request.user.is_staff),
            sources=Source.objects.all(),
            **kwargs,
        )


class RedocView(SpectacularRedocView):
    """ReDoc, with a policy that keeps the browser on this site: the bundle's badge would load a logo from a CDN."""

    policy = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; font-src 'self' data:; connect-src 'self'"
    )

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = self.policy
        return response
