"""The permission-checked download of a scanned agreement."""

from __future__ import annotations

import pytest

from integra.programmes.tests.factories import qualified_participation, sign_agreement_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def participation(small_tree):
    return qualified_participation(small_tree)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("officer", 200),
        ("consultant", 200),
        ("coordinator", 200),
        ("neighbour", 404),
        ("officer_lublin", 404),
        ("provider", 404),
    ],
)
def test_the_scan_downloads_only_within_scope(personas, participation, signed_in, persona, status):
    agreement = sign_agreement_of(personas.admin, participation)
    response = signed_in(getattr(personas, persona)).get(
        f"/programy/porozumienia/{agreement.pk}/dokument/"
    )
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"
        assert "attachment" in response["Content-Disposition"]


def test_anonymous_visitors_are_sent_to_sign_in(client, personas, participation):
    agreement = sign_agreement_of(personas.admin, participation)
    response = client.get(f"/programy/porozumienia/{agreement.pk}/dokument/")
    assert response.status_code == 302 and "/konto/logowanie/" in response["Location"]
