"""Pure rules of procurement, contracts and provider reports (no queries, no I/O): the limits of
every field (the models, the page forms and the API schemas read them), and the checks of an
invitation, an offer, a contract and a report — every problem at once, each at its field."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from integra.core import text
from integra.core.errors import Problem
from integra.core.periods import QUARTER, date_problem
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


def text_problems(
    where: str, value: str, limit: int, *, required: bool, line: bool
) -> list[Problem]:
    """A text: given when required, within its limit, without hidden characters."""
    if required and not value.strip():
        return [Problem(_("Fill in this field."), field=where)]
    if len(value) > limit:
        return [
            Problem(
                _("At most %(limit)s characters (now %(length)s).")
                % {"limit": limit, "length": len(value)},
                field=where,
            )
        ]
    clean = text.is_clean_line(value) if line else text.is_clean_text(value)
    return [] if clean else [Problem(str(text.MESSAGE), field=where)]


# A procurement round --------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: int
    description: str = ""


@dataclass(frozen=True)
class RoundInput:
    """An invitation as entered: the services (by planned-service key), dates and criteria."""

    title: str
    deadline_at: dt.datetime
    meeting_at: dt.datetime
    meeting_place: str
    service_keys: tuple[uuid.UUID, ...]
    criteria: tuple[CriterionInput, ...]
    invitation: str = ""


def round_problems(
    values: RoundInput, *, free: dict[uuid.UUID, Decimal], now: dt.datetime | None
) -> list[Problem]:
    """Every broken rule of an invitation. `free` is what each planned service of the approved
    version still has (planned cost less what is contracted); `now` is None for the system
    (historical data), else the deadline and the meeting must lie ahead."""
    problems = text_problems("title", values.title, TITLE_MAX, required=True, line=True)
    problems += text_problems(
        "meeting_place", values.meeting_place, PLACE_MAX, required=True, line=True
    )
    problems += text_problems("invitation", values.invitation, TEXT_MAX, required=False, line=False)
    problems += _round_date_problems(values, now)
    problems += _round_service_problems(values.service_keys, free)
    problems += weight_problems([c.weight for c in values.criteria])
    for index, criterion in enumerate(values.criteria):
        where = f"criteria.{index}"
        problems += text_problems(
            f"{where}.name", criterion.name, NAME_MAX, required=True, line=True
        )
        problems += text_problems(
            f"{where}.description",
            criterion.description,
            SHORT_TEXT_MAX,
            required=False,
            line=False,
        )
    return problems


def _round_date_problems(values: RoundInput, now: dt.datetime | None) -> list[Problem]:
    problems = []
    for where in ("deadline_at", "meeting_at"):
        wrong = date_problem(getattr(values, where).date())
        if wrong:
            problems.append(Problem(wrong, field=where))
    if problems:
        return problems
    if values.meeting_at >= values.deadline_at:
        problems.append(
            Problem(
                _("The information meeting must take place before the deadline for offers."),
                field="meeting_at",
            )
        )
    if now is not None and values.deadline_at <= now:
        problems.append(Problem(_("The deadline for offers must lie ahead."), field="deadline_at"))
    return problems


def _round_service_problems(
    keys: tuple[uuid.UUID, ...], free: dict[uuid.UUID, Decimal]
) -> list[Problem]:
    if not keys:
        return [Problem(_("Choose at least one planned service."), field="services")]
    if len(keys) > MAX_ROUND_SERVICES or len(set(keys)) != len(keys):
        return [Problem(_("Choose each service once."), field="services")]
    problems = []
    for index, key in enumerate(keys):
        if key not in free:
            problems.append(
                Problem(
                    _("This service is not in the plan's approved version."),
                    field=f"services.{index}",
                )
            )
        elif free[key] <= 0:
            problems.append(
                Problem(
                    _("Contracts already take this service's whole budget."),
                    field=f"services.{index}",
                )
            )
    return problems


# An offer -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupInput:
    group: Any  # catalog.TargetGroup
    people: int
    characteristics: str = ""


@dataclass(frozen=True)
class ActionInput:
    description: str
    quarters: tuple[str, ...]


@dataclass(frozen=True)
class CostLineInput:
    name: str
    amount_pln: Decimal


@dataclass(frozen=True)
class OfferInput:
    """The technical and financial parts of an offer as entered."""

    actions: str
    expected_results: str
    groups: tuple[GroupInput, ...]
    schedule: tuple[ActionInput, ...]
    cost_lines: tuple[CostLineInput, ...]
    non_duplication_declared: bool = False
    non_duplication_statement: str = ""
    has_partnership: bool = False

    @property
    def total_pln(self) -> Decimal:
        return sum((line.amount_pln for line in self.cost_lines), Decimal("0.00"))


def offer_problems(values: OfferInput, *, budget_pln: Decimal, served: set[str]) -> list[Problem]:
    """Every broken rule of an offer to a service with `budget_pln` serving the groups `served`
    (codes): technical part complete, cost lines within the budget, the statement made."""
    problems = text_problems("actions", values.actions, TEXT_MAX, required=True, line=False)
    problems += text_problems(
        "expected_results", values.expected_results, TEXT_MAX, required=True, line=False
    )
    problems += text_problems(
        "non_duplication_statement",
        values.non_duplication_statement,
        SHORT_TEXT_MAX,
        required=False,
        line=False,
    )
    if not values.non_duplication_declared:
        problems.append(
            Problem(
                _(
                    "Declare that the offer does not repeat what the provider already runs with "
                    "public money."
                ),
                field="non_duplication_declared",
            )
        )
    problems += _group_problems(values.groups, served)
    problems += _schedule_problems(values.schedule)
    problems += _cost_problems(values.cost_lines, budget_pln)
    return problems


def _group_problems(groups: tuple[GroupInput, ...], served: set[str]) -> list[Problem]:
    if not groups:
        return [Problem(_("Say how many people of which group the offer serves."), field="groups")]
    problems = []
    if len(groups) > MAX_OFFER_ROWS or len({g.group.pk for g in groups}) != len(groups):
        problems.append(Problem(_("Give each group once."), field="groups"))
    for index, row in enumerate(groups):
        where = f"groups.{index}"
        if row.group.code not in served:
            problems.append(
                Problem(_("The service is not meant for this group."), field=f"{where}.group")
            )
        if not 1 <= row.people <= MAX_PEOPLE:
            problems.append(
                Problem(
                    _("Give a number of people from 1 to %(max)s.") % {"max": number(MAX_PEOPLE)},
                    field=f"{where}.people",
                )
            )
        problems += text_problems(
            f"{where}.characteristics",
            row.characteristics,
            SHORT_TEXT_MAX,
            required=False,
            line=False,
        )
    return problems


def _schedule_problems(schedule: tuple[ActionInput, ...]) -> list[Problem]:
    if not schedule:
        return [Problem(_("Give the schedule of actions by quarter."), field="schedule")]
    problems = []
    if len(schedule) > MAX_OFFER_ROWS:
        problems.append(
            Problem(_("At most %(count)s rows.") % {"count": MAX_OFFER_ROWS}, field="schedule")
        )
    for index, action in enumerate(schedule):
        where = f"schedule.{index}"
        problems += text_problems(
            f"{where}.description", action.description, TITLE_MAX, required=True, line=True
        )
        if not action.quarters or any(not QUARTER.match(q) for q in action.quarters):
            problems.append(
                Problem(
                    _("Give the quarters written like 2008-Q1, separated by commas."),
                    field=f"{where}.quarters",
                )
            )
    return problems


def _cost_problems(lines: tuple[CostLineInput, ...], budget_pln: Decimal) -> list[Problem]:
    if not lines:
        return [Problem(_("Give at least one cost line."), field="cost_lines")]
    problems = []
    if len(lines) > MAX_OFFER_ROWS:
        problems.append(
            Problem(_("At most %(count)s rows.") % {"count": MAX_OFFER_ROWS}, field="cost_lines")
        )
    for index, line in enumerate(lines):
        where = f"cost_lines.{index}"
        problems += text_problems(f"{where}.name", line.name, NAME_MAX, required=True, line=True)
        if line.amount_pln <= 0 or line.amount_pln.as_tuple().exponent < -2:  # type: ignore[operator]
            problems.append(
                Problem(
                    _("Give an amount above 0 with at most 2 decimals."),
                    field=f"{where}.amount_pln",
                )
            )
    total = sum((line.amount_pln for line in lines), Decimal("0.00"))
    if total > budget_pln:
        problems.append(
            Problem(
                _("The offer's total %(total)s exceeds the service's budget %(budget)s.")
                % {"total": money(total, "PLN"), "budget": money(budget_pln, "PLN")},
                field="cost_lines",
            )
        )
    return problems


# A contract ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareInput:
    """The part of a contract's value charged to one planned service (by its key)."""

    service_key: uuid.UUID
    amount_pln: Decimal


