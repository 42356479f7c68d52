"""Sealed values: the ciphertext holds no trace of the value, opens only with its key, and the
keyed digest matches equal values."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from integra.core import crypto


def test_a_sealed_value_opens_with_its_key_and_differs_each_time():
    first, second = crypto.seal("44051401359"), crypto.seal("44051401359")

    assert "44051401359" not in first and first != second
    assert crypto.unseal(first) == "44051401359"
    assert crypto.seal("") == "" and crypto.unseal("") == ""


def test_another_key_cannot_open_it_and_gives_another_digest(settings):
    sealed, digest = crypto.seal("44051401359"), crypto.digest("44051401359")
    settings.INTEGRA_PESEL_KEY = Fernet.generate_key().decode()

    with pytest.raises(crypto.SealBroken):
        crypto.unseal(sealed)
    assert crypto.digest("44051401359") != digest
    assert crypto.digest("44051401359") == crypto.digest("44051401359")
