"""Test overrides: fast hashing, in-memory mail, isolated media."""

import tempfile

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES["default"]["OPTIONS"]["location"] = tempfile.mkdtemp(prefix="integra-media-")  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# whitenoise expects the collected-static folder to exist; tests never collect into it.
STATIC_ROOT = tempfile.mkdtemp(prefix="integra-static-")
# Background jobs run at once, inside the test: start_job returns the finished job.
TASKS = {"default": TASK_BACKENDS["immediate"]}  # noqa: F405
# A second alias of the test database (a mirror, as Django's test runner makes it) so that the
# router tests can send reads to a "replica"; only they turn the routing on.
DATABASES["replica"] = {  # noqa: F405
    **DATABASES["default"],  # noqa: F405
    "TEST": {"MIRROR": "default"},
}
INTEGRA_READ_REPLICA = False
# Cached public data would outlive each test's rolled-back rows: off, except in its own tests.
INTEGRA_CACHE_PUBLIC_PAGES = False
