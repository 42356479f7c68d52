"""A participation's life cycle and its agreement: who may move it, which steps exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.programmes import services
from integra.programmes.models import Participation, Programme
from integra.programmes.tests.factories import qualified_participation, sign_agreement_of

pytestmark = pytest.mark.django_db
Status = Participation.Status


@pytest.fixture
def participation(small_tree):
    return qualified_participation(small_tree)


def test_the_regional_officer_signs_the_agreement_of_a_gmina(personas, participation):
    agreement = sign_agreement_of(personas.officer, participation)
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
        sign_agreement_of(getattr(personas, persona), participation)
    participation.refresh_from_db()
    assert participation.status == Status.QUALIFIED
    assert not participation.agreements.exists()


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"amount_eur": Decimal("0")}, {"amount_eur": ["the amount must be positive"]}),
        (
            {"valid_until": dt.date(2007, 1, 1)},
            {"valid_until": ["the agreement must end after it starts"]},
        ),
        (
            {"valid_until": dt.date(2012, 1, 1)},
            {"valid_until": ["the agreement's period must lie within the programme's"]},
        ),
        (
            {"number": " ", "signatories": ""},
            {"number": ["the number is required"], "signatories": ["the signatories are required"]},
        ),
    ],
)
def test_a_wrong_agreement_is_refused_with_every_reason_at_its_field(
    personas, participation, changes, problems
):
    with pytest.raises(services.AgreementInvalid) as refusal:
        sign_agreement_of(personas.admin, participation, **changes)
    assert refusal.value.by_field() == problems
    assert not participation.agreements.exists()


def test_the_life_cycle_goes_forward_only(personas, participation):
    move = services.change_participation_status
    with pytest.raises(services.AgreementInvalid):
        move(actor=personas.admin, participation=participation, to=Status.AGREEMENT_SIGNED)
    with pytest.raises(services.ParticipationTransitionRefused):
        move(actor=personas.admin, participation=participation, to=Status.ACTIVE)
    sign_agreement_of(personas.admin, participation)
    for step in (Status.ACTIVE, Status.CLOSING, Status.CLOSED):
        participation = move(actor=personas.admin, participation=participation, to=step)
    with pytest.raises(services.ParticipationTransitionRefused):
        move(actor=personas.admin, participation=participation, to=Status.WITHDRAWN, reason="x")
    assert Participation.objects.get(pk=participation.pk).status == Status.CLOSED


def test_a_withdrawal_needs_its_reason(personas, participation):
    move = services.change_participation_status
    with pytest.raises(services.ParticipationTransitionRefused, match="reason"):
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
