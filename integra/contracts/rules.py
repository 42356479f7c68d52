"""Pure rules of procurement, contracts and provider reports (no queries, no I/O): the limits of
every field (the models, the page forms and the API schemas read them), and the checks of an
invitation, an offer, a contract and a report — every problem at once, each at its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from integra.core.errors import Problem
from integra.core.templatetags.formats import money, number

# Lengths of texts.
TITLE_MAX = 300
PLACE_MAX = 300
TEXT_MAX = 10_000  # invitation text, actions, results, justification
SHORT_TEXT_MAX = 2000  # a criterion's description, characteristics, a reason, a comment
NAME_MAX = 200  # a person, a cost line, an issuer, a criterion
NUMBER_MAX = 64  # a contract's or a document's number
# How many rows a document may hold (bounds pages, PDFs and the API alike).
MAX_ROUND_SERVICES = 50
MAX_CRITERIA = 10
MAX_COMMITTEE = 15
MAX_OFFER_ROWS = 50  # groups, actions, cost lines
MAX_INSTALMENTS = 24
MAX_DOCUMENTS = 200
MAX_PEOPLE = 1_000_000
# Scores: each member gives a criterion 0..MAX_POINTS points; weights sum to WEIGHTS_TOTAL.
MAX_POINTS = 10
WEIGHTS_TOTAL = 100
# Uploads of an offer.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
UPLOAD_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# The advance a contract may pay at most, as a percentage of its value, unless the programme's
# contract settings say otherwise.
DEFAULT_ADVANCE_PERCENT = Decimal("30")

# The kinds of provider that are the gmina's own units (providers.rules.GMINA_UNITS): only with
# them a contract is an arrangement (porozumienie).
GMINA_UNIT_KINDS = frozenset({"school", "cultural_centre", "social_welfare_centre"})
AGREEMENT = "agreement"  # umowa
ARRANGEMENT = "arrangement"  # porozumienie

# Age bands of people reached (counts only): the working-age band ends at 59 for women, 64 for men.
AGE_BANDS = ("0_6", "7_17", "18_59_64", "60_65_plus")
SEXES = ("f", "m")


def weight_problems(weights: Sequence[int]) -> list[Problem]:
    """Criteria: at least one, at most MAX_CRITERIA, each weight 1..100, summing to 100."""
    problems = []
    if not weights:
        problems.append(Problem(_("Give at least one criterion."), field="criteria"))
    if len(weights) > MAX_CRITERIA:
        problems.append(
            Problem(_("At most %(count)s criteria.") % {"count": MAX_CRITERIA}, field="criteria")
        )
    for index, weight in enumerate(weights):
        if not 1 <= weight <= WEIGHTS_TOTAL:
            problems.append(
                Problem(_("A weight is from 1 to 100."), field=f"criteria.{index}.weight")
            )
    if weights and sum(weights) != WEIGHTS_TOTAL:
        problems.append(
            Problem(
                _("The weights add up to %(sum)s; they must add up to 100.")
                % {"sum": sum(weights)},
                field="criteria",
            )
        )
    return problems


def contract_kind_problem(kind: str, provider_kind: str) -> Problem | None:
    """An arrangement (porozumienie) only with the gmina's own unit; an agreement (umowa) with
    anyone else."""
    if kind == ARRANGEMENT and provider_kind not in GMINA_UNIT_KINDS:
        return Problem(
            _(
                "An arrangement (porozumienie) is made only with the gmina's own unit (a school, "
                "a cultural centre, the social welfare centre); choose an agreement (umowa)."
            ),
            field="kind",
        )
    if kind == AGREEMENT and provider_kind in GMINA_UNIT_KINDS:
        return Problem(
            _("With the gmina's own unit the contract is an arrangement (porozumienie)."),
            field="kind",
        )
    return None


@dataclass(frozen=True)
class InstalmentInput:
    due_on: dt.date
    amount_pln: Decimal
    is_advance: bool = False


def schedule_problems(
    value_pln: Decimal, instalments: Sequence[InstalmentInput], advance_percent: Decimal
) -> list[Problem]:
    """The payment schedule sums to the contract's value; advances stay within the percentage."""
    problems = []
    if not instalments:
        problems.append(Problem(_("Give the payment schedule."), field="instalments"))
    if len(instalments) > MAX_INSTALMENTS:
        problems.append(
            Problem(
                _("At most %(count)s instalments.") % {"count": MAX_INSTALMENTS},
                field="instalments",
            )
        )
    for index, instalment in enumerate(instalments):
        if instalment.amount_pln <= 0:
            problems.append(
                Problem(
                    _("An instalment is more than 0 PLN."),
                    field=f"instalments.{index}.amount_pln",
                )
            )
    total = sum((i.amount_pln for i in instalments), Decimal("0"))
    if instalments and total != value_pln:
        problems.append(
            Problem(
                _("The instalments add up to %(total)s, not the contract's value %(value)s.")
                % {"total": money(total, "PLN"), "value": money(value_pln, "PLN")},
                field="instalments",
            )
        )
    advance = sum((i.amount_pln for i in instalments if i.is_advance), Decimal("0"))
    if advance > value_pln * advance_percent / 100:
        problems.append(
            Problem(
                _("The advance may be at most %(percent)s%% of the value.")
                % {"percent": number(advance_percent.normalize())},
                field="instalments",
            )
        )
    return problems


def weighted_score(points_by_criterion: dict[int, list[int]], weights: dict[int, int]) -> Decimal:
    """The offer's score out of 100: per criterion the members' mean points over MAX_POINTS,
    times its weight; half-up to the hundredth."""
    total = Decimal("0")
    for criterion, weight in weights.items():
        points = points_by_criterion.get(criterion) or []
        if points:
            mean = Decimal(sum(points)) / len(points)
            total += mean / MAX_POINTS * weight
    return total.quantize(Decimal("0.01"))
