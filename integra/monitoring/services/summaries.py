"""Keeping the indicator summary (`IndicatorSummary`, read by `selectors.summaries`).

- `build(programme)` writes a programme's rows whole, from the plain computation counted per
  TERYT key and day (one voivodeship at a time), sums them per quarter, then per voivodeship,
  and marks the programme built: from then on its figures read the summary.
- `refresh(programme, teryts)` rewrites the rows of those keys (gminas; an organiser's code) and
  the sums of their voivodeships' quarters that changed. The receivers (`connect`) call it inside
  the transaction of each write that changes them — a contract signed, annexed or terminated, a
  provider report accepted, a provider changed or merged — so the rows commit or roll back with
  the write. It holds the programme's `SummaryState` row locked: two writers of one programme
  take turns, and the second sums the first one's committed rows.
A programme never built (data loaded before the summary existed, or while a bulk load runs) is
left alone and read plain; `manage.py indicator_summaries` builds and checks them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from integra.catalog.models import TargetGroup
from integra.core.cache import invalidate
from integra.monitoring.models import IndicatorSummary, SummaryState
from integra.monitoring.selectors.indicators import (
    BY_GROUP,
    FIGURES,
    NEW_ORGANISATION_KINDS,
    SUMMED,
    Scope,
    _contracts,
    _people,
)
from integra.territories.models import Territory

# Every event counts: the rows hold all days, the reader picks the quarters it needs.
LAST_DAY = dt.date(9999, 12, 31)
BATCH = 2000
Key = tuple[str, dt.date, str, str, str, str]  # teryt, quarter, code, group, dimension, part
GMINA, VOIVODESHIP = IndicatorSummary.Level.GMINA, IndicatorSummary.Level.VOIVODESHIP


def quarter_of(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def gather(programme: Any, prefix: str, *, exact: bool) -> dict[Key, list[Any]]:
    """The rows of the area (or exactly of the unit `prefix`): per key, [amount, last day]."""
    found: dict[Key, list[Any]] = {}

    def put(key: str, code: str, group: str, dimension: str, part: str, amount: Decimal) -> None:
        teryt, day = key.split("@")
        on = dt.date.fromisoformat(day)
        row = found.setdefault((teryt, quarter_of(on), code, group, dimension, part), [0, on])
        row[0] += amount
        row[1] = max(row[1], on)

    variants: list[tuple[str, tuple[Any, ...]]] = [("", SUMMED)]
    variants += [(group, (_contracts, _people)) for group in _group_codes()]
    for group, sources in variants:
        scope = Scope(programme, LAST_DAY, prefix, group, exact=exact, by_day=True)
        for source in sources:
            for code, rows in source(scope).items():
                if group and code not in BY_GROUP:
                    continue
                for key, amount in rows.sums.items():
                    put(key, code, group, "", "", amount)
                for key, dimensions in rows.breakdown.items():
                    for dimension, parts in dimensions.items():
                        for part, amount in parts.items():
                            put(key, code, group, dimension, str(part), amount)
    return found


def _group_codes() -> list[str]:
    return list(TargetGroup.objects.order_by("code").values_list("code", flat=True))


def _rows(programme: Any, found: dict[Key, list[Any]]) -> Iterable[IndicatorSummary]:
    for (teryt, quarter, code, group, dimension, part), (amount, last_on) in found.items():
        yield IndicatorSummary(
            programme=programme,
            level=GMINA,
            teryt=teryt,
            voivodeship=teryt[:2],
            quarter=quarter,
            last_on=last_on,
            code=code,
            group=group,
            dimension=dimension,
            part=part,
            amount=amount,
        )


def _sum_voivodeships(programme: Any, quarters: dict[str, set[dt.date]] | None) -> None:
    """Rewrite the voivodeships' rows of those quarters (None: every row) from their gminas'."""
    voivodeship_rows = IndicatorSummary.objects.filter(programme=programme, level=VOIVODESHIP)
    gmina_rows = IndicatorSummary.objects.filter(programme=programme, level=GMINA)
    if quarters is None:
        voivodeship_rows.delete()
        parts = [(gmina_rows, None)]
    else:
        parts = []
        for voivodeship, within in quarters.items():
            voivodeship_rows.filter(voivodeship=voivodeship, quarter__in=within).delete()
            parts.append((gmina_rows.filter(voivodeship=voivodeship, quarter__in=within), None))
    for source, _unused in parts:
        sums = (
            source.values_list("voivodeship", "quarter", "code", "group", "dimension", "part")
            .annotate(Sum("amount"), Max("last_on"))
            .order_by()
        )
        IndicatorSummary.objects.bulk_create(
            (
                IndicatorSummary(
                    programme=programme,
                    level=VOIVODESHIP,
                    teryt=voivodeship,
                    voivodeship=voivodeship,
                    quarter=quarter,
                    last_on=last_on,
                    code=code,
                    group=group,
                    dimension=dimension,
                    part=part,
                    amount=amount,
                )
                for voivodeship, quarter, code, group, dimension, part, amount, last_on in sums
            ),
            batch_size=BATCH,
        )


@transaction.atomic
def build(programme: Any) -> int:
    """Write the programme's summary whole and mark it built; the number of gmina-level rows."""
    SummaryState.objects.get_or_create(programme=programme, defaults={"built_at": timezone.now()})
    state = SummaryState.objects.select_for_update().get(programme=programme)
    IndicatorSummary.objects.filter(programme=programme).delete()
    written = 0
    voivodeships = Territory.objects.filter(level=Territory.Level.VOIVODESHIP).values_list(
        "teryt", flat=True
    )
    for voivodeship in sorted(voivodeships):
        found = gather(programme, voivodeship, exact=False)
        IndicatorSummary.objects.bulk_create(_rows(programme, found), batch_size=BATCH)
        written += len(found)
    _sum_voivodeships(programme, None)
    state.built_at = timezone.now()
    state.save(update_fields=["built_at"])
    return written


