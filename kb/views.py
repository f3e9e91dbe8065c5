from django.views.generic import TemplateView

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
