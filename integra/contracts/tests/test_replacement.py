"""Offer withdrawal and replacement through the services: until the deadline the provider's own
users take an offer back or send a new one in its place; the earlier offer is kept (withdrawn or
replaced), audited, and takes no part in the check, the scores or the ranking; the coordinator
registers a paper withdrawal or replacement received by the deadline; after it: refused, nothing
written; another provider's offer is not found."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils import timezone

from integra.audit.models import AuditEvent
from integra.contracts import selectors, services
from integra.contracts.models import Offer, OfferAttachment, ProcurementRound
from integra.contracts.services import MemberInput
from integra.contracts.tests.factories import offer_input, round_input
from integra.core.actors import SystemActor
from integra.core.errors import RulesBroken

pytestmark = pytest.mark.django_db


def published(world):
    round_ = services.build_round(
        actor=world.people.coordinator, plan=world.version.plan, values=round_input(world)
    )
    return services.publish_round(actor=world.people.coordinator, round_=round_)


def submitted(world, round_, total=Decimal("6000.00")):
    return services.submit_offer(
        actor=world.people.provider,
        round_=round_,
        lot=round_.services.first(),
        provider=world.own,
        values=offer_input(world, total=total),
    )


def past_deadline(round_):
    ProcurementRound.objects.filter(pk=round_.pk).update(
        deadline_at=timezone.now() - dt.timedelta(seconds=1),
        meeting_at=timezone.now() - dt.timedelta(days=1),
    )
    round_.refresh_from_db()
    return round_


def state():
    return list(Offer.objects.values()), AuditEvent.objects.count()


def test_the_provider_replaces_its_offer_and_the_earlier_one_is_kept(world):
    round_ = published(world)
    first = submitted(world, round_)
    new = services.replace_offer(
        actor=world.people.provider,
        offer=first,
        values=offer_input(world, total=Decimal("5500.00")),
        lock_version=first.lock_version,
    )
    first.refresh_from_db()
    assert (first.status, first.replaced_by, first.withdrawn_at is not None) == (
        "replaced",
        new,
        True,
    )
    assert (new.status, new.total_pln, new.lot, new.provider) == (
        "received",
        Decimal("5500.00"),
        first.lot,
        world.own,
    )
    assert list(first.cost_lines.values_list("amount_pln", flat=True)) == [Decimal("6000.00")]
    replaced = AuditEvent.objects.get(action="contracts.offer.replaced")
    assert (replaced.target_id, replaced.changes["replaced_by"]) == (str(first.pk), new.pk)
    received = AuditEvent.objects.filter(action="contracts.offer.received").last()
    assert received.changes["replaces"] == first.pk


def test_the_provider_withdraws_and_may_then_send_a_new_offer(world):
    round_ = published(world)
    first = submitted(world, round_)
    withdrawn = services.withdraw_offer(
        actor=world.people.provider, offer=first, lock_version=first.lock_version
    )
    assert (withdrawn.status, withdrawn.replaced_by) == ("withdrawn", None)
    event = AuditEvent.objects.get(action="contracts.offer.withdrawn")
    assert event.changes["channel"] == "online"
    with pytest.raises(services.OfferNotAllowed):
        services.withdraw_offer(
            actor=world.people.provider, offer=first, lock_version=withdrawn.lock_version
        )
    again = submitted(world, round_, total=Decimal("5000.00"))
    assert again.status == "received"
    assert set(Offer.objects.values_list("status", flat=True)) == {"withdrawn", "received"}


def test_a_stale_or_already_replaced_offer_is_refused(world):
    round_ = published(world)
    first = submitted(world, round_)
    with pytest.raises(services.EditConflict):
        services.withdraw_offer(actor=world.people.provider, offer=first, lock_version=0)
    new = services.replace_offer(
        actor=world.people.provider,
        offer=first,
        values=offer_input(world),
        lock_version=first.lock_version,
    )
    before = state()
    with pytest.raises(services.OfferNotAllowed):
        services.replace_offer(
            actor=world.people.provider, offer=first, values=offer_input(world), lock_version=2
        )
    assert state() == before
    assert Offer.objects.current().get() == new


def test_after_the_deadline_nothing_is_withdrawn_or_replaced(world):
    round_ = published(world)
    first = submitted(world, round_)
    past_deadline(round_)
    before = state()
    with pytest.raises(services.OfferAfterDeadline) as refused:
        services.withdraw_offer(
            actor=world.people.provider, offer=first, lock_version=first.lock_version
        )
    assert "deadline" in refused.value.message
    with pytest.raises(services.OfferAfterDeadline):
        services.replace_offer(
            actor=world.people.provider,
            offer=first,
            values=offer_input(world),
            lock_version=first.lock_version,
        )
    assert state() == before


def test_an_invalid_replacement_writes_nothing(world):
    round_ = published(world)
    first = submitted(world, round_)
    before = state()
    with pytest.raises(RulesBroken) as refused:
        services.replace_offer(
            actor=world.people.provider,
            offer=first,
            values=offer_input(world, total=Decimal("8000.01")),
            lock_version=first.lock_version,
        )
    assert "cost_lines" in refused.value.by_field()
    assert state() == before


def test_only_the_providers_own_users_or_the_coordinator_may(world):
    round_ = published(world)
    theirs = services.register_paper_offer(
        actor=world.people.coordinator,
        round_=round_,
        lot=round_.services.first(),
        provider=world.other,
        values=offer_input(world),
        received_at=timezone.now(),
    )
    before = state()
    # Another provider's user does not see the offer at all, even in the same round.
    with pytest.raises(ObjectDoesNotExist):
        services.withdraw_offer(actor=world.people.provider, offer=theirs, lock_version=1)
    with pytest.raises(ObjectDoesNotExist):
        services.replace_offer(
            actor=world.people.provider, offer=theirs, values=offer_input(world), lock_version=1
        )
    for name in ("viewer", "consultant", "admin"):
        with pytest.raises(PermissionDenied):
            services.withdraw_offer(actor=getattr(world.people, name), offer=theirs, lock_version=1)
    assert state() == before


def test_the_coordinator_registers_a_paper_replacement_and_withdrawal(world):
    round_ = published(world)
    first = submitted(world, round_)
    coordinator = world.people.coordinator
    with pytest.raises(RulesBroken) as refused:
        services.replace_offer(
            actor=coordinator, offer=first, values=offer_input(world), lock_version=1
        )
    assert list(refused.value.by_field()) == ["received_at"]
    new = services.replace_offer(
        actor=coordinator,
        offer=first,
        values=offer_input(world, total=Decimal("5900.00")),
        lock_version=1,
        received_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert (new.channel, new.registered_by, new.total_pln) == (
        "paper",
        coordinator,
        Decimal("5900.00"),
    )
    # A letter received by the deadline may be registered once offers are closed.
    past_deadline(round_)
    services.close_offers(actor=coordinator, round_=round_)
    with pytest.raises(services.OfferAfterDeadline):
        services.withdraw_offer(
            actor=coordinator,
            offer=new,
            lock_version=new.lock_version,
            received_at=timezone.now() + dt.timedelta(minutes=1),
        )
    gone = services.withdraw_offer(
        actor=coordinator,
        offer=new,
        lock_version=new.lock_version,
        received_at=round_.deadline_at - dt.timedelta(hours=2),
    )
    assert gone.status == "withdrawn"
    assert AuditEvent.objects.get(action="contracts.offer.withdrawn").changes["channel"] == "paper"


def test_withdrawn_and_replaced_offers_are_not_checked_scored_or_ranked(world):
    round_ = published(world)
    coordinator = world.people.coordinator
    first = submitted(world, round_)
    new = services.replace_offer(
        actor=world.people.provider,
        offer=first,
        values=offer_input(world, total=Decimal("5000.00")),
        lock_version=first.lock_version,
    )
    other = services.register_paper_offer(
        actor=coordinator,
        round_=round_,
        lot=round_.services.first(),
        provider=world.other,
        values=offer_input(world),
        received_at=timezone.now(),
    )
    gone = services.withdraw_offer(
        actor=coordinator,
        offer=other,
        lock_version=other.lock_version,
        received_at=timezone.now(),
    )
    past_deadline(round_)
    round_ = services.close_offers(actor=coordinator, round_=round_)
    with pytest.raises(services.OfferNotAllowed):
        services.check_offer(actor=coordinator, offer=first, valid=True)
    services.check_offer(actor=coordinator, offer=new, valid=True)
    services.set_committee(
        actor=coordinator, round_=round_, members=[MemberInput("Jan Przewodniczący", "chair")]
    )
    member = round_.committee.get()
    services.declare_impartiality(actor=coordinator, member=member, declared_on=dt.date.today())
    price, quality = round_.criteria.all()
    with pytest.raises(services.OfferNotAllowed):
        services.score_offer(
            actor=coordinator, offer=first, member=member, points={price.pk: 5, quality.pk: 5}
        )
    services.score_offer(
        actor=coordinator, offer=new, member=member, points={price.pk: 9, quality.pk: 9}
    )
    services.evaluate_round(actor=coordinator, round_=round_)
    for offer in (first, new, gone):
        offer.refresh_from_db()
    assert (new.status, new.rank) == ("selected", 1)
    assert (first.status, first.rank, first.score) == ("replaced", None, None)
    assert (gone.status, gone.rank) == ("withdrawn", None)
    (lot, _club) = selectors.results_of(round_)
    assert lot.offers == [new]


def test_no_attachment_is_added_to_a_withdrawn_offer(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    round_ = published(world)
    first = submitted(world, round_)
    services.withdraw_offer(actor=world.people.provider, offer=first, lock_version=1)
    first.refresh_from_db()
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", "application/pdf")
    with pytest.raises(services.OfferNotAllowed):
        services.add_attachment(actor=world.people.provider, offer=first, kind="other", upload=pdf)
    assert not OfferAttachment.objects.exists()


def test_the_system_may_record_a_historical_withdrawal(world):
    round_ = published(world)
    first = submitted(world, round_)
    gone = services.withdraw_offer(
        actor=SystemActor("test"),
        offer=first,
        lock_version=1,
        received_at=round_.deadline_at - dt.timedelta(days=1),
    )
    assert gone.withdrawn_at == round_.deadline_at - dt.timedelta(days=1)
