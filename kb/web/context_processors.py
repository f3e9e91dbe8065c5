from django.utils.functional import SimpleLazyObject

from kb.core.choices import SourceKind
from kb.core.models import Source
from kb.core.querysets import sees_drafts
from kb.releases import current_release


def site(request):
    """What every page's header and footer show: the review the data is curated from, and the current release; and
    whether the reader sees drafts (staff), so that pages show each record's curation status."""
    return {
        "kb_review": SimpleLazyObject(lambda: Source.objects.filter(kind=SourceKind.REVIEW).first()),
        "kb_release": SimpleLazyObject(current_release),  # read where a page shows it (not in the admin)
        "sees_drafts": sees_drafts(getattr(request, "user", None)),
    }
