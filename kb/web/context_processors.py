from kb.core.models import Source
from kb.releases import current_release


def site(request):
    """What every page's header and footer show: the sources the data comes from, and the current release."""
    return {"kb_sources": Source.objects.all(), "kb_release": current_release()}
