"""A participation's life cycle and its agreement: who may move it, which steps exist, and the
permission-checked download of the scanned agreement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.programmes import services
from integra.programmes.models import Participation, Programme

pytestmark = pytest.mark.django_db
Status = Participation.Status
SPEC = services.AgreementSpec(
    number="ROPS/PIS/1/2007",
    signed_on=dt.date(2007, 3, 1),
    signatories="Wójt gminy; Marszałek Województwa Łódzkiego",
    amount_eur=Decimal("58200.00"),
    valid_from=dt.date(2007, 3, 1),
    valid_until=dt.date(2010, 12, 31),
)


@pytest.fixture
def participation(small_tree):
    programme = services.create_programme(
        actor=SystemActor("test"),
        spec=services.ProgrammeSpec(
            "PIS-T", "PIS test", dt.date(2006, 1, 1), dt.date(2011, 1, 1), Decimal("1000000")
        ),
        voivodeships=[small_tree["10"], small_tree["06"]],
    )
    (created,) = services.qualify_gminas(
        actor=SystemActor("test"), programme=programme, gminas=[(small_tree["1001022"], 1)]
    )
    return created


def sign(actor, participation, **changes):
    spec = services.AgreementSpec(**{**SPEC.__dict__, **changes})
    return services.sign_agreement(
        actor=actor,
        participation=participation,
        spec=spec,
        document=ContentFile(b"%PDF-1.4 scan", name="porozumienie.pdf"),
    )


def test_the_regional_officer_signs_the_agreement_of_a_gmina(personas, participation):
    agreement = sign(personas.officer, participation)
    participation.refresh_from_db()
    assert participation.status == Status.AGREEMENT_SIGNED
    assert agreement.document.name.startswith("agreements/PIS-T/1001022/")
    actions = list(
        AuditEvent.objects.filter(territory_teryt="1001022").values_list("action", flat=True)
    )
    assert actions[-2:] == [
        "programmes.participation_agreement.signed",
        "programmes.participation.agreement_signed",
    ]


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("officer_lublin", Participation.DoesNotExist),
        ("coordinator_lublin", Participation.DoesNotExist),
        ("consultant", PermissionDenied),
        ("coordinator", PermissionDenied),
        ("analyst", PermissionDenied),
    ],
)
def test_others_may_not_sign(personas, participation, persona, error):
    with pytest.raises(error):
        sign(getattr(personas, persona), participation)
    participation.refresh_from_db()
    assert participation.status == Status.QUALIFIED
    assert not participation.agreements.exists()


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"amount_eur": Decimal("0")}, "positive"),
        ({"valid_until": dt.date(2007, 1, 1)}, "end after it starts"),
        ({"valid_until": dt.date(2012, 1, 1)}, "within the programme"),
        ({"number": " "}, "required"),
    ],
)
def test_a_wrong_agreement_is_refused_with_every_reason(personas, participation, changes, words):
    with pytest.raises(services.AgreementInvalid, match=words):
        sign(personas.admin, participation, **changes)
    assert not participation.agreements.exists()


def test_the_life_cycle_goes_forward_only(personas, participation):
    move = services.change_participation_status
    with pytest.raises(services.AgreementInvalid):
        move(actor=personas.admin, participation=participation, to=Status.AGREEMENT_SIGNED)
    with pytest.raises(services.TransitionRefused):
        move(actor=personas.admin, participation=participation, to=Status.ACTIVE)
    sign(personas.admin, participation)
    for step in (Status.ACTIVE, Status.CLOSING, Status.CLOSED):
        participation = move(actor=personas.admin, participation=participation, to=step)
    with pytest.raises(services.TransitionRefused):
        move(actor=personas.admin, participation=participation, to=Status.WITHDRAWN, reason="x")
    assert Participation.objects.get(pk=participation.pk).status == Status.CLOSED


def test_a_withdrawal_needs_its_reason(personas, participation):
    move = services.change_participation_status
    with pytest.raises(services.TransitionRefused, match="reason"):
        move(actor=personas.officer, participation=participation, to=Status.WITHDRAWN)
    move(
        actor=personas.officer,
        participation=participation,
        to=Status.WITHDRAWN,
        reason="Rada Gminy odrzuciła udział",
    )
    event = AuditEvent.objects.filter(action="programmes.participation.withdrawn").get()
    assert event.changes["reason"] == "Rada Gminy odrzuciła udział"


def test_an_urban_gmina_or_one_outside_the_voivodeships_is_refused(small_tree, participation):
    programme = Programme.objects.get(code="PIS-T")
    programme.voivodeships.set([small_tree["10"]])
    for code in ("1001011", "0601022"):  # urban; lubelskie is no longer in the programme
        with pytest.raises(services.GminaNotEligible, match=code):
            services.qualify_gminas(
                actor=SystemActor("test"), programme=programme, gminas=[(small_tree[code], None)]
            )


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
    agreement = sign(personas.admin, participation)
    response = signed_in(getattr(personas, persona)).get(
        f"/programy/porozumienia/{agreement.pk}/dokument/"
    )
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"
        assert "attachment" in response["Content-Disposition"]


def test_anonymous_visitors_are_sent_to_sign_in(client, personas, participation):
    agreement = sign(personas.admin, participation)
    response = client.get(f"/programy/porozumienia/{agreement.pk}/dokument/")
    assert response.status_code == 302 and "/konto/logowanie/" in response["Location"]
