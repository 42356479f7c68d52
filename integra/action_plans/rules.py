"""Rules of an Action Plan: pure checks of a version's content against its programme, the
catalogue, the gmina's strategy and the allocation (no queries: the services gather the facts and
pass them in), and the states that allow an update. Every problem is named with its field."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from integra.catalog.models import ServiceType
from integra.core.errors import Problem
from integra.core.periods import quarter_overlaps
from integra.core.templatetags.formats import money

# A version in one of these states is open: being edited or in review.
OPEN_STATES = frozenset({"draft", "submitted", "returned"})

# The length of every text of a plan, declared once: the models, the page forms and the API
# schemas all take these, so a page and the API refuse the same text at its field. They also
# bound the plan's PDF: a version holds at most MAX_SERVICES rows.
ADDRESS_MAX = 2000
CONTACT_NAME_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 40
SECTION_MAX = 20_000  # diagnosis summary, continuity, consultation
SERVICE_TITLE_MAX = 300
DESCRIPTION_MAX = 5000
VILLAGES_MAX = 2000
JUSTIFICATION_MAX = 5000
LETTER_NUMBER_MAX = 64
COMMENT_MAX = 5000  # an opinion, a comment on return, a resident's comment
AUTHOR_NAME_MAX = 200
MAX_SERVICES = 200


@dataclass(frozen=True)
class ServiceInput:
    """One planned service as entered; `key` keeps its identity across versions (None: new)."""

    service_type: ServiceType
    groups: Sequence[Any]  # TargetGroup
    title: str
    planned_beneficiaries: int
    planned_cost_pln: Decimal
    provider_kind: str
    quarters: Sequence[str]
    goal: Any = None  # a strategies Goal
    for_disabled: bool = False
    description: str = ""
    villages: str = ""
    non_duplication_declared: bool = False
    non_duplication_justification: str = ""
    key: uuid.UUID | None = None


@dataclass(frozen=True)
class PlanContent:
    """The sections of a version as entered."""

    as_of: dt.date
    strategy: Any = None  # the gmina's Strategy
    gmina_address: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    diagnosis_summary: str = ""
    continuity: str = ""
    consultation: str = ""
    services: Sequence[ServiceInput] = field(default_factory=tuple)


@dataclass(frozen=True)
class Budget:
    """EUR per line: what the allocation allows, what this content costs at the version's rate,
    and what the gmina's other years' approved plans already take."""

    limits: dict[str, Decimal] | None  # None: no published allocation
    here: dict[str, Decimal]
    elsewhere: dict[str, Decimal]
    # Per line, the services of this content that make its total: (title, EUR).
    services: dict[str, list[tuple[str, Decimal]]] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanFacts:
    """What the rules need to know beyond the content itself."""

    gmina_id: int
    starts_on: dt.date  # the programme's period
    ends_on: dt.date
    served: dict[int, set[str]]  # the group codes each service type serves
    budget: Budget | None = None  # None: the version has no rate yet, the budget is not checked
    year: int | None = None  # the plan's year: its services are scheduled within it
    # Whether the gmina has an adopted strategy: then the plan must be linked to one.
    has_adopted_strategy: bool = False


def quarters_of(year: int) -> list[str]:
    """The four quarters of a plan's year, like "2008-Q1"."""
    return [f"{year}-Q{number}" for number in range(1, 5)]


def groups_applied(service: ServiceInput, served: Sequence[Any]) -> ServiceInput:
    """The service with the group its type implies when none was chosen: a type that serves one
    group serves that group (a type of several leaves the choice to the gmina)."""
    if service.groups or len(served) != 1:
        return service
    return replace(service, groups=tuple(served))


def strategy_problems(strategy: Any, has_adopted_strategy: bool) -> list[Problem]:
    """A plan of a gmina with an adopted strategy is linked to a strategy (at that field)."""
    if strategy is None and has_adopted_strategy:
        return [
            Problem(
                _("Choose the gmina's strategy: the plan's services serve its goals."),
                field="strategy",
            )
        ]
    return []


def plan_problems(content: PlanContent, facts: PlanFacts, *, for_submission: bool) -> list[Problem]:
    """Every broken rule of the content; a submission also needs the plan complete."""
    problems: list[Problem] = []
    strategy = content.strategy
    if strategy is not None and strategy.gmina_id != facts.gmina_id:
        problems.append(Problem(_("The strategy is not this gmina's."), field="strategy"))
    problems += strategy_problems(strategy, facts.has_adopted_strategy)
    for index, service in enumerate(content.services):
        served = facts.served.get(service.service_type.pk, set())
        problems += _service_problems(f"services.{index}", service, strategy, served, facts)
    if for_submission:
        problems += [
            problem
            for problem in _completeness_problems(content)
            if problem.field != "strategy" or not facts.has_adopted_strategy
        ]
    if facts.budget is not None:
        problems += _budget_problems(facts.budget)
    return problems


def _completeness_problems(content: PlanContent) -> list[Problem]:
    problems = []
    if content.strategy is None:
        problems.append(Problem(_("Link the plan to the gmina's strategy."), field="strategy"))
    if not content.services:
        problems.append(Problem(_("Plan at least one service."), field="services"))
    if not content.contact_name:
        problems.append(Problem(_("Name the contact person for the region."), field="contact_name"))
    return problems


