"""The programmes part of the demo: PIS 2006–2010 over its 13 voivodeships with 500 gminas
chosen by the documented stand-in rule (ADR 0004), or every eligible gmina of the synthetic
territory; the NBP rates the demo's plans need. Through the real services; idempotent."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from integra.core.actors import Actor
from integra.programmes.models import ExchangeRate, Programme
from integra.programmes.rules import (
    PIS_KNOWN_COUNTS,
    PIS_KNOWN_PARTICIPANTS,
    PIS_TOTAL,
    PIS_VOIVODESHIPS,
    Candidate,
    SelectionError,
    eligible_counts,
    programme_quotas,
    resolve_known,
    select_participants,
)
from integra.programmes.services import (
    ProgrammeSpec,
    create_programme,
    import_exchange_rates,
    qualify_gminas,
)
from integra.territories.models import PopulationRecord, Territory, voivodeship_teryt

# The need score uses the population at the end of the first year the BDL file covers.
NEED_YEAR = 2010
DEMO_REGION = "łódzkie"
DEMO_GMINA = "Masłowice"
PIS = ProgrammeSpec(
    code="PIS-2006",
    name="PIS 2006–2010",
    starts_on=dt.date(2006, 1, 1),
    ends_on=dt.date(2010, 12, 31),
    budget_eur=Decimal("40000000.00"),
)
RATE_YEARS = (2006, 2007, 2008)


def seed_programme(*, actor: Actor, synthetic: bool) -> tuple[Programme, bool]:
    """PIS with its qualified gminas, and whether it was made now (False: it was there).

    Raises SelectionError when the register does not allow the selection rule (ADR 0004)."""
    return _ensure_programme(actor, synthetic_mode=synthetic)


def seed_rates(*, actor: Actor, data_dir: Path) -> bool:
    """The NBP yearly archives of 2006–2008 from the data folder, when it has them; whether EUR
    rates of 2007 (which the demo's first Action Plan needs) are there afterwards."""
    folder = data_dir / "nbp" / "archive-xls"
    paths = [folder / f"archiwum_tab_a_{year}.xls" for year in RATE_YEARS]
    if all(path.exists() for path in paths):
        import_exchange_rates(actor=actor, paths=paths, currencies={"EUR"})
    return ExchangeRate.objects.filter(currency="EUR", effective_on__year=2007).exists()


def _ensure_programme(actor: Actor, *, synthetic_mode: bool) -> tuple[Programme, bool]:
    existing = Programme.objects.filter(code=PIS.code).first()
    if existing is not None:
        return existing, False
    voivodeships = _programme_voivodeships(strict=not synthetic_mode)
    codes = {name: unit.teryt for name, unit in voivodeships.items()}
    candidates = _candidates(codes.values())
    counts = eligible_counts(candidates, codes.values())
    if synthetic_mode:
        # The synthetic territory is tiny: every eligible gmina takes part.
        quotas, known = counts, set()
    else:
        fixed = {codes[name]: count for name, count in PIS_KNOWN_COUNTS.items()}
        quotas = programme_quotas(total=PIS_TOTAL, fixed=fixed, eligible_counts=counts)
        known = resolve_known(candidates, [(n, codes[v]) for n, v in PIS_KNOWN_PARTICIPANTS])
    selected = select_participants(candidates=candidates, quotas=quotas, known=known)
    programme = create_programme(actor=actor, spec=PIS, voivodeships=list(voivodeships.values()))
    units = Territory.objects.in_bulk([s.teryt for s in selected], field_name="teryt")
    qualify_gminas(
        actor=actor, programme=programme, gminas=[(units[s.teryt], s.rank) for s in selected]
    )
    return programme, True


def _programme_voivodeships(*, strict: bool) -> dict[str, Territory]:
    """The PIS voivodeships found in the register by name; all 13 are required unless synthetic."""
    found = {
        unit.name: unit
        for unit in Territory.objects.voivodeships().current().filter(name__in=PIS_VOIVODESHIPS)
    }
    missing = [name for name in PIS_VOIVODESHIPS if name not in found]
    if (strict and missing) or not found:
        raise SelectionError(
            _("Voivodeships missing from the register: %(names)s") % {"names": ", ".join(missing)}
        )
    return {name: found[name] for name in PIS_VOIVODESHIPS if name in found}


def _candidates(voivodeship_codes: Iterable[str]) -> list[Candidate]:
    prefixes = set(voivodeship_codes)
    gminas = [
        row
        for row in Territory.objects.gminas().current().values_list("teryt", "name", "gmina_type")
        if row[0][:2] in prefixes
    ]
    population = {
        teryt: (total, post)
        for teryt, total, post in PopulationRecord.objects.filter(year=NEED_YEAR).values_list(
            "territory__teryt", "total", "post_working_age"
        )
    }
    return [
        Candidate(
            teryt=teryt,
            name=name,
            voivodeship=voivodeship_teryt(teryt),
            gmina_type=gmina_type,
            population=population.get(teryt, (None, None))[0],
            post_working_age=population.get(teryt, (None, None))[1],
        )
        for teryt, name, gmina_type in gminas
    ]


def participants_by_voivodeship(programme: Programme) -> list[tuple[str, str, int]]:
    """(TERYT code, name, number of participating gminas) for each programme voivodeship."""
    counts = Counter(
        voivodeship_teryt(code)
        for code in programme.participations.values_list("gmina__teryt", flat=True)
    )
    return [
        (unit.teryt, unit.name, counts.get(unit.teryt, 0))
        for unit in programme.voivodeships.order_by("teryt")
    ]


def demo_region() -> Territory:
    """The voivodeship whose regional staff the demo signs in as."""
    return Territory.objects.voivodeships().current().get(name=DEMO_REGION)


def demo_gmina(programme: Programme) -> Territory:
    """The gmina whose coordinator the demo signs in as."""
    return _demo_gmina(programme, demo_region())


def _demo_gmina(programme: Programme, region: Territory) -> Territory:
    """Masłowice when it takes part, else the first-ranked participant of the demo region."""
    taking_part = list(
        programme.participations.filter(gmina__teryt__startswith=region.scope_prefix)
        .select_related("gmina")
        .order_by("selection_rank", "gmina__teryt")
    )
    if not taking_part:
        raise SelectionError(
            _("No gmina of %(region)s takes part in %(programme)s.")
            % {"region": region.name, "programme": programme.code}
        )
    preferred = [p.gmina for p in taking_part if p.gmina.name == DEMO_GMINA]
    return (preferred or [taking_part[0].gmina])[0]
