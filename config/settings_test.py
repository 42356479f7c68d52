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
