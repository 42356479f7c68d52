"""Cross-cutting security: CSRF, security headers, session lifetime, production settings."""

from __future__ import annotations

import importlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
PASSWORD = "a-long-unusual-passphrase-7"


@pytest.fixture
def strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


def directives(header: str) -> dict[str, list[str]]:
    parsed = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parsed}


# --- CSRF -------------------------------------------------------------------------------------


def test_the_login_form_refuses_a_post_without_a_csrf_token(strict_client, django_user_model):
    django_user_model.objects.create_user("ola", password=PASSWORD)

    response = strict_client.post(
        reverse("accounts:login"), {"username": "ola", "password": PASSWORD}
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session


def test_the_language_switch_refuses_a_post_without_a_csrf_token(strict_client):
    response = strict_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403


def test_the_login_form_accepts_a_post_with_its_csrf_token(strict_client, django_user_model):
    django_user_model.objects.create_user("ola", password=PASSWORD)
    page = strict_client.get(reverse("accounts:login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = strict_client.post(
        reverse("accounts:login"),
        {"username": "ola", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302


@pytest.mark.parametrize(
    "url_name",
    ["accounts:login", "accounts:password-reset", "accounts:password-change"],
)
def test_every_sign_in_form_carries_a_csrf_token(client, django_user_model, url_name):
    client.force_login(django_user_model.objects.create_user("ola", password=PASSWORD))
    if url_name == "accounts:login":
        client.logout()
    html = client.get(reverse(url_name)).content.decode()
    forms = re.findall(r'<form method="post".*?</form>', html, flags=re.S)
    assert forms
    assert all("csrfmiddlewaretoken" in form for form in forms)


# --- Headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/konto/logowanie/", "/terytorium/"])
def test_pages_carry_a_strict_content_security_policy(client, path):
    response = client.get(path)

    policy = directives(response["Content-Security-Policy"])
    script_src = policy["script-src"]
    assert "'self'" in script_src
    [nonce] = [v for v in script_src if v.startswith("'nonce-")]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Every script of the page carries the nonce of the header; none is inline.
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all(f'nonce="{nonce[7:-1]}"' in tag and "src=" in tag for tag in scripts)
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_pages_carry_the_other_security_headers(client):
    response = client.get("/konto/logowanie/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- Sessions ---------------------------------------------------------------------------------


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(client, django_user_model):
    django_user_model.objects.create_user("ola", password=PASSWORD)

    client.post(reverse("accounts:login"), {"username": "ola", "password": PASSWORD})

    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["expires"] and not cookie["max-age"]
    assert client.session.get_expiry_age() == 8 * 3600


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INTEGRA_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_session_lifetime_comes_from_the_environment():
    result = run_python(
        "import config.settings as s; print(s.SESSION_COOKIE_AGE)", INTEGRA_SESSION_SECONDS="600"
    )
    assert result.stdout.strip() == "600", result.stderr


# --- Production settings ----------------------------------------------------------------------


def production_env() -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings_production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "integra.example.gov.pl",
        "INTEGRA_PESEL_KEY": Fernet.generate_key().decode(),
        # Never connected to by these checks; production refuses SQLite.
        "DATABASE_URL": "postgres://integra@db.example.gov.pl:5432/integra",
    }


def test_the_production_settings_pass_the_deployment_checks():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INTEGRA_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={**clean, **production_env()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", [None, "", "short-key", "x" * 60])
def test_the_production_settings_refuse_a_missing_or_weak_secret_key(key):
    env = {k: v for k, v in production_env().items() if k != "DJANGO_SECRET_KEY"}
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key

    result = run_python("import config.settings_production", **env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_production_settings_harden_transport_and_hashing(monkeypatch):
    for name, value in production_env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delitem(sys.modules, "config.settings_production", raising=False)
    # Read afresh too: the databases come from the environment (production refuses SQLite).
    monkeypatch.delitem(sys.modules, "config.settings", raising=False)

    production = importlib.import_module("config.settings_production")

    assert production.DEBUG is False
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS == 365 * 24 * 3600
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS and production.SECURE_HSTS_PRELOAD
    assert production.MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend")


@pytest.mark.parametrize("key", [None, "", "not-a-fernet-key"])
def test_the_production_settings_refuse_a_missing_or_malformed_pesel_key(key):
    env = {k: v for k, v in production_env().items() if k != "INTEGRA_PESEL_KEY"}
    if key is not None:
        env["INTEGRA_PESEL_KEY"] = key

    result = run_python("import config.settings_production", **env)

    assert result.returncode != 0
    assert "INTEGRA_PESEL_KEY must be set" in result.stderr


def test_the_production_settings_refuse_sqlite():
    result = run_python(
        "import config.settings_production", **(production_env() | {"DATABASE_URL": "sqlite://"})
    )
    assert result.returncode != 0
    assert "Integra in production needs PostgreSQL" in result.stderr


@pytest.mark.parametrize(
    ("cache_url", "caches_data", "backend"),
    [
        ("", "False", "LocMemCache"),
        ("redis://127.0.0.1:6379/1", "True", "RedisCache"),
    ],
)
def test_production_caches_page_data_only_in_a_cache_every_process_shares(
    cache_url, caches_data, backend
):
    """A write drops cached figures in the cache it reaches: a worker's own memory would leave
    the other workers' copies stale, so without Redis production caches no page data."""
    env = production_env() | ({"INTEGRA_CACHE_URL": cache_url} if cache_url else {})
    result = run_python(
        "import config.settings_production as s; "
        "print(s.INTEGRA_CACHE_PUBLIC_PAGES, s.CACHES['default']['BACKEND'].rsplit('.', 1)[1])",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [caches_data, backend]