@dataclass(frozen=True)
class BeneficiariesInput:
    group: Any  # catalog.TargetGroup
    people: int


@dataclass(frozen=True)
class ReportDueInput:
    kind: str  # partial / final
    due_on: dt.date


@dataclass(frozen=True)
class ContractTerms:
    """What a contract (or an annex, whole) says: its kind, number, parties, period, value and
    its split between planned services, payment schedule, beneficiaries and report dates."""

    kind: str
    number: str
    signed_on: dt.date
    gmina_representative: str
    provider_representative: str
    starts_on: dt.date
    ends_on: dt.date
    value_pln: Decimal
    shares: tuple[ShareInput, ...]
    instalments: tuple[InstalmentInput, ...]
    beneficiaries: tuple[BeneficiariesInput, ...]
    reports: tuple[ReportDueInput, ...]


# The fields an annex may change, in the order a diff shows them.
AMENDABLE = (
    "gmina_representative",
    "provider_representative",
    "starts_on",
    "ends_on",
    "value_pln",
    "shares",
    "instalments",
    "beneficiaries",
    "reports",
)


def contract_problems(
    terms: ContractTerms,
    *,
    provider_kind: str,
    advance_percent: Decimal,
    allowed_keys: set[uuid.UUID],
) -> list[Problem]:
    """Every broken rule of a contract's terms; `allowed_keys` are the planned services it may
    carry (those of the offer's service, or of the failed round's services)."""
    problems = text_problems("number", terms.number, NUMBER_MAX, required=True, line=True)
    for name in ("gmina_representative", "provider_representative"):
        problems += text_problems(name, getattr(terms, name), NAME_MAX, required=True, line=True)
    kind = contract_kind_problem(terms.kind, provider_kind)
    if kind:
        problems.append(kind)
    problems += _period_problems(terms)
    if terms.value_pln <= 0 or terms.value_pln.as_tuple().exponent < -2:  # type: ignore[operator]
        problems.append(
            Problem(_("Give a value above 0 with at most 2 decimals."), field="value_pln")
        )
    problems += _share_problems(terms, allowed_keys)
    problems += schedule_problems(terms.value_pln, terms.instalments, advance_percent)
    problems += _beneficiary_problems(terms.beneficiaries)
    problems += _report_problems(terms)
    return problems