def _service_problems(
    where: str, service: ServiceInput, strategy: Any, served: set[str], facts: PlanFacts
) -> list[Problem]:
    problems = []
    if not service.title.strip():
        problems.append(Problem(_("Name the service."), field=f"{where}.title"))
    if service.planned_beneficiaries <= 0:
        problems.append(
            Problem(
                _("The planned beneficiaries must be more than 0."), field=f"{where}.beneficiaries"
            )
        )
    if service.planned_cost_pln < 0:
        problems.append(Problem(_("The cost cannot be negative."), field=f"{where}.cost"))
    if service.service_type.is_retired:
        problems.append(
            Problem(
                _("The service type %(code)s is retired.") % {"code": service.service_type.code},
                field=f"{where}.service_type",
            )
        )
    problems += _group_problems(where, service, served)
    problems += _quarter_problems(where, service, facts)
    # Without a strategy the problem is the strategy's (at its field), not every row's goal.
    if strategy is not None and (service.goal is None or service.goal.strategy_id != strategy.pk):
        problems.append(
            Problem(_("Tie the service to a goal of the gmina's strategy."), field=f"{where}.goal")
        )
    if not service.non_duplication_declared:
        problems.append(
            Problem(
                _("Declare that the service does not duplicate services paid from public funds."),
                field=f"{where}.non_duplication",
            )
        )
    return problems


def _group_problems(where: str, service: ServiceInput, served: set[str]) -> list[Problem]:
    # Training and expert support builds the gmina's capacity: it serves no target group.
    if service.service_type.line == ServiceType.Line.TRAINING:
        return []
    if not service.groups:
        return [Problem(_("Choose at least one target group."), field=f"{where}.groups")]
    foreign = sorted(group.code for group in service.groups if group.code not in served)
    if foreign:
        return [
            Problem(
                _("The type %(type)s does not serve the group(s) %(groups)s.")
                % {"type": service.service_type.code, "groups": ", ".join(foreign)},
                field=f"{where}.groups",
            )
        ]
    return []


def _quarter_problems(where: str, service: ServiceInput, facts: PlanFacts) -> list[Problem]:
    if not service.quarters:
        return [
            Problem(_("Schedule the service in at least one quarter."), field=f"{where}.quarters")
        ]
    outside = [
        q for q in service.quarters if not quarter_overlaps(q, facts.starts_on, facts.ends_on)
    ]
    if outside:
        return [
            Problem(
                _(
                    "Quarters outside the programme period (%(start)s – %(end)s) or not like "
                    "2007-Q1: %(quarters)s."
                )
                % {"start": facts.starts_on, "end": facts.ends_on, "quarters": ", ".join(outside)},
                field=f"{where}.quarters",
            )
        ]
    if facts.year is not None:
        other_years = [q for q in service.quarters if q not in quarters_of(facts.year)]
        if other_years:
            return [
                Problem(
                    _(
                        "A plan for %(year)s schedules its services in %(year)s only; remove "
                        "%(quarters)s."
                    )
                    % {"year": facts.year, "quarters": ", ".join(sorted(other_years))},
                    field=f"{where}.quarters",
                )
            ]
    return []


def _budget_problems(budget: Budget) -> list[Problem]:
    if budget.limits is None:
        return [
            Problem(_("The gmina has no published allocation in this programme."), field="budget")
        ]
    problems = []
    for line, limit in budget.limits.items():
        total = budget.here[line] + budget.elsewhere[line]
        if total > limit:
            problems.append(
                Problem(over_allocation(line, total, limit, budget), field=f"budget.{line}")
            )
    return problems


def over_allocation(line: str, total: Decimal, limit: Decimal, budget: Budget) -> str:
    """What the clerk reads when a line is over its allocation: the line, the amounts in the
    active language's format, how much too much, and the services to cut (dearest first)."""
    message = _(
        "%(line)s: %(total)s planned against an allocation of %(limit)s — %(over)s too much."
    ) % {
        "line": capfirst(str(ServiceType.Line(line).label)),
        "total": money(total, "EUR"),
        "limit": money(limit, "EUR"),
        "over": money(total - limit, "EUR"),
    }
    if budget.elsewhere.get(line):
        message += " " + _("The approved plans of the other years take %(amount)s of it.") % {
            "amount": money(budget.elsewhere[line], "EUR")
        }
    services = sorted(budget.services.get(line, []), key=lambda pair: -pair[1])
    if services:
        message += " " + _("Reduce the costs of the services: %(services)s.") % {
            "services": ", ".join(f"{title} ({money(eur, 'EUR')})" for title, eur in services)
        }
    return message


def update_refusal(statuses: Iterable[str]) -> str:
    """Why a plan whose versions are in these states cannot be updated now ("" when it can): an
    update starts from an approved version, and only when no version is open."""
    states = set(statuses)
    if "approved" not in states:
        return _("Only an approved plan can be updated; edit the open version.")
    if states & OPEN_STATES:
        return _("An update of this plan is already open.")
    return ""
