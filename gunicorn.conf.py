"""How gunicorn serves the knowledge base in production: ``.venv/bin/gunicorn`` from the project folder.

Threaded workers keep a client's connection open between requests (a sync worker closes it after
each one), which lets the same two cores answer about a quarter more small requests than sync workers do;
the benchmark and the soak run with this file. ``WEB_CONCURRENCY`` sets the number of workers, and
``GUNICORN_CMD_ARGS`` anything else (``--bind 0.0.0.0:8000``).
"""

import os

wsgi_app = "kb.wsgi"
bind = "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = 2
keepalive = 5