def _period_problems(terms: ContractTerms | ComponentContractTerms) -> list[Problem]:
    problems = []
    for name in ("signed_on", "starts_on", "ends_on"):
        wrong = date_problem(getattr(terms, name))
        if wrong:
            problems.append(Problem(wrong, field=name))
    if not problems and terms.ends_on < terms.starts_on:
        problems.append(Problem(_("The contract ends before it starts."), field="ends_on"))
    return problems


@dataclass(frozen=True)
class ComponentContractTerms:
    """A component-level contract (no gmina: a consultant, the campaign agency): signed for the
    ministry, with its period, value and payment schedule — no planned services, beneficiaries
    or reports; what it carries out is said where it is linked (finance's procurement plan)."""

    number: str
    signed_on: dt.date
    ministry_representative: str
    provider_representative: str
    starts_on: dt.date
    ends_on: dt.date
    value_pln: Decimal
    instalments: tuple[InstalmentInput, ...]


# Within DecimalField(18, 2).
VALUE_MAX = Decimal("9999999999999999.99")


def component_contract_problems(
    terms: ComponentContractTerms, *, provider_kind: str, advance_percent: Decimal
) -> list[Problem]:
    """Every broken rule of a component-level contract's terms."""
    problems = text_problems("number", terms.number, NUMBER_MAX, required=True, line=True)
    for name in ("ministry_representative", "provider_representative"):
        problems += text_problems(name, getattr(terms, name), NAME_MAX, required=True, line=True)
    if provider_kind in GMINA_UNIT_KINDS:
        problems.append(
            Problem(
                _("A gmina's own unit takes no component-level contract; choose another provider."),
                field="provider",
            )
        )
    problems += _period_problems(terms)
    value = terms.value_pln
    if (
        not value.is_finite()
        or value <= 0
        or value > VALUE_MAX
        or value != value.quantize(Decimal("0.01"))
    ):
        problems.append(
            Problem(_("Give a value above 0 with at most 2 decimals."), field="value_pln")
        )
        return problems
    problems += schedule_problems(value, terms.instalments, advance_percent)
    return problems


