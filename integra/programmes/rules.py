"""Pure rules of programmes (no I/O): what makes a programme and an agreement valid, and the
demo selection of participating gminas over plain data (ADR 0004).

The Ministry's real list of 500 PIS gminas is not public. The demo stands in for it with a
documented, deterministic rule: fixed quotas where sources state them, the rest split by the
largest-remainder method, known participants first, then the gminas with the oldest population.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from integra.core.errors import DomainError, Problem
from integra.core.money import MAX_AMOUNT
from integra.core.periods import date_problem
from integra.territories.models import Territory

# Urban gminas (type 1) were never eligible (DOMAIN.md §1).
ELIGIBLE_GMINA_TYPES = frozenset({"2", "3"})

# One limit per field: the model, the rules (and any form or schema) read these.
CODE_LENGTH = 32
NAME_LENGTH = 200
AGREEMENT_NUMBER_LENGTH = 64
SIGNATORIES_LENGTH = 2000

PIS_TOTAL = 500
# The 13 PIS voivodeships, by their name in the TERYT register (lower case).
PIS_VOIVODESHIPS = (
    "dolnośląskie",
    "kujawsko-pomorskie",
    "lubelskie",
    "łódzkie",
    "małopolskie",
    "mazowieckie",
    "podkarpackie",
    "podlaskie",
    "pomorskie",
    "świętokrzyskie",
    "warmińsko-mazurskie",
    "wielkopolskie",
    "zachodniopomorskie",
)
# Counts stated by the sources (DOMAIN.md §1); the other voivodeships share the rest.
PIS_KNOWN_COUNTS = {"łódzkie": 37, "małopolskie": 24, "pomorskie": 7, "dolnośląskie": 5}
# Gminas that the sources name as participants (DOMAIN.md §3): (name, voivodeship).
PIS_KNOWN_PARTICIPANTS = (
    ("Hrubieszów", "lubelskie"),
    ("Konarzyny", "pomorskie"),
    ("Kępice", "pomorskie"),
    ("Czarna Dąbrówka", "pomorskie"),
    ("Sosnowica", "lubelskie"),
    ("Masłowice", "łódzkie"),
    ("Rząśnik", "mazowieckie"),
    ("Wierzbica", "mazowieckie"),
)


class SelectionError(DomainError):
    """The selection rule cannot be applied to the given register."""

    code = "selection_error"


@dataclass(frozen=True)
class Candidate:
    """A gmina of the register with what the rule needs; population is that of the need year."""

    teryt: str
    name: str
    voivodeship: str
    gmina_type: str
    population: int | None = None
    post_working_age: int | None = None

    @property
    def is_eligible(self) -> bool:
        return self.gmina_type in ELIGIBLE_GMINA_TYPES


@dataclass(frozen=True)
class Selected:
    teryt: str
    voivodeship: str
    rank: int
    is_known: bool


def largest_remainder(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split `total` in proportion to `weights` so that the parts sum to `total` exactly.

    Each key gets the integer part of its exact share; the units left go to the largest
    remainders, ties broken by key (a TERYT code), so the result never depends on input order.
    """
    weight_sum = sum(weights.values())
    if total < 0 or any(weight < 0 for weight in weights.values()):
        raise SelectionError(_("A split needs a non-negative total and weights."))
    if weight_sum == 0:
        if total:
            raise SelectionError(_("Cannot split %(total)s over zero weights.") % {"total": total})
        return dict.fromkeys(weights, 0)
    shares = {key: Fraction(total * weight, weight_sum) for key, weight in weights.items()}
    parts = {key: int(share) for key, share in shares.items()}
    left = total - sum(parts.values())
    by_remainder = sorted(weights, key=lambda key: (-(shares[key] - parts[key]), key))
    for key in by_remainder[:left]:
        parts[key] += 1
    return parts


