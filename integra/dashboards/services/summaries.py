"""The maps' summary rows (`GminaMeasures`) kept with the writes that change them: contracts'
signing, annexes, termination and report acceptance, and finance's payments, each announced by
a signal inside its service's atomic block, refresh their gmina's row in that transaction; a
full `build` (make_scale_data, seed_demo, `manage.py refresh_map_measures`) writes every row of
a programme and marks the summary usable (`MeasuresState.built_at`).

Both sum with the plain code of `selectors.measures` (no second copy of the sums). Writers of
one programme serialise on its state row (`select_for_update`), always the last lock they take.
A write already past its signal while the state row of a first build is being created may be
missed by that build; building again (the state then exists) closes it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from integra.core.cache import invalidate, programme_group
from integra.dashboards.models import GminaMeasures, MeasuresState
from integra.dashboards.selectors.measures import ZERO, GminaMoney, ledger_paid, plain_figures
from integra.programmes.models import Programme
from integra.territories.models import Territory

BATCH = 2000


def refresh(programme: Any, gmina_ids: Iterable[int | None]) -> int:
    """Recompute the rows of `gmina_ids` (None ids — component-level contracts — skipped) of
    `programme` (the Programme or its id) when its summary exists, under the lock of its state
    row; return the number of gminas recomputed (0: no summary, nothing written). Runs inside
    the caller's transaction."""
    ids = sorted({gmina_id for gmina_id in gmina_ids if gmina_id is not None})
    if not ids:
        return 0
    # The programme's cached figures read these rows (or, before a build, the data they sum).
    invalidate(programme_group(getattr(programme, "pk", programme)))
    with transaction.atomic(savepoint=False):
        if not list(MeasuresState.objects.select_for_update().filter(programme=programme)):
            return 0
        _write(programme, ids)
    return len(ids)


def build(programme: Any) -> int:
    """Recompute every gmina's row of the programme in a few set-based queries and mark the
    summary built; return the number of rows. The state row is created (and committed, unless
    the caller holds a transaction) before the sums, so writers from then on wait for it."""
    MeasuresState.objects.get_or_create(programme=programme)
    with transaction.atomic():
        state = MeasuresState.objects.select_for_update().get(programme=programme)
        written = _write(programme, None)
        state.built_at = timezone.now()
        state.save(update_fields=["built_at"])
        invalidate(programme_group(getattr(programme, "pk", programme)))
    return written


def _write(programme: Any, ids: list[int] | None) -> int:
    """Replace the rows of `ids` (None: the whole programme) by the plain sums: a row for each
    gmina with a figure other than zero."""
    programme_id = getattr(programme, "pk", programme)
    found: dict[int, GminaMoney] = defaultdict(GminaMoney)
    plain_figures(programme_id, ids, found)
    teryts = (
        None
        if ids is None
        else list(Territory.objects.filter(pk__in=ids).values_list("teryt", flat=True))
    )
    paid = ledger_paid(programme_id, as_of=None, teryts=teryts)
    rows = []
    for gmina_id in sorted(set(found) | set(paid)):
        money = found[gmina_id]
        money.paid_pln, last_paid_on = paid.get(gmina_id, (ZERO, None))
        rows.append(
            GminaMeasures(
                programme_id=programme_id,
                gmina_id=gmina_id,
                committed_pln=money.committed_pln,
                committed_eur=money.committed_eur,
                paid_pln=money.paid_pln,
                last_paid_on=last_paid_on,
                people_reached=money.people_reached,
                contracts_by_group=money.contracts_by_group,
            )
        )
    stale = GminaMeasures.objects.filter(programme_id=programme_id)
    if ids is not None:
        stale = stale.filter(gmina_id__in=ids)
    stale.delete()
    GminaMeasures.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def programmes_to_build(code: str | None = None, *, missing: bool = False) -> list[Programme]:
    """The programmes `refresh_map_measures` builds: one by its code (Programme.DoesNotExist if
    none has it) or every one; `missing`: only those whose summary was never built."""
    programmes = Programme.objects.order_by("code")
    if code is not None:
        programmes = programmes.filter(pk=Programme.objects.get(code=code).pk)
    if missing:
        programmes = programmes.exclude(measures_state__built_at__isnull=False)
    return list(programmes)


def on_contract(sender: Any, contract: Any, **kwargs: Any) -> None:
    """Signing, an annex or termination changed the contract's committed money and groups."""
    refresh(contract.programme_id, [contract.gmina_id])


def on_report(sender: Any, report: Any, **kwargs: Any) -> None:
    """An accepted report is now its contract's latest: the gmina's people reached change."""
    contract = report.contract
    refresh(contract.programme_id, [contract.gmina_id])


def on_payment(sender: Any, payment: Any, **kwargs: Any) -> None:
    """A payment posted: the gmina's paid to date and its last payment day change."""
    contract = payment.contract
    refresh(contract.programme_id, [contract.gmina_id])
