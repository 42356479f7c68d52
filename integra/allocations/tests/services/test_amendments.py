"""Amending a published allocation: the amount, the amendment record, the audit event in the
gmina's history, the re-split of planned tranches, and every refusal with nothing changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from integra.allocations import services
from integra.allocations.models import AllocationAmendment, AllocationResult, Tranche
from integra.allocations.tests.factories import TRANSFER_ON, draft_run
from integra.audit.models import AuditEvent
from integra.audit.selectors import history_of

pytestmark = pytest.mark.django_db


def amend(personas, run, small_tree, amount, reason="Population corrected by GUS", **extra):
    gmina = small_tree[extra.pop("teryt", "1001022")]
    seen = AllocationResult.objects.filter(run=run, gmina=gmina).values_list(
        "lock_version", flat=True
    )
    return services.amend_allocation(
        actor=extra.pop("actor", personas.admin),
        run=run,
        gmina=gmina,
        amount_eur=Decimal(amount),
        reason=reason,
        lock_version=extra.pop("lock_version", seen.first() or 1),
    )


def amount_of(run, teryt="1001022") -> Decimal:
    return AllocationResult.objects.get(run=run, gmina__teryt=teryt).amount_eur


def tranche_amounts(run, teryt="1001022") -> list[Decimal]:
    return list(
        Tranche.objects.filter(result__run=run, gmina__teryt=teryt)
        .order_by("number")
        .values_list("amount_eur", flat=True)
    )


def assert_unchanged(run) -> None:
    assert amount_of(run) == Decimal("135200")
    assert tranche_amounts(run) == [Decimal("49573.33"), Decimal("49573.33"), Decimal("49573.34")]
    assert not AllocationAmendment.objects.exists()
    assert not AuditEvent.objects.filter(action="allocations.allocation.amended").exists()


def transfer_first(personas, run, nbp_rate) -> None:
    services.record_transfer(
        actor=personas.finance,
        tranche=Tranche.objects.get(result__run=run, gmina__teryt="1001022", number=1),
        amount_pln=Decimal("177978.17"),
        transferred_on=TRANSFER_ON,
    )


def test_an_admin_amends_an_amount_with_a_reason(personas, published, small_tree):
    amendment = amend(personas, published, small_tree, "140000")

    assert amount_of(published) == Decimal("140000")
    assert (amendment.amount_before_eur, amendment.amount_after_eur) == (135200, 140000)
    assert amendment.reason == "Population corrected by GUS"
    assert amendment.actor == personas.admin and amendment.actor_label == "admin"
    # 154,000 EUR with the training line, re-split evenly.
    assert tranche_amounts(published) == [
        Decimal("51333.33"),
        Decimal("51333.33"),
        Decimal("51333.34"),
    ]
    event = AuditEvent.objects.get(action="allocations.allocation.amended")
    assert event.territory_teryt == "1001022"
    assert event.changes["before"]["amount_eur"] == "135200.00"
    assert event.changes["after"]["amount_eur"] == "140000"
    assert event.changes["after"]["reason"] == "Population corrected by GUS"
    history = history_of(user=personas.officer, targets=[small_tree["1001022"]])
    assert list(history) == [event]


def test_an_amendment_re_splits_only_the_tranches_not_yet_transferred(
    personas, published, small_tree, nbp_rate
):
    transfer_first(personas, published, nbp_rate)

    amend(personas, published, small_tree, "130000")

    # 143,000 in all, 49,573.33 already transferred: 93,426.67 over the two planned tranches.
    assert tranche_amounts(published) == [
        Decimal("49573.33"),
        Decimal("46713.33"),
        Decimal("46713.34"),
    ]


def test_when_every_tranche_is_transferred_an_increase_gets_a_new_tranche(
    personas, published, small_tree
):
    Tranche.objects.filter(result__run=published).update(
        status="transferred",
        transferred_on=TRANSFER_ON,
        amount_pln=Decimal("1"),
        rate=Decimal("3.5902"),
        rate_table_on=TRANSFER_ON,
        eur_equivalent=Decimal("0.28"),
    )

    amend(personas, published, small_tree, "135300")

    assert tranche_amounts(published)[3:] == [Decimal("110.00")]
    assert sum(tranche_amounts(published)) == Decimal("148830.00")


@pytest.mark.parametrize(
    ("amount", "reason", "field", "message"),
    [
        ("140000", "  ", "reason", "reason"),
        ("140050", "x", "amount_eur", "multiple of 100.00 EUR"),
        ("-100", "x", "amount_eur", "non-negative"),
        ("135200", "x", "amount_eur", "already 135200"),
    ],
)
def test_refuses_an_amendment_that_does_not_fit_at_its_field(
    personas, published, small_tree, amount, reason, field, message
):
    with pytest.raises(services.AllocationAmendmentInvalid) as refusal:
        amend(personas, published, small_tree, amount, reason=reason)

    (problem,) = refusal.value.by_field()[field]
    assert message in problem
    assert_unchanged(published)


def test_an_amendment_reports_its_amount_and_its_reason_at_once(personas, published, small_tree):
    with pytest.raises(services.AllocationAmendmentInvalid) as refusal:
        amend(personas, published, small_tree, "140050", reason=" ")

    assert sorted(refusal.value.by_field()) == ["amount_eur", "reason"]
    assert_unchanged(published)


def test_refuses_an_amendment_over_the_budget(personas, published, small_tree):
    with pytest.raises(services.AllocationExceedsBudget, match=r"400100\.00 EUR, more than"):
        amend(personas, published, small_tree, "235300", reason="x")

    assert_unchanged(published)


def test_the_budget_may_be_used_up_exactly(personas, published, small_tree):
    amend(personas, published, small_tree, "235200")
    assert amount_of(published) == Decimal("235200")


def test_refuses_to_go_below_what_was_transferred(personas, published, small_tree, nbp_rate):
    transfer_first(personas, published, nbp_rate)

    with pytest.raises(services.AllocationBelowTransferred, match=r"49573\.33 EUR"):
        amend(personas, published, small_tree, "45000")

    assert amount_of(published) == Decimal("135200")


def test_only_the_published_run_is_amended(personas, pis, published, small_tree):
    draft = draft_run(pis)

    with pytest.raises(services.AllocationRunNotPublished):
        amend(personas, draft, small_tree, "140000")

    assert_unchanged(published)


def test_refuses_a_gmina_outside_the_run(personas, published, small_tree):
    with pytest.raises(services.AllocationResultMissing, match="0602022"):
        amend(personas, published, small_tree, "100", teryt="0602022")

    assert_unchanged(published)


@pytest.mark.parametrize("name", ["analyst", "officer", "finance", "coordinator"])
def test_only_a_ministry_admin_amends(personas, published, small_tree, name):
    with pytest.raises(PermissionDenied):
        amend(personas, published, small_tree, "140000", actor=getattr(personas, name))

    assert_unchanged(published)


def test_an_amendment_made_on_a_stale_view_is_refused(personas, published, small_tree):
    amend(personas, published, small_tree, "140000", lock_version=1)

    with pytest.raises(services.AllocationEditConflict, match="version 1, now 2"):
        amend(personas, published, small_tree, "150000", reason="other tab", lock_version=1)

    result = AllocationResult.objects.get(run=published, gmina__teryt="1001022")
    assert (result.amount_eur, result.lock_version) == (Decimal("140000"), 2)
    assert AllocationAmendment.objects.count() == 1


def test_six_amendments_from_the_same_view_land_once(personas, published, small_tree):
    outcomes = []
    for step in range(6):
        try:
            amend(personas, published, small_tree, str(136000 + 100 * step), lock_version=1)
        except services.AllocationEditConflict as refusal:
            outcomes.append(refusal)
        else:
            outcomes.append("landed")

    assert outcomes[0] == "landed"
    assert all(isinstance(o, services.AllocationEditConflict) for o in outcomes[1:])
    assert AllocationAmendment.objects.count() == 1