def _share_problems(terms: ContractTerms, allowed: set[uuid.UUID]) -> list[Problem]:
    if not terms.shares:
        return [Problem(_("Say which planned service the contract carries."), field="shares")]
    problems = []
    if len({s.service_key for s in terms.shares}) != len(terms.shares):
        problems.append(Problem(_("Give each planned service once."), field="shares"))
    for index, share in enumerate(terms.shares):
        if share.service_key not in allowed:
            problems.append(
                Problem(
                    _("The contract may carry only the services of its offer or failed round."),
                    field=f"shares.{index}",
                )
            )
        if share.amount_pln <= 0:
            problems.append(
                Problem(_("A share is more than 0 PLN."), field=f"shares.{index}.amount_pln")
            )
    total = sum((s.amount_pln for s in terms.shares), Decimal("0"))
    if total != terms.value_pln:
        problems.append(
            Problem(
                _("The shares of the services add up to %(total)s, not the value %(value)s.")
                % {"total": money(total, "PLN"), "value": money(terms.value_pln, "PLN")},
                field="shares",
            )
        )
    return problems


def _beneficiary_problems(rows: tuple[BeneficiariesInput, ...]) -> list[Problem]:
    if not rows:
        return [Problem(_("Give the planned beneficiaries per group."), field="beneficiaries")]
    problems = []
    if len({r.group.pk for r in rows}) != len(rows):
        problems.append(Problem(_("Give each group once."), field="beneficiaries"))
    for index, row in enumerate(rows):
        if not 1 <= row.people <= MAX_PEOPLE:
            problems.append(
                Problem(
                    _("Give a number of people from 1 to %(max)s.") % {"max": number(MAX_PEOPLE)},
                    field=f"beneficiaries.{index}.people",
                )
            )
    return problems


def _report_problems(terms: ContractTerms) -> list[Problem]:
    finals = [r for r in terms.reports if r.kind == "final"]
    problems = []
    if len(finals) != 1:
        problems.append(Problem(_("Give exactly one final report date."), field="reports"))
    if any(r.kind not in ("partial", "final") for r in terms.reports):
        problems.append(Problem(_("A report is partial or final."), field="reports"))
    if len(terms.reports) > MAX_INSTALMENTS:
        problems.append(
            Problem(_("At most %(count)s reports.") % {"count": MAX_INSTALMENTS}, field="reports")
        )
    for index, report in enumerate(terms.reports):
        if report.due_on < terms.starts_on:
            problems.append(
                Problem(
                    _("A report falls due after the contract starts."),
                    field=f"reports.{index}.due_on",
                )
            )
    if finals and any(r.due_on > finals[0].due_on for r in terms.reports if r.kind == "partial"):
        problems.append(
            Problem(_("Partial reports fall due before the final one."), field="reports")
        )
    return problems


# A provider report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReachInput:
    """People reached in one group, sex and age band (a count, never a person)."""

    group: Any  # catalog.TargetGroup
    sex: str
    age_band: str
    people: int


@dataclass(frozen=True)
class DocumentInput:
    """A supporting document of the cost at `cost` (its index among the report's costs)."""

    cost: int
    number: str
    issued_on: dt.date
    issuer: str
    amount_pln: Decimal
    eligible_pln: Decimal


@dataclass(frozen=True)
class CostInput:
    name: str
    budget_pln: Decimal
    spent_pln: Decimal


