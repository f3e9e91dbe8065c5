"""Settings come from the environment: SQLite by default, PostgreSQL with DATABASE_URL, DEBUG off unless asked."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.core import checks

from kb.settings import BASE_DIR, DEV_SECRET_KEY

PROBE = (
    "import json, kb.settings as s; print(json.dumps([s.DATABASES['default']['ENGINE'], "
    "s.DATABASES['default'].get('NAME'), s.DEBUG, s.SECRET_KEY, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE]))"
)


def probe(**env) -> list:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env={**clean, **env}, cwd=BASE_DIR, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_defaults_are_sqlite_in_the_project_folder_and_debug_off():
    engine, name, debug, secret, hosts, secure = probe()
    assert engine == "django.db.backends.sqlite3" and name == str(BASE_DIR / "db.sqlite3")
    assert debug is False and secret == DEV_SECRET_KEY and hosts == ["localhost", "127.0.0.1"] and secure is False


def test_environment_overrides():
    engine, name, debug, secret, hosts, secure = probe(
        DATABASE_URL="postgres://kb@db.example.org:5432/kb_prod",
        DJANGO_DEBUG="1",
        DJANGO_SECRET_KEY="s3cret" * 8,
        DJANGO_ALLOWED_HOSTS="kb.example.org, www.kb.example.org",
        DJANGO_SECURE="1",
    )
    assert engine == "django.db.backends.postgresql" and name == "kb_prod"
    assert debug is True and secret == "s3cret" * 8 and hosts == ["kb.example.org", "www.kb.example.org"]
    assert secure is True


def test_check_deploy_flags_the_development_secret_key():
    assert settings.SECRET_KEY == DEV_SECRET_KEY
    ids = {message.id for message in checks.run_checks(include_deployment_checks=True)}
    assert "security.W009" in ids