def programme_quotas(
    *, total: int, fixed: Mapping[str, int], eligible_counts: Mapping[str, int]
) -> dict[str, int]:
    """Quota per voivodeship: the fixed ones as given, the rest in proportion to eligible gminas.

    Raises SelectionError when the fixed quotas exceed the total or a voivodeship has fewer
    eligible gminas than its quota.
    """
    unknown = sorted(set(fixed) - set(eligible_counts))
    if unknown:
        raise SelectionError(
            _("Fixed quotas for voivodeships outside the programme: %(codes)s")
            % {"codes": ", ".join(unknown)}
        )
    rest = total - sum(fixed.values())
    if rest < 0:
        raise SelectionError(
            _("The fixed quotas (%(fixed)s) exceed the total of %(total)s.")
            % {"fixed": sum(fixed.values()), "total": total}
        )
    others = {code: count for code, count in eligible_counts.items() if code not in fixed}
    quotas = {**largest_remainder(rest, others), **fixed}
    for code in sorted(quotas):
        if quotas[code] > eligible_counts[code]:
            raise SelectionError(
                _(
                    "Voivodeship %(code)s has %(count)s eligible gmina(s), fewer than its quota of "
                    "%(quota)s."
                )
                % {"code": code, "count": eligible_counts[code], "quota": quotas[code]}
            )
    return dict(sorted(quotas.items()))


def eligible_counts(candidates: Iterable[Candidate], voivodeships: Iterable[str]) -> dict[str, int]:
    """Number of eligible gminas per voivodeship (zero where there is none)."""
    counts = Counter(c.voivodeship for c in candidates if c.is_eligible)
    return {code: counts.get(code, 0) for code in sorted(voivodeships)}


def resolve_known(candidates: Iterable[Candidate], known: Iterable[tuple[str, str]]) -> set[str]:
    """TERYT codes of the named participants, each given as (name, voivodeship code).

    A name must match exactly one eligible gmina of its voivodeship (the rural gmina Hrubieszów,
    not the town); SelectionError names every one that is missing or ambiguous.
    """
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for candidate in candidates:
        if candidate.is_eligible:
            index[(candidate.name, candidate.voivodeship)].append(candidate.teryt)
    codes, problems = set(), []
    for name, voivodeship in known:
        found = index.get((name, voivodeship), [])
        if len(found) == 1:
            codes.add(found[0])
            continue
        problems.append(
            _("%(name)s (voivodeship %(code)s): %(count)s eligible gminas match (%(codes)s)")
            % {
                "name": name,
                "code": voivodeship,
                "count": len(found),
                "codes": ", ".join(sorted(found)) or "—",
            }
        )
    if problems:
        raise SelectionError(
            _("Known participants not resolved: %(list)s") % {"list": "; ".join(problems)}
        )
    return codes


def need_key(candidate: Candidate) -> tuple[bool, Fraction, int, str]:
    """Sort key, most in need first: larger share of post-working age, then smaller population.

    Gminas without population figures come last; the TERYT code makes the order total.
    """
    if not candidate.population:
        return (True, Fraction(0), 0, candidate.teryt)
    share = Fraction(candidate.post_working_age or 0, candidate.population)
    return (False, -share, candidate.population, candidate.teryt)


def select_participants(
    *, candidates: Sequence[Candidate], quotas: Mapping[str, int], known: Iterable[str] = ()
) -> list[Selected]:
    """Fill each voivodeship's quota: its known participants (`known`: TERYT codes) first, then
    the rest by `need_key`. The rank counts from 1 inside each voivodeship.

    Raises SelectionError when a voivodeship lacks eligible gminas or holds more known
    participants than its quota.
    """
    known = set(known)
    pools: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        if candidate.is_eligible and candidate.voivodeship in quotas:
            pools[candidate.voivodeship].append(candidate)
    chosen: list[Selected] = []
    for code, quota in sorted(quotas.items()):
        chosen += _fill_quota(code, quota, pools[code], known)
    return chosen


def _fill_quota(code: str, quota: int, pool: list[Candidate], known: set[str]) -> list[Selected]:
    first = sorted((c for c in pool if c.teryt in known), key=lambda c: c.teryt)
    rest = sorted((c for c in pool if c.teryt not in known), key=need_key)
    if len(first) > quota:
        raise SelectionError(
            _(
                "Voivodeship %(code)s has %(known)s known participants, more than its quota of "
                "%(quota)s."
            )
            % {"code": code, "known": len(first), "quota": quota}
        )
    if len(pool) < quota:
        raise SelectionError(
            _(
                "Voivodeship %(code)s has %(count)s eligible gmina(s), fewer than its quota of "
                "%(quota)s."
            )
            % {"code": code, "count": len(pool), "quota": quota}
        )
    ordered = (first + rest)[:quota]
    return [
        Selected(teryt=c.teryt, voivodeship=code, rank=rank, is_known=c.teryt in known)
        for rank, c in enumerate(ordered, start=1)
    ]


