from kb.core.models import Source
from kb.core.querysets import sees_drafts
from kb.releases import current_release


def site(request):
    """What every page's header and footer show: the sources the data comes from, and the current release; and
    whether the reader sees drafts (staff), so that pages show each record's curation status."""
    return {
        "kb_sources": Source.objects.all(),
        "kb_release": current_release(),
        "sees_drafts": sees_drafts(getattr(request, "user", None)),
    }
