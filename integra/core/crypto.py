"""Personal identifiers sealed at rest: Fernet (AES-128-CBC + HMAC-SHA256) with the key of
`INTEGRA_PESEL_KEY`, and a keyed digest (HMAC-SHA256) that finds equal values without decrypting.

`INTEGRA_PESEL_KEY` is a Fernet key (`Fernet.generate_key()`); production must set it (losing it
loses every sealed value; changing SECRET_KEY must not). Without it, development and tests derive
one from SECRET_KEY. The digest key is derived from the same key, so one secret is kept.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SealBroken(Exception):
    """A sealed value cannot be opened with the configured key (wrong key or edited text)."""


def _key() -> bytes:
    configured = getattr(settings, "INTEGRA_PESEL_KEY", "")
    if configured:
        return configured.encode("ascii")
    derived = hashlib.sha256(b"integra-pesel-key:" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(derived)


def seal(value: str) -> str:
    """The value encrypted (ASCII text, different at every call); "" stays ""."""
    if not value:
        return ""
    return Fernet(_key()).encrypt(value.encode()).decode("ascii")


def unseal(token: str) -> str:
    """The value of a sealed text; "" stays "". SealBroken when the key does not open it."""
    if not token:
        return ""
    try:
        return Fernet(_key()).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError) as error:
        raise SealBroken("the sealed value cannot be opened with the configured key") from error


def digest(value: str) -> str:
    """A keyed SHA-256 digest (64 hex characters): equal values give equal digests, and nobody
    without the key can test guesses against it; "" stays ""."""
    if not value:
        return ""
    key = hmac.new(_key(), b"integra-digest", hashlib.sha256).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
