"""WSGI entry point, for gunicorn: ``gunicorn kb.wsgi``. Waits on PostgreSQL are bounded here (kb.delivery.database)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
application = get_wsgi_application()

from kb.delivery.database import bound_waits  # noqa: E402 (needs the settings set up above)

bound_waits()