@dataclass(frozen=True)
class ReportInput:
    """Part I (actions, results, people reached) and part II (costs and their documents)."""

    actions_done: str
    results: str
    reach: tuple[ReachInput, ...]
    costs: tuple[CostInput, ...]
    documents: tuple[DocumentInput, ...] = ()


def report_problems(values: ReportInput, *, contract_value: Decimal) -> list[Problem]:
    """Every broken rule of a report about to be submitted."""
    problems = text_problems(
        "actions_done", values.actions_done, TEXT_MAX, required=True, line=False
    )
    problems += text_problems("results", values.results, TEXT_MAX, required=True, line=False)
    problems += _reach_problems(values.reach)
    problems += _report_cost_problems(values, contract_value)
    return problems


def _reach_problems(rows: tuple[ReachInput, ...]) -> list[Problem]:
    problems = []
    if not any(r.people > 0 for r in rows):
        problems.append(Problem(_("Give the number of people reached."), field="reach"))
    seen = set()
    for index, row in enumerate(rows):
        where = f"reach.{index}"
        if row.sex not in SEXES:
            problems.append(Problem(_("Write K for women or M for men."), field=f"{where}.sex"))
        if row.age_band not in AGE_BANDS:
            problems.append(
                Problem(
                    _("Write the age band as 0-6, 7-17, 18-59/64 or 60/65+."),
                    field=f"{where}.age_band",
                )
            )
        if not 0 <= row.people <= MAX_PEOPLE:
            problems.append(
                Problem(
                    _("Give a number of people from 0 to %(max)s.") % {"max": number(MAX_PEOPLE)},
                    field=f"{where}.people",
                )
            )
        key = (row.group.pk, row.sex, row.age_band)
        if key in seen:
            problems.append(Problem(_("Give each group, sex and age band once."), field="reach"))
        seen.add(key)
    return problems


def _report_cost_problems(values: ReportInput, contract_value: Decimal) -> list[Problem]:
    problems = []
    if not values.costs:
        problems.append(Problem(_("Give the costs per cost line."), field="costs"))
    if len(values.costs) > MAX_OFFER_ROWS or len(values.documents) > MAX_DOCUMENTS:
        problems.append(Problem(_("Too many rows."), field="costs"))
    for index, cost in enumerate(values.costs):
        problems += text_problems(
            f"costs.{index}.name", cost.name, NAME_MAX, required=True, line=True
        )
        if cost.spent_pln < 0 or cost.budget_pln < 0:
            problems.append(Problem(_("An amount is not negative."), field=f"costs.{index}"))
        eligible = sum((d.eligible_pln for d in values.documents if d.cost == index), Decimal("0"))
        if eligible != cost.spent_pln:
            problems.append(
                Problem(
                    _("Documents of “%(cost)s”: %(eligible)s eligible, not %(spent)s spent.")
                    % {
                        "cost": cost.name,
                        "eligible": money(eligible, "PLN"),
                        "spent": money(cost.spent_pln, "PLN"),
                    },
                    field="documents",
                )
            )
    spent = sum((c.spent_pln for c in values.costs), Decimal("0"))
    if spent > contract_value:
        problems.append(
            Problem(
                _("The costs %(spent)s exceed the contract's value %(value)s.")
                % {"spent": money(spent, "PLN"), "value": money(contract_value, "PLN")},
                field="costs",
            )
        )
    for index, document in enumerate(values.documents):
        problems += _document_problems(index, document, len(values.costs))
    return problems


def _document_problems(index: int, document: DocumentInput, costs: int) -> list[Problem]:
    where = f"documents.{index}"
    problems = text_problems(
        f"{where}.number", document.number, NUMBER_MAX, required=True, line=True
    )
    problems += text_problems(
        f"{where}.issuer", document.issuer, NAME_MAX, required=True, line=True
    )
    if not 0 <= document.cost < costs:
        problems.append(Problem(_("No cost line has this number."), field=f"{where}.cost"))
    wrong = date_problem(document.issued_on)
    if wrong:
        problems.append(Problem(wrong, field=f"{where}.issued_on"))
    if not 0 <= document.eligible_pln <= document.amount_pln:
        problems.append(
            Problem(
                _("The eligible amount lies between 0 and the document's amount."),
                field=f"{where}.eligible_pln",
            )
        )
    return problems
