import io
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the knowledge base, loaded once by load_kb as `make run` loads it."""
    with django_db_blocker.unblock():
        call_command("load_kb", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _static_without_manifest(settings):
    """Tests render pages without running collectstatic first, and hash test passwords fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.KB_CACHE_SECONDS = 0  # tests change rows behind the services' back; the cache has tests of its own
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("editor-in-chief", "chief@example.org", "not-a-real-password-1")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate counts and cached responses do not leak from one test into the next."""
    from django.core.cache import caches

    caches["default"].clear()
    caches["local"].clear()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


def make_account(username: str, group: str | None = None, **extra):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "not-a-real-password-1", is_staff=group is not None, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def curator(db):
    """A member of the curators group: creates and edits records, sends them to review."""
    return make_account("curator", "curators")


@pytest.fixture
def editor(db):
    """A member of the editors group: also publishes, retires and deletes."""
    return make_account("editor", "editors")


@pytest.fixture
def other_editor(db):
    return make_account("other-editor", "editors")


@pytest.fixture
def reader(db):
    """A signed-in user without any permission."""
    return get_user_model().objects.create_user("reader", "reader@example.org", "not-a-real-password-1")


def pytest_terminal_summary(terminalreporter):
    """How much schema fuzzing ran (tests/security/test_fuzz.py)."""
    fuzz = sys.modules.get("tests.security.test_fuzz")
    if fuzz is not None and fuzz.RUN["cases"]:
        cases, operations = fuzz.RUN["cases"], len(fuzz.RUN["operations"])
        terminalreporter.write_line(f"schema fuzzing: {cases} cases run over {operations} operations x roles")
