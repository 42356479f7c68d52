"""The demo data behind `manage.py seed_demo`: a territory, the PIS programme, its gminas, users.

Everything is written through the services of each app, in one transaction, and a second run
finds everything in place and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from integra.accounts.models import Role, User
from integra.accounts.services import create_user
from integra.core.actors import SystemActor
from integra.programmes.models import Programme
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
from integra.programmes.services import ProgrammeSpec, create_programme, qualify_gminas
from integra.territories import demo as synthetic
from integra.territories import services as territory_services
from integra.territories.models import COUNTRY_CODE, PopulationRecord, Territory
from integra.territories.services import ImportSummary

ACTOR = SystemActor("seed_demo")
# Published on purpose (printed, documented): it only ever opens the demo accounts.
DEMO_PASSWORD = "demo-integra-2026"
TERC_FILE = "terc_2010-01-01.csv"
POPULATION_FILE = "population_gmina_economic_age_2010_2019.csv"
BOUNDARY_FILES = (
    ("voivodeships.geojson", Territory.Level.VOIVODESHIP),
    ("powiats.geojson", Territory.Level.POWIAT),
    ("gminas.geojson", Territory.Level.GMINA),
)
REAL_FILES = (TERC_FILE, POPULATION_FILE, *(name for name, _level in BOUNDARY_FILES))
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
# Django's slugify drops letters without an ASCII decomposition, such as "ł".
POLISH_TO_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    territory: str
    created: bool


@dataclass
class SeedReport:
    synthetic: bool
    missing_files: list[str]
    imports: list[tuple[str, ImportSummary]]
    programme_created: bool
    participants: list[tuple[str, str, int]] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)


def seed_demo(*, data_dir: Path) -> SeedReport:
    """Load the public files from `data_dir` (or a synthetic territory when any is missing),
    then the programme, its participants and one user per role. All or nothing.

    Raises ImportRefused for an invalid file and SelectionError when the register does not
    allow the selection rule (ADR 0004).
    """
    missing = [name for name in REAL_FILES if not (data_dir / name).is_file()]
    with transaction.atomic():
        imports = _import_synthetic() if missing else _import_real(data_dir)
        programme, created = _ensure_programme(synthetic_mode=bool(missing))
        logins = _ensure_users(programme)
    return SeedReport(
        synthetic=bool(missing),
        missing_files=missing,
        imports=imports,
        programme_created=created,
        participants=participants_by_voivodeship(programme),
        logins=logins,
    )


def _import_real(data_dir: Path) -> list[tuple[str, ImportSummary]]:
    done = [
        (TERC_FILE, territory_services.import_teryt(actor=ACTOR, path=data_dir / TERC_FILE)),
        (
            POPULATION_FILE,
            territory_services.import_population(actor=ACTOR, path=data_dir / POPULATION_FILE),
        ),
    ]
    for name, level in BOUNDARY_FILES:
        summary = territory_services.import_boundaries(
            actor=ACTOR, path=data_dir / name, level=level
        )
        done.append((name, summary))
    return done


def _import_synthetic() -> list[tuple[str, ImportSummary]]:
    """Write the synthetic files in the official layouts and import them like real ones."""
    codes = synthetic.gmina_codes()
    texts = {
        "terc.csv": "\n".join(synthetic.terc_lines()),
        "population.csv": "\n".join(synthetic.population_lines(codes)),
        "gminas.geojson": json.dumps(synthetic.square_boundaries(codes)),
    }
    with tempfile.TemporaryDirectory(prefix="integra-demo-") as folder:
        paths = {name: Path(folder) / name for name in texts}
        for name, text in texts.items():
            paths[name].write_text(text, encoding="utf-8")
        return [
            ("terc.csv", territory_services.import_teryt(actor=ACTOR, path=paths["terc.csv"])),
            (
                "population.csv",
                territory_services.import_population(actor=ACTOR, path=paths["population.csv"]),
            ),
            (
                "gminas.geojson",
                territory_services.import_boundaries(
                    actor=ACTOR, path=paths["gminas.geojson"], level=Territory.Level.GMINA
                ),
            ),
        ]


def _ensure_programme(*, synthetic_mode: bool) -> tuple[Programme, bool]:
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
    programme = create_programme(actor=ACTOR, spec=PIS, voivodeships=list(voivodeships.values()))
    units = Territory.objects.in_bulk([s.teryt for s in selected], field_name="teryt")
    qualify_gminas(
        actor=ACTOR, programme=programme, gminas=[(units[s.teryt], s.rank) for s in selected]
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
            voivodeship=teryt[:2],
            gmina_type=gmina_type,
            population=population.get(teryt, (None, None))[0],
            post_working_age=population.get(teryt, (None, None))[1],
        )
        for teryt, name, gmina_type in gminas
    ]


def participants_by_voivodeship(programme: Programme) -> list[tuple[str, str, int]]:
    """(TERYT code, name, number of participating gminas) for each programme voivodeship."""
    counts = Counter(
        code[:2] for code in programme.participations.values_list("gmina__teryt", flat=True)
    )
    return [
        (unit.teryt, unit.name, counts.get(unit.teryt, 0))
        for unit in programme.voivodeships.order_by("teryt")
    ]


def username_slug(name: str) -> str:
    return slugify(name.translate(POLISH_TO_ASCII))


def _ensure_users(programme: Programme) -> list[Login]:
    """One demo user per role; an existing username is left as it is."""
    country = Territory.objects.get(teryt=COUNTRY_CODE)
    region = Territory.objects.voivodeships().current().get(name=DEMO_REGION)
    gmina = _demo_gmina(programme, region)
    region_slug, gmina_slug = username_slug(region.name), username_slug(gmina.name)
    people = [
        ("admin", Role.MINISTRY_ADMIN, country),
        ("analityk", Role.MINISTRY_ANALYST, country),
        (f"rops.{region_slug}", Role.REGIONAL_OFFICER, region),
        (f"konsultant.{region_slug}", Role.REGIONAL_CONSULTANT, region),
        (f"finanse.{region_slug}", Role.REGIONAL_FINANCE, region),
        (f"koordynator.{gmina_slug}", Role.GMINA_COORDINATOR, gmina),
        (f"podglad.{gmina_slug}", Role.GMINA_VIEWER, gmina),
        # A provider needs no territory; the demo gives it the demo gmina for now.
        ("uslugodawca", Role.PROVIDER, gmina),
        ("ekspert", Role.EXPERT, region),
    ]
    logins = []
    for username, role, territory in people:
        created = not User.objects.filter(username=username).exists()
        if created:
            create_user(
                actor=ACTOR,
                username=username,
                email=f"{username}@example.org",
                password=DEMO_PASSWORD,
                assignments=[(role, territory)],
                is_superuser=role == Role.MINISTRY_ADMIN,
            )
        logins.append(Login(username, str(role.label), str(territory), created))
    return logins


def demo_gmina(programme: Programme) -> Territory:
    """The gmina whose coordinator the demo signs in as."""
    region = Territory.objects.voivodeships().current().get(name=DEMO_REGION)
    return _demo_gmina(programme, region)


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