# Programmes and agreements -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeSpec:
    """What defines a programme (edition); `ends_on` is its last day."""

    code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    budget_eur: Decimal


def _length_problems(spec: object, limits: Mapping[str, int]) -> list[Problem]:
    """A problem at each text field longer than its limit."""
    return [
        Problem(
            _("At most %(limit)s characters (it has %(length)s).")
            % {"limit": limit, "length": len(getattr(spec, name))},
            field=name,
        )
        for name, limit in limits.items()
        if len(getattr(spec, name)) > limit
    ]


def _dates_problems(spec: object, fields: Sequence[str]) -> list[Problem]:
    """A problem at each date field outside core.periods' window."""
    found = ((name, date_problem(getattr(spec, name))) for name in fields)
    return [Problem(problem, field=name) for name, problem in found if problem is not None]


def programme_problems(spec: ProgrammeSpec, voivodeships: Sequence[Territory]) -> list[Problem]:
    """Every problem of a new programme, each at its field: an empty code or name, an empty or
    reversed period or a day outside core.periods' window, a budget negative or past
    MAX_AMOUNT, a unit that is not a voivodeship."""
    problems = []
    if not spec.code.strip():
        problems.append(Problem(_("A programme needs a code."), field="code"))
    if not spec.name.strip():
        problems.append(Problem(_("A programme needs a name."), field="name"))
    problems += _length_problems(spec, {"code": CODE_LENGTH, "name": NAME_LENGTH})
    if spec.ends_on <= spec.starts_on:
        problems.append(Problem(_("A programme must end after it starts."), field="ends_on"))
    problems += _dates_problems(spec, ("starts_on", "ends_on"))
    if spec.budget_eur < 0:
        problems.append(Problem(_("The budget may not be negative."), field="budget_eur"))
    if spec.budget_eur > MAX_AMOUNT:
        problems.append(Problem(_("The amount is too large."), field="budget_eur"))
    wrong = [v.teryt for v in voivodeships if v.level != Territory.Level.VOIVODESHIP]
    if wrong:
        problems.append(
            Problem(
                _("Not voivodeships: %(codes)s") % {"codes": ", ".join(wrong)},
                field="voivodeships",
            )
        )
    return problems


@dataclass(frozen=True)
class AgreementSpec:
    number: str
    signed_on: dt.date
    signatories: str
    amount_eur: Decimal
    valid_from: dt.date
    valid_until: dt.date


def agreement_problems(
    spec: AgreementSpec, *, programme_starts_on: dt.date, programme_ends_on: dt.date
) -> list[Problem]:
    """Every problem of an agreement, each at its field: a missing number or signatories, a
    non-positive amount or one past MAX_AMOUNT, a day outside core.periods' window, a reversed
    period or one outside the programme's."""
    problems = []
    if not spec.number.strip():
        problems.append(Problem(_("the number is required"), field="number"))
    if not spec.signatories.strip():
        problems.append(Problem(_("the signatories are required"), field="signatories"))
    limits = {"number": AGREEMENT_NUMBER_LENGTH, "signatories": SIGNATORIES_LENGTH}
    problems += _length_problems(spec, limits)
    problems += _dates_problems(spec, ("signed_on", "valid_from", "valid_until"))
    if spec.amount_eur <= 0:
        problems.append(Problem(_("the amount must be positive"), field="amount_eur"))
    if spec.amount_eur > MAX_AMOUNT:
        problems.append(Problem(_("The amount is too large."), field="amount_eur"))
    if spec.valid_until <= spec.valid_from:
        problems.append(Problem(_("the agreement must end after it starts"), field="valid_until"))
    outside = _("the agreement's period must lie within the programme's")
    if spec.valid_from < programme_starts_on:
        problems.append(Problem(outside, field="valid_from"))
    if spec.valid_until > programme_ends_on:
        problems.append(Problem(outside, field="valid_until"))
    return problems
