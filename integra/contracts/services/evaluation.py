"""The committee's result: every formally valid offer scored by every member, the weighted
score and the ranking per service, the best offer selected; then the results published."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.contracts import policies, rules
from integra.contracts.models import Offer, ProcurementRound, Score
from integra.contracts.services.shared import ROUND_WORKFLOW, locked_round, require_right
from integra.core.actors import Actor
from integra.core.errors import Problem, RulesBroken

Status = Offer.Status


def _evaluation_problems(round_: ProcurementRound, offers: list[Offer]) -> list[Problem]:
    problems = []
    members = list(round_.committee.all())
    if not members:
        problems.append(Problem(_("Name the evaluation committee."), field="committee"))
    undeclared = [m.name for m in members if not m.has_declared]
    if undeclared:
        problems.append(
            Problem(
                _("Impartiality not declared by: %(names)s.") % {"names": ", ".join(undeclared)},
                field="committee",
            )
        )
    unchecked = [o for o in offers if o.formally_valid is None]
    if unchecked:
        problems.append(
            Problem(
                _("Check every offer formally first (%(count)s left).") % {"count": len(unchecked)},
                field="offers",
            )
        )
    expected = len(members) * round_.criteria.count()
    scored: dict[int, int] = defaultdict(int)
    for offer_id in Score.objects.filter(offer__in=offers).values_list("offer_id", flat=True):
        scored[offer_id] += 1
    missing = [o for o in offers if o.formally_valid and scored[o.pk] < expected]
    if missing and members:
        problems.append(
            Problem(
                _(
                    "Every member scores every criterion of every valid offer "
                    "(%(count)s offers not fully scored)."
                )
                % {"count": len(missing)},
                field="scores",
            )
        )
    return problems


def _score(offer: Offer, weights: dict[int, int]) -> Decimal:
    points: dict[int, list[int]] = defaultdict(list)
    for criterion_id, value in offer.scores.values_list("criterion_id", "points"):
        points[criterion_id].append(value)
    return rules.weighted_score(points, weights)


def _rank(offers: list[Offer], weights: dict[int, int]) -> None:
    """Score every valid offer; per service the best (then the cheaper, then the earlier) is
    selected, the others are not."""
    by_lot: dict[int, list[Offer]] = defaultdict(list)
    for offer in offers:
        if offer.formally_valid:
            offer.score = _score(offer, weights)
            by_lot[offer.lot_id].append(offer)
    for lot_offers in by_lot.values():
        lot_offers.sort(key=lambda o: (-(o.score or 0), o.total_pln, o.received_at, o.pk))
        for rank, offer in enumerate(lot_offers, start=1):
            offer.rank = rank
            offer.status = Status.SELECTED if rank == 1 else Status.NOT_SELECTED
    for offer in offers:
        offer.lock_version += 1
    Offer.objects.bulk_update(offers, ["score", "rank", "status", "lock_version"])


@transaction.atomic
def evaluate_round(
    *, actor: Actor, round_: ProcurementRound, context: RequestContext | None = None
) -> ProcurementRound:
    """Compute scores and ranking and select the best offer of each service. Raises
    PermissionDenied, RoundStateInvalid, RulesBroken (committee, checks or scores missing)."""
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    round_ = locked_round(round_)
    ROUND_WORKFLOW.require(round_, "evaluate")
    # Withdrawn and replaced offers take no part: not checked, scored or ranked.
    offers = list(round_.offers.current().select_for_update().order_by("pk"))
    problems = _evaluation_problems(round_, offers)
    if problems:
        raise RulesBroken(_("The round cannot be evaluated yet."), problems)
    weights = dict(round_.criteria.values_list("pk", "weight"))
    _rank(offers, weights)
    before, after = ROUND_WORKFLOW.move(round_, "evaluate")
    round_.evaluated_at = timezone.now()
    round_.lock_version += 1
    round_.save()
    record_event(
        actor=actor,
        action="contracts.procurement_round.evaluated",
        target=round_,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={
            "status": [before, after],
            "selected": [o.pk for o in offers if o.status == Status.SELECTED],
        },
    )
    return round_


@transaction.atomic
def publish_results(
    *, actor: Actor, round_: ProcurementRound, context: RequestContext | None = None
) -> ProcurementRound:
    """Publish the results on the round's public page. Raises PermissionDenied,
    RoundStateInvalid."""
    require_right(actor, lambda user: policies.can_run_round(user, round_), "run")
    round_ = locked_round(round_)
    before, after = ROUND_WORKFLOW.move(round_, "publish_results")
    round_.results_published_at = timezone.now()
    round_.lock_version += 1
    round_.save()
    record_event(
        actor=actor,
        action="contracts.procurement_round.results_published",
        target=round_,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={"status": [before, after]},
    )
    return round_


def failed_lots(round_: Any) -> list[Any]:
    """The services of a round left without a selected offer (a direct selection may follow)."""
    return [
        lot
        for lot in round_.services.all()
        if not lot.offers.filter(status=Status.SELECTED).exists()
    ]
