"""A procurement round through the services: built from the approved plan with each service's
free budget, published, attended, offers online until the deadline or from paper, formal check,
committee, scores, ranking, results; cancel and repeat. Every refusal leaves nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from integra.audit.models import AuditEvent
from integra.contracts import services
from integra.contracts.models import Offer, ProcurementRound
from integra.contracts.services import CriterionInput, MemberInput
from integra.contracts.tests.factories import (
    at,
    make_contract,
    make_round,
    offer_input,
    round_input,
)
from integra.core.actors import SystemActor
from integra.core.errors import RulesBroken

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")


def built(world, **overrides):
    return services.build_round(
        actor=world.people.coordinator,
        plan=world.version.plan,
        values=round_input(world, **overrides),
    )


def published(world, **overrides):
    return services.publish_round(actor=world.people.coordinator, round_=built(world, **overrides))


def state():
    return (
        list(ProcurementRound.objects.values()),
        list(Offer.objects.values()),
        AuditEvent.objects.count(),
    )


def test_a_round_is_built_from_the_approved_plan_with_free_budgets(world):
    make_contract(world, value=Decimal("3000.00"))
    round_ = built(world)
    assert round_.status == "planned"
    assert round_.built_from == world.version
    assert [(s.title, s.budget_pln) for s in round_.services.all()] == [
        (world.care.title, Decimal("5000.00")),
        (world.club.title, Decimal("20000.00")),
    ]
    assert [(c.name, c.weight) for c in round_.criteria.all()] == [("Cena", 60), ("Jakość", 40)]
    assert AuditEvent.objects.filter(action="contracts.procurement_round.built").count() == 1


def test_a_service_fully_contracted_cannot_be_offered(world):
    make_contract(world, value=world.care.planned_cost_pln)
    with pytest.raises(RulesBroken) as refused:
        built(world)
    assert refused.value.by_field() == {
        "services.0": ["Contracts already take this service's whole budget."]
    }


def test_weights_must_sum_to_100_and_the_meeting_come_first(world):
    before = state()
    deadline = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(RulesBroken) as refused:
        built(
            world,
            criteria=(CriterionInput("Cena", 50),),
            meeting_at=deadline + dt.timedelta(hours=1),
            deadline_at=deadline,
        )
    assert set(refused.value.by_field()) == {"criteria", "meeting_at"}
    assert state() == before


def test_a_deadline_in_the_past_is_refused_to_a_user(world):
    with pytest.raises(RulesBroken) as refused:
        built(world, days=-1)
    assert "deadline_at" in refused.value.by_field()


def test_only_the_gminas_coordinator_builds_a_round(world):
    for person in (world.people.neighbour, world.people.officer, world.people.provider):
        with pytest.raises(PermissionDenied):
            services.build_round(actor=person, plan=world.version.plan, values=round_input(world))
    assert not ProcurementRound.objects.exists()


def test_publishing_a_planned_round_once(world):
    round_ = published(world)
    assert round_.status == "published" and round_.published_at
    with pytest.raises(services.RoundStateInvalid):
        services.publish_round(actor=world.people.coordinator, round_=round_)


def test_the_provider_submits_an_offer_flagged_absent_until_attendance(world):
    round_ = published(world)
    lot = round_.services.first()
    offer = services.submit_offer(
        actor=world.people.provider,
        round_=round_,
        lot=lot,
        provider=world.own,
        values=offer_input(world),
    )
    assert (offer.channel, offer.status, offer.total_pln) == (
        "online",
        "received",
        Decimal("6000.00"),
    )
    assert offer.absent_from_meeting
    services.record_attendance(actor=world.people.coordinator, round_=round_, provider=world.own)
    offer.refresh_from_db()
    assert not offer.absent_from_meeting


def test_an_offer_after_the_deadline_is_refused_and_nothing_written(world):
    round_ = make_round(
        world,
        status="published",
        deadline_at=timezone.now() - dt.timedelta(minutes=1),
        meeting_at=timezone.now() - dt.timedelta(days=3),
    )
    before = state()
    with pytest.raises(services.OfferAfterDeadline):
        services.submit_offer(
            actor=world.people.provider,
            round_=round_,
            lot=round_.services.first(),
            provider=world.own,
            values=offer_input(world),
        )
    assert state() == before


def test_a_provider_user_cannot_offer_for_another_provider(world):
    round_ = published(world)
    with pytest.raises(PermissionDenied):
        services.submit_offer(
            actor=world.people.provider,
            round_=round_,
            lot=round_.services.first(),
            provider=world.other,
            values=offer_input(world),
        )


def test_an_offer_over_the_budget_or_for_another_group_is_refused_at_its_field(world):
    round_ = published(world)
    with pytest.raises(RulesBroken) as refused:
        services.submit_offer(
            actor=world.people.provider,
            round_=round_,
            lot=round_.services.first(),
            provider=world.own,
            values=offer_input(world, total=Decimal("8000.01"), group=world.catalogue.DM),
        )
    assert set(refused.value.by_field()) == {"cost_lines", "groups.0.group"}
    assert not Offer.objects.exists()


def test_a_resubmission_needs_the_loaded_version(world):
    round_ = published(world)
    lot = round_.services.first()
    submit = lambda lock: services.submit_offer(  # noqa: E731
        actor=world.people.provider,
        round_=round_,
        lot=lot,
        provider=world.own,
        values=offer_input(world, total=Decimal("5000.00")),
        lock_version=lock,
    )
    offer = submit(None)
    with pytest.raises(services.EditConflict):
        submit(None)
    with pytest.raises(services.EditConflict):
        submit(offer.lock_version + 1)
    again = submit(offer.lock_version)
    offer.refresh_from_db()
    assert (offer.status, offer.replaced_by) == ("replaced", again)
    assert (again.status, again.lock_version) == ("received", 1)


def test_the_coordinator_registers_a_paper_offer_received_by_the_deadline(world):
    round_ = published(world)
    offer = services.register_paper_offer(
        actor=world.people.coordinator,
        round_=round_,
        lot=round_.services.first(),
        provider=world.other,
        values=offer_input(world),
        received_at=timezone.now(),
    )
    assert (offer.channel, offer.registered_by) == ("paper", world.people.coordinator)
    with pytest.raises(services.OfferAfterDeadline):
        services.register_paper_offer(
            actor=world.people.coordinator,
            round_=round_,
            lot=round_.services.last(),
            provider=world.far,
            values=offer_input(world, group=world.catalogue.DM),
            received_at=round_.deadline_at + dt.timedelta(seconds=1),
        )


def test_attachments_are_bounded_in_type_and_size(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    round_ = published(world)
    offer = services.submit_offer(
        actor=world.people.provider,
        round_=round_,
        lot=round_.services.first(),
        provider=world.own,
        values=offer_input(world),
    )
    pdf = SimpleUploadedFile("umowa partnerska.pdf", b"%PDF-1.4 test", "application/pdf")
    attachment = services.add_attachment(
        actor=world.people.provider, offer=offer, kind="partnership", upload=pdf
    )
    assert (attachment.name, attachment.content_type) == ("umowa partnerska.pdf", "application/pdf")
    exe = SimpleUploadedFile("wirus.exe", b"MZ", "application/octet-stream")
    with pytest.raises(RulesBroken) as refused:
        services.add_attachment(actor=world.people.provider, offer=offer, kind="other", upload=exe)
    assert list(refused.value.by_field()) == ["file"]
    assert offer.attachments.count() == 1


def evaluated_round(world):
    """Two offers for the care service (own, from online; other, from paper) and one rejected
    for the day-room; a committee of two that declared; scores that put `other` first."""
    round_ = published(world)
    care, club = round_.services.all()
    own = services.submit_offer(
        actor=world.people.provider,
        round_=round_,
        lot=care,
        provider=world.own,
        values=offer_input(world),
    )
    other = services.register_paper_offer(
        actor=world.people.coordinator,
        round_=round_,
        lot=care,
        provider=world.other,
        values=offer_input(world, total=Decimal("6199.20")),
        received_at=timezone.now(),
    )
    bad = services.register_paper_offer(
        actor=world.people.coordinator,
        round_=round_,
        lot=club,
        provider=world.far,
        values=offer_input(world, group=world.catalogue.DM),
        received_at=timezone.now(),
    )
    ProcurementRound.objects.filter(pk=round_.pk).update(
        deadline_at=timezone.now() - dt.timedelta(seconds=1),
        meeting_at=timezone.now() - dt.timedelta(days=1),
    )
    round_.refresh_from_db()
    coordinator = world.people.coordinator
    round_ = services.close_offers(actor=coordinator, round_=round_)
    services.set_committee(
        actor=coordinator,
        round_=round_,
        members=[MemberInput("Jan Przewodniczący", "chair"), MemberInput("Ewa Członek")],
    )
    for member in round_.committee.all():
        services.declare_impartiality(
            actor=coordinator, member=member, declared_on=dt.date(2007, 5, 16)
        )
    services.check_offer(actor=coordinator, offer=own, valid=True)
    services.check_offer(actor=coordinator, offer=other, valid=True)
    services.check_offer(actor=coordinator, offer=bad, valid=False, reasons="Brak podpisu.")
    price, quality = round_.criteria.all()
    for member in round_.committee.all():
        services.score_offer(
            actor=coordinator, offer=own, member=member, points={price.pk: 8, quality.pk: 5}
        )
        services.score_offer(
            actor=coordinator, offer=other, member=member, points={price.pk: 7, quality.pk: 10}
        )
    return round_, own, other, bad


def test_the_committee_ranks_and_selects_the_best_offer(world):
    round_, own, other, bad = evaluated_round(world)
    round_ = services.evaluate_round(actor=world.people.coordinator, round_=round_)
    own.refresh_from_db(), other.refresh_from_db(), bad.refresh_from_db()
    # own: 8/10*60 + 5/10*40 = 68; other: 7/10*60 + 10/10*40 = 82.
    assert (other.score, other.rank, other.status) == (Decimal("82.00"), 1, "selected")
    assert (own.score, own.rank, own.status) == (Decimal("68.00"), 2, "not_selected")
    assert (bad.status, bad.formal_reasons) == ("rejected", "Brak podpisu.")
    assert [lot.title for lot in services.evaluation.failed_lots(round_)] == [world.club.title]
    round_ = services.publish_results(actor=world.people.coordinator, round_=round_)
    assert round_.status == "results_published"


def test_evaluation_waits_for_every_score(world):
    round_, own, *_ = evaluated_round(world)
    own.scores.filter(member__role="member").delete()
    with pytest.raises(RulesBroken) as refused:
        services.evaluate_round(actor=world.people.coordinator, round_=round_)
    assert list(refused.value.by_field()) == ["scores"]


def test_a_member_without_a_declaration_may_not_score(world):
    round_, own, *_ = evaluated_round(world)
    member = round_.committee.first()
    member.impartiality_declared_on = None
    member.save()
    with pytest.raises(services.OfferNotAllowed):
        services.score_offer(
            actor=world.people.coordinator,
            offer=own,
            member=member,
            points={c.pk: 1 for c in round_.criteria.all()},
        )


def test_a_rejection_needs_reasons(world):
    _round, own, *_ = evaluated_round(world)
    with pytest.raises(RulesBroken):
        services.check_offer(actor=world.people.coordinator, offer=own, valid=False, reasons=" ")


def test_closing_before_the_deadline_is_refused(world):
    round_ = published(world)
    with pytest.raises(services.RoundNotAllowed):
        services.close_offers(actor=world.people.coordinator, round_=round_)


def test_a_cancelled_round_is_repeated_with_its_reason_kept(world):
    round_ = published(world)
    with pytest.raises(RulesBroken):
        services.cancel_round(actor=world.people.coordinator, round_=round_, reason="")
    round_ = services.cancel_round(
        actor=world.people.coordinator, round_=round_, reason="Brak ofert"
    )
    assert (round_.status, round_.cancel_reason) == ("cancelled", "Brak ofert")
    again = services.repeat_round(
        actor=world.people.coordinator, round_=round_, values=round_input(world)
    )
    assert (again.repeats, again.number, again.status) == (round_, round_.number + 1, "planned")


def test_an_edit_from_a_stale_copy_is_a_conflict(world):
    round_ = built(world)
    services.update_round(
        actor=world.people.coordinator,
        round_=round_,
        values=round_input(world, title="Nowy tytuł"),
        lock_version=1,
    )
    with pytest.raises(services.EditConflict):
        services.update_round(
            actor=world.people.coordinator,
            round_=round_,
            values=round_input(world, title="Inny tytuł"),
            lock_version=1,
        )
    assert ProcurementRound.objects.get().title == "Nowy tytuł"


def test_the_system_records_a_historical_round(world):
    round_ = services.build_round(
        actor=SYSTEM,
        plan=world.version.plan,
        values=round_input(
            world, deadline_at=at(dt.date(2007, 5, 15)), meeting_at=at(dt.date(2007, 5, 4))
        ),
    )
    assert services.publish_round(actor=SYSTEM, round_=round_).status == "published"