@transaction.atomic
def refresh(programme: Any, teryts: Iterable[str]) -> None:
    """Rewrite the rows of the keys `teryts` and their voivodeships' changed quarters (nothing
    for a programme never built)."""
    invalidate(FIGURES)  # the dashboards read these rows, or before a build the data itself
    state = SummaryState.objects.select_for_update().filter(programme=programme).first()
    if state is None:
        return
    changed: dict[str, set[dt.date]] = defaultdict(set)
    for teryt in sorted(set(teryts)):
        found = gather(programme, teryt, exact=True)
        old_rows = IndicatorSummary.objects.filter(programme=programme, level=GMINA, teryt=teryt)
        old = {
            (teryt, quarter, code, group, dimension, part): [amount, last_on]
            for quarter, code, group, dimension, part, amount, last_on in old_rows.values_list(
                "quarter", "code", "group", "dimension", "part", "amount", "last_on"
            )
        }
        for key in set(old) | set(found):
            if old.get(key) != found.get(key):
                changed[teryt[:2]].add(key[1])
        if old != found:
            old_rows.delete()
            IndicatorSummary.objects.bulk_create(_rows(programme, found), batch_size=BATCH)
    if changed:
        _sum_voivodeships(programme, dict(changed))


# The writes that change the rows ---------------------------------------------------------------


def _organiser(provider: Any) -> list[str]:
    """The key a provider counts under as a new organisation (the unit that brought it)."""
    if provider.brought_by_id is None or provider.kind not in NEW_ORGANISATION_KINDS:
        return []
    return [provider.brought_by.teryt]


def contract_changed(*, contract: Any, **_kwargs: Any) -> None:
    keys = _organiser(contract.provider)
    if contract.gmina_id is not None:
        keys.append(contract.gmina.teryt)
    refresh(contract.programme, keys)


def report_accepted(*, report: Any, **_kwargs: Any) -> None:
    contract = report.contract
    if contract.gmina_id is not None:
        refresh(contract.programme, [contract.gmina.teryt])


def provider_saved(*, instance: Any, created: bool = False, raw: bool = False, **_kw: Any) -> None:
    """A provider's kind, origin or merge changes the providers and new organisations counted
    wherever it works (a new one has no contracts yet)."""
    if created or raw:
        return
    from integra.contracts.models import Contract

    for state in SummaryState.objects.select_related("programme"):
        gminas = Contract.objects.filter(
            programme=state.programme, provider=instance, gmina__isnull=False
        ).values_list("gmina__teryt", flat=True)
        keys = set(gminas) | set(_organiser(instance))
        if keys:
            refresh(state.programme, keys)


def connect() -> None:
    from django.db.models.signals import post_save

    from integra.contracts.services import signals
    from integra.providers.models import Provider

    for signal in (signals.contract_signed, signals.annex_signed, signals.contract_terminated):
        signal.connect(contract_changed, dispatch_uid=f"monitoring-summary-{id(signal)}")
    signals.report_accepted.connect(report_accepted, dispatch_uid="monitoring-summary-report")
    post_save.connect(provider_saved, sender=Provider, dispatch_uid="monitoring-summary-provider")
