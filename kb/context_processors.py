from .models import Source


def site(request):
    """What every page's header and footer show: the sources the data comes from."""
    return {"kb_sources": Source.objects.all()}
