"""Production settings: config.settings with HTTPS-only cookies, HSTS and a required secret key.

Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
`manage.py check --deploy --fail-level WARNING` passes with these settings.
"""

import os

from config.settings import *  # noqa: F403

MIN_SECRET_KEY_LENGTH = 50

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH or len(set(SECRET_KEY)) < 5:
    raise RuntimeError(
        f"DJANGO_SECRET_KEY must be set to a random value of at least {MIN_SECRET_KEY_LENGTH} "
        "characters in production (python -c 'import secrets; print(secrets.token_urlsafe(64))')"
    )

# Providers' PESEL numbers are sealed with this key: a Fernet key of its own (never derived from
# SECRET_KEY, which may be rotated), kept as carefully as the database backups.
INTEGRA_PESEL_KEY = os.environ.get("INTEGRA_PESEL_KEY", "")
try:
    from cryptography.fernet import Fernet

    Fernet(INTEGRA_PESEL_KEY.encode("ascii"))
except (ValueError, UnicodeEncodeError) as error:
    raise RuntimeError(
        "INTEGRA_PESEL_KEY must be set to a Fernet key in production (python -c "
        "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
    ) from error

DEBUG = False

# PostgreSQL only: several app servers and workers write at once, and backups, the read replica
# and the concurrency guarantees (row locks) are PostgreSQL's.
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    raise RuntimeError(
        "Integra in production needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name "
        "(SQLite is the embedded mode of `make run` only)."
    )
# The cached data of pages (integra.core.cache) is dropped by the writes that change it: with
# several app server processes that takes one cache they all share. Without INTEGRA_CACHE_URL
# each process has only its own memory, where another process's write would leave it stale: off.
if not INTEGRA_CACHE_URL:  # noqa: F405
    INTEGRA_CACHE_PUBLIC_PAGES = False

# Connections kept open between requests, checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Static files collected at start (make serve) and served by whitenoise, compressed and under
# names that change with their content (cached for a year).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "integra.core.staticfiles.StaticFilesStorage"},
}

# JSON lines with the request id, and one line per request.
INTEGRA_LOG_REQUESTS = env_bool("INTEGRA_LOG_REQUESTS", True)  # noqa: F405
if os.environ.get("INTEGRA_LOG_FORMAT", "json") == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405

SECURE_SSL_REDIRECT = True
# The load balancer's probes talk plain HTTP to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Mail really leaves the server: SMTP unless another production backend is named.
MAILERS = {
    **MAILERS,  # noqa: F405
    "default": {
        **MAILERS["default"],  # noqa: F405
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
        ),
    },
}
