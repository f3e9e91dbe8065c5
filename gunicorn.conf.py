"""How gunicorn serves the knowledge base in production: ``.venv/bin/gunicorn`` from the project folder.

Three sync workers on two cores: while one waits on the database or the cache, another runs. Sync
workers take a new connection for every request, so every worker gets its share of the clients;
threaded workers keep connections open, and on the benchmark one of two workers sometimes took all
32 connections and left the other idle (half the throughput). ``WEB_CONCURRENCY`` sets the number
of workers, and ``GUNICORN_CMD_ARGS`` anything else (``--bind 0.0.0.0:8000``). Put a buffering proxy
(nginx) in front of it on the open internet, as for any sync worker.
"""

import os

wsgi_app = "kb.wsgi"
bind = "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
timeout = 30
