"""Reads of procurement rounds and their offers for pages, the API and the PDFs: every read
starts from `visible_to(user)` (or the public rounds, for anonymous visitors)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from integra.contracts.models import (
    CommitteeMember,
    MeetingAttendance,
    Offer,
    ProcurementRound,
    RoundService,
    Score,
)

_ROUND_JOINS = ("programme", "gmina__parent__parent", "plan", "repeats")


def list_rounds(
    *,
    user: Any,
    status: str | None = None,
    gmina: str | None = None,
    voivodeship: str | None = None,
) -> QuerySet[ProcurementRound]:
    """The rounds the user sees, newest first; by status, gmina (7 digits) or voivodeship (2)."""
    rounds = ProcurementRound.objects.visible_to(user).select_related(*_ROUND_JOINS)
    if status:
        rounds = rounds.filter(status=status)
    if gmina:
        rounds = rounds.filter(gmina__teryt=gmina)
    elif voivodeship:
        rounds = rounds.filter(gmina__teryt__startswith=voivodeship)
    return rounds.order_by("-deadline_at", "-pk")


def _with_parts(rounds: QuerySet[ProcurementRound]) -> QuerySet[ProcurementRound]:
    return rounds.select_related(*_ROUND_JOINS).prefetch_related(
        Prefetch("services", queryset=RoundService.objects.order_by("position", "pk")),
        "criteria",
        Prefetch("committee", queryset=CommitteeMember.objects.order_by("pk")),
        "attendance__provider",
    )


def get_round(*, user: Any, round_id: int) -> ProcurementRound:
    """One round with its services, criteria, committee and attendance;
    ProcurementRound.DoesNotExist when absent or outside the user's sight alike."""
    round_: ProcurementRound = _with_parts(ProcurementRound.objects.visible_to(user)).get(
        pk=round_id
    )
    return round_


def committee_of(round_: ProcurementRound) -> list[CommitteeMember]:
    """The round's committee with their declarations (the caller has read the round)."""
    return list(CommitteeMember.objects.filter(round=round_).order_by("pk"))


def attendance_of(round_: ProcurementRound) -> QuerySet[MeetingAttendance]:
    """The providers present at the round's information meeting (the caller has read the
    round), by name."""
    return (
        MeetingAttendance.objects.filter(round=round_)
        .select_related("provider")
        .order_by("provider__name", "pk")
    )


def list_public_rounds() -> QuerySet[ProcurementRound]:
    return (
        ProcurementRound.objects.public()
        .select_related(*_ROUND_JOINS)
        .order_by("-published_at", "-pk")
    )


def get_public_round(*, round_id: int) -> ProcurementRound:
    """A published round (or later) for anyone; DoesNotExist for a planned one."""
    round_: ProcurementRound = _with_parts(ProcurementRound.objects.public()).get(pk=round_id)
    return round_


def offers_of(*, user: Any, round_: ProcurementRound) -> QuerySet[Offer]:
    """The round's offers the user sees (a provider user: only their own), by service and rank."""
    return (
        Offer.objects.visible_to(user)
        .filter(round=round_)
        .select_related("provider", "lot")
        .order_by("lot__position", "rank", "received_at", "pk")
    )


def get_offer(*, user: Any, offer_id: int) -> Offer:
    """One offer with its parts; Offer.DoesNotExist when absent or not the user's to see."""
    offer: Offer = (
        Offer.objects.visible_to(user)
        .select_related(
            "provider", "lot__planned_service", "round__gmina", "round__programme", "registered_by"
        )
        .prefetch_related("groups__group", "schedule", "cost_lines", "attachments", "scores")
        .get(pk=offer_id)
    )
    return offer


@dataclass(frozen=True)
class LotResult:
    lot: RoundService
    offers: list[Offer]

    @property
    def selected(self) -> Offer | None:
        return next((o for o in self.offers if o.status == Offer.Status.SELECTED), None)


def results_of(round_: ProcurementRound) -> list[LotResult]:
    """Each service of the round with every offer still in it (ranked first, then rejected;
    withdrawn and replaced offers are not ranked) — for the protocol and the published results
    (no scope: the caller decides who reads them)."""
    offers = list(
        Offer.objects.current()
        .filter(round=round_)
        .select_related("provider", "lot")
        .order_by("lot__position", "rank", "received_at", "pk")
    )
    return [
        LotResult(lot, [o for o in offers if o.lot_id == lot.pk]) for lot in round_.services.all()
    ]


@dataclass(frozen=True)
class ScoreSheet:
    """Per offer, per member, per criterion: the points; for the protocol."""

    points: dict[tuple[int, int, int], int]

    def of(self, offer: Offer, member: CommitteeMember, criterion: Any) -> int | None:
        return self.points.get((offer.pk, member.pk, criterion.pk))


def score_sheet(round_: ProcurementRound) -> ScoreSheet:
    rows = Score.objects.filter(offer__round=round_).values_list(
        "offer_id", "member_id", "criterion_id", "points"
    )
    return ScoreSheet({(o, m, c): p for o, m, c, p in rows})


def total_offered(offers: list[Offer]) -> Decimal:
    return sum((o.total_pln for o in offers), Decimal("0.00"))
