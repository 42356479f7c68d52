"""Integra settings: one module driven by environment variables, safe defaults for embedded use."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("INTEGRA_PRODUCTION", False):
        raise RuntimeError("DJANGO_SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-embedded-default-key-change-me-in-production-0123456789"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "integra.core",
    "integra.audit",
    "integra.territories",
    "integra.accounts",
    "integra.programmes",
    "integra.allocations",
    "integra.catalog",
    "integra.strategies",
    "integra.action_plans",
    "integra.providers",
    "integra.contracts",
    "integra.finance",
    "integra.monitoring",
    "integra.outreach",
    "integra.dashboards",
    "integra.api",
    "integra.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "integra.core.middleware.RequestIdMiddleware",
    "integra.core.middleware.ReplicaReadsMiddleware",
    "integra.accounts.middleware.SecondFactorMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "integra.core.context_processors.navigation",
            ],
        },
    }
]

# Django's renderer with its input, select and option widgets written in Python (the same bytes,
# a fraction of the time): integra/core/rendering.py.
FORM_RENDERER = "integra.core.rendering.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout let the web server and the task worker share the embedded file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
# A read replica (a streaming replica of the primary): dashboard, report and export reads go
# there (integra.core.routers); writes and everything inside a transaction stay on the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        test_options={"MIRROR": "default"},
    )
INTEGRA_READ_REPLICA = bool(DATABASE_REPLICA_URL)
DATABASE_ROUTERS = ["integra.core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses sign-in while an account or an address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "integra.accounts.backends.UsernameOrEmailBackend",
]
# Lockout after repeated failures, counted per account and, separately, per IP address.
AXES_FAILURE_LIMIT = int(os.environ.get("INTEGRA_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("INTEGRA_LOCKOUT_MINUTES", "60")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Off: axes would delete every failure of the address on any success, so that one's own account
# could wipe a victim's count (issue 10). A success forgets only its own account's failures
# (integra.accounts.services.signin.forget_failed_sign_ins, on user_logged_in).
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("INTEGRA_PROXY_COUNT", "0"))
# Adopt the X-Request-ID of a trusted reverse proxy; off, every request gets its own new id.
INTEGRA_TRUST_REQUEST_ID = os.environ.get("INTEGRA_TRUST_REQUEST_ID", "false").lower() == "true"
# One count per account whether its username or e-mail address was typed, in any case.
AXES_USERNAME_CALLABLE = "integra.accounts.backends.lockout_username"
# Renders AXES_LOCKOUT_TEMPLATE with the time to try again (JSON for API calls).
AXES_LOCKOUT_CALLABLE = "integra.accounts.views.signin.locked_out"
OTP_TOTP_ISSUER = "Integra"
# Days a personal API token lives when its issuer names no expiry day; at most 365 (issue 10).
INTEGRA_TOKEN_DAYS = min(365, max(1, int(os.environ.get("INTEGRA_TOKEN_DAYS", "90"))))
# The admin never shows a device's key nor its QR code (ADR 0009).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "dashboards:home"

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Short dates as Polish offices write them (31.12.2007); English keeps ISO dates.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "static_vendor"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("INTEGRA_MEDIA_ROOT", str(BASE_DIR / "media"))},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A conversion takes the NBP table of the last business day before the operation; a table older
# than this many days means rates are missing, and the conversion is refused.
INTEGRA_RATE_MAX_AGE_DAYS = int(os.environ.get("INTEGRA_RATE_MAX_AGE_DAYS", "7"))
# A submitted Action Plan waiting longer than this many days is overdue in the review queues.
INTEGRA_REVIEW_DAYS = int(os.environ.get("INTEGRA_REVIEW_DAYS", "14"))
# Reminders (outreach): days before a deadline to remind, days past it to escalate to the region's
# consultant, the day of the year a gmina's Action Plan for that year is due, and the address the
# e-mails link to.
INTEGRA_REMIND_DAYS_BEFORE = int(os.environ.get("INTEGRA_REMIND_DAYS_BEFORE", "7"))
INTEGRA_ESCALATE_DAYS = int(os.environ.get("INTEGRA_ESCALATE_DAYS", "14"))
INTEGRA_PLAN_DUE = os.environ.get("INTEGRA_PLAN_DUE", "03-31")
# A quarterly progress report is due this many days after its quarter; a year's settlement on
# this month-day of the next year (assumptions of the MIS: the sources give no dates).
INTEGRA_PROGRESS_REPORT_DAYS = int(os.environ.get("INTEGRA_PROGRESS_REPORT_DAYS", "30"))
INTEGRA_SETTLEMENT_DUE = os.environ.get("INTEGRA_SETTLEMENT_DUE", "03-31")
INTEGRA_SITE_URL = os.environ.get("INTEGRA_SITE_URL", "http://localhost:8000")
# Anonymous posts (a resident's comment on a plan in public consultation), per client address.
INTEGRA_PUBLIC_POSTS_PER_WINDOW = int(os.environ.get("INTEGRA_PUBLIC_POSTS_PER_WINDOW", "5"))
INTEGRA_PUBLIC_WINDOW_SECONDS = int(os.environ.get("INTEGRA_PUBLIC_WINDOW_SECONDS", "600"))
# The Fernet key that seals providers' PESEL numbers at rest (core/crypto.py); production must
# set it (config/settings_production.py), development derives one from SECRET_KEY.
INTEGRA_PESEL_KEY = os.environ.get("INTEGRA_PESEL_KEY", "")
INTEGRA_DATA_DIR = Path(os.environ.get("INTEGRA_DATA_DIR", BASE_DIR.parent / "shared" / "data"))
# Open data (docs/opendata.md): the IATI identifiers of the reporting ministry and of the funder,
# and how long shared caches may keep the public pages and feeds.
INTEGRA_IATI_ORG_REF = os.environ.get("INTEGRA_IATI_ORG_REF", "PL-MPIPS")
INTEGRA_IATI_ORG_NAME = os.environ.get(
    "INTEGRA_IATI_ORG_NAME", "Ministerstwo Pracy i Polityki Społecznej"
)
INTEGRA_IATI_ORG_NAME_EN = os.environ.get(
    "INTEGRA_IATI_ORG_NAME_EN", "Ministry of Labour and Social Policy, Poland"
)
INTEGRA_IATI_FUNDER_REF = os.environ.get("INTEGRA_IATI_FUNDER_REF", "XM-DAC-44001")
INTEGRA_IATI_FUNDER_NAME = os.environ.get(
    "INTEGRA_IATI_FUNDER_NAME",
    "International Bank for Reconstruction and Development (World Bank), loan 7358-POL",
)
INTEGRA_PUBLIC_MAX_AGE = int(os.environ.get("INTEGRA_PUBLIC_MAX_AGE", "300"))

# Security: strict script policy (no inline script, nonces only), safe cookies.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("INTEGRA_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": os.environ.get("DJANGO_EMAIL_HOST"),
                "port": int(os.environ["DJANGO_EMAIL_PORT"])
                if os.environ.get("DJANGO_EMAIL_PORT")
                else None,
                "username": os.environ.get("DJANGO_EMAIL_USER"),
                "password": os.environ.get("DJANGO_EMAIL_PASSWORD"),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False) or None,
            }.items()
            if value is not None
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "integra@localhost")

# Background jobs (integra/core/jobs.py) through the Django tasks API: the database queue by
# default (a worker: `manage.py jobs_worker`), RQ over Redis with INTEGRA_TASKS_BACKEND=rq, or
# "immediate" (run inside the request; the tests' choice). ADR 0016.
INTEGRA_TASKS_BACKEND = os.environ.get("INTEGRA_TASKS_BACKEND", "database").strip().lower()
INTEGRA_REDIS_URL = os.environ.get("INTEGRA_REDIS_URL", "redis://127.0.0.1:6379/0")
TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
if INTEGRA_TASKS_BACKEND not in TASK_BACKENDS:
    raise RuntimeError(
        f"INTEGRA_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, "
        f"not {INTEGRA_TASKS_BACKEND!r}"
    )
TASKS = {"default": TASK_BACKENDS[INTEGRA_TASKS_BACKEND]}
if INTEGRA_TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")  # its rqworker command
RQ_QUEUES = {"default": {"URL": INTEGRA_REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
# A running job whose heartbeat (its last progress report) is older than this is taken for
# abandoned by a dead worker: queued once more, then failed.
INTEGRA_JOB_STALE_MINUTES = int(os.environ.get("INTEGRA_JOB_STALE_MINUTES", "15"))
# A finished job's file (and its row) is deleted this many days after it finished, by the daily
# task `integra.core.tasks.clean_old_jobs` or `manage.py clean_old_jobs`.
INTEGRA_JOB_FILES_DAYS = max(1, int(os.environ.get("INTEGRA_JOB_FILES_DAYS", "30")))
# An Action Plan with at least this many planned services gets its PDF built in the background.
INTEGRA_PDF_BACKGROUND_SERVICES = int(os.environ.get("INTEGRA_PDF_BACKGROUND_SERVICES", "40"))

# Backups (integra/core/backups.py; docs/operations.md): where `make backup` writes, and the
# commands that check a restored database.
INTEGRA_BACKUP_DIR = Path(os.environ.get("INTEGRA_BACKUP_DIR", BASE_DIR / "backups"))
INTEGRA_RESTORE_CHECKS = ["verify_audit", "verify_ledger"]

NINJA_PAGINATION_PER_PAGE = 50
NINJA_MAX_PER_PAGE_SIZE = 500

# Logs: plain lines for a developer, one JSON object per line in production
# (INTEGRA_LOG_FORMAT=json), each with the id of its request; INTEGRA_LOG_REQUESTS adds a line
# per request (method, path, status, milliseconds, user id).
INTEGRA_LOG_FORMAT = os.environ.get("INTEGRA_LOG_FORMAT", "text")
INTEGRA_LOG_REQUESTS = env_bool("INTEGRA_LOG_REQUESTS", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "integra.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "integra.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if INTEGRA_LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("INTEGRA_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every page it lays out; only its warnings matter here.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}

# Cache: Redis (INTEGRA_CACHE_URL, shared by every app server and worker) in production; the
# process's own memory in the embedded mode. Sessions live in the database and, with Redis, are
# read through the cache. Expensive public pages are cached and dropped by the writes that change
# them (integra.core.cache).
INTEGRA_CACHE_URL = os.environ.get("INTEGRA_CACHE_URL", "")
if INTEGRA_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": INTEGRA_CACHE_URL,
            "KEY_PREFIX": os.environ.get("INTEGRA_CACHE_PREFIX", "integra"),
            "TIMEOUT": 300,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
INTEGRA_CACHE_PUBLIC_PAGES = env_bool("INTEGRA_CACHE_PUBLIC_PAGES", True)
# The release running (bin/serve sets the commit): cached values carry it in their keys, so a new
# release never reads what an older one pickled; the generations that drop them are shared.
INTEGRA_RELEASE = os.environ.get("INTEGRA_RELEASE", "")
