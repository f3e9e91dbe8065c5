"""Sign-in is throttled, every form needs its CSRF token, cookies are secure behind TLS, the deploy check is clean."""

import os
import secrets
import subprocess
import sys

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from kb.core.querysets import PUBLIC
from kb.settings import BASE_DIR
from mechanisms.models import Mechanism
from tests.conftest import make_account

pytestmark = pytest.mark.django_db
PASSWORD = "not-a-real-password-1"


@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/"])
def test_sign_in_is_refused_after_five_failures_even_with_the_right_password(client, settings, login_url):
    make_account("target", "curators")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(login_url, {"username": "target", "password": "guess"}).status_code in (200, 400)
    response = client.post(login_url, {"username": "target", "password": "guess"})
    assert response.status_code == 429 and "Too many failed sign-ins" in response.content.decode()
    response = client.post(login_url, {"username": "target", "password": PASSWORD})
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # another user from the same address is not locked out by someone else's failures
    make_account("bystander", "curators")
    response = Client().post(login_url, {"username": "bystander", "password": PASSWORD})
    assert response.status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, settings):
    make_account("forgetful")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": "forgetful", "password": "guess"})
    assert client.post("/accounts/login/", {"username": "forgetful", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": "forgetful", "password": "guess"})
    assert client.post("/accounts/login/", {"username": "forgetful", "password": PASSWORD}).status_code == 302


def forms(record) -> list[tuple[str, dict]]:
    """Every form a browser can send, with data that would otherwise be accepted."""
    base = f"/admin/mechanisms/mechanism/{record.pk}"
    return [
        ("/accounts/login/", {"username": "csrf-editor", "password": PASSWORD}),
        ("/accounts/logout/", {}),
        (f"/suggest/mechanisms/mechanism/{record.slug}/", {"field": "name", "proposed": "x", "reason": "y"}),
        ("/admin/mechanisms/mechanism/", {"action": "back_to_draft", "_selected_action": [record.pk]}),
        ("/admin/mechanisms/mechanism/add/", {"name": "x"}),
        (f"{base}/change/", {"name": "x"}),
        (f"{base}/delete/", {"post": "yes"}),
        (f"{base}/history/diff/", {"revert_to": "1", "expected_version": str(record.version)}),
        ("/admin/password_change/", {"old_password": PASSWORD, "new_password1": "a" * 20, "new_password2": "a" * 20}),
        ("/admin/logout/", {}),
    ]


def test_every_form_needs_its_csrf_token(settings):
    editor = make_account("csrf-editor", "editors")
    record = Mechanism.objects.visible_to(PUBLIC).order_by("pk").first()
    for url, data in forms(record):
        client = Client(enforce_csrf_checks=True)
        client.force_login(editor)
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "CSRF" in response.content.decode(), url
    after = Mechanism.objects.get(pk=record.pk)
    assert (after.status, after.version, after.name) == ("published", record.version, record.name)


def test_api_writes_with_a_session_need_the_csrf_token_and_with_a_token_do_not():
    editor = make_account("csrf-api-editor", "editors")
    record = Mechanism.objects.visible_to(PUBLIC).order_by("pk").first()
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(editor)
    response = session.post(f"/api/v1/mechanisms/{record.slug}/retire/")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    from rest_framework.authtoken.models import Token

    token = APIClient(enforce_csrf_checks=True)
    token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    assert token.post(f"/api/v1/mechanisms/{record.slug}/retire/").status_code == 200


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_cookies_are_secure_and_http_only_where_they_should_be():
    make_account("cookie-user")
    client = Client()
    response = client.get("/accounts/login/")
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post("/accounts/login/", {"username": "cookie-user", "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def production(**extra) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
    return {
        **clean,
        "DJANGO_SECURE": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "kb.example.org",
        **extra,
    }


def test_production_settings_make_every_cookie_secure():
    probe = (
        "import json, kb.settings as s; print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.DEBUG]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=production(), cwd=BASE_DIR, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[true, true, true, true, 31536000, false]"


def test_check_deploy_with_production_settings_reports_nothing():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        env=production(),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
