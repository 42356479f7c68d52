"""Exchange rates read from the tables of NBP and the ECB into the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.programmes.importers.rates import parse_rate_file
from integra.programmes.models import ExchangeRate
from integra.programmes.policies import can_manage_programmes


@dataclass
class RatesImported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def import_exchange_rates(
    *,
    actor: Actor,
    paths: list[str | Path],
    currencies: set[str],
    context: RequestContext | None = None,
) -> RatesImported:
    """Read every file first (all-or-nothing across files), then upsert the rates.

    Raises PermissionDenied for a user who may not manage programmes, ImportRefused (nothing
    written) when a file is malformed.
    """
    require(
        actor, can_manage_programmes, _("Only a ministry administrator may import exchange rates.")
    )
    records = [record for path in paths for record in parse_rate_file(path, currencies)]
    existing = {
        (r.source, r.currency, r.effective_on): r
        for r in ExchangeRate.objects.filter(currency__in=currencies)
    }
    summary = RatesImported()
    new: dict[tuple[str, str, object], ExchangeRate] = {}
    changed: list[ExchangeRate] = []
    for record in records:
        key = (record.source, record.currency, record.effective_on)
        current = existing.get(key)
        if current is None:
            new[key] = ExchangeRate(
                source=record.source,
                currency=record.currency,
                effective_on=record.effective_on,
                table_no=record.table_no,
                mid=record.mid,
            )
        elif (current.mid, current.table_no) != (record.mid, record.table_no):
            current.mid, current.table_no = record.mid, record.table_no
            changed.append(current)
        else:
            summary.unchanged += 1
    ExchangeRate.objects.bulk_create(new.values(), batch_size=1000)
    ExchangeRate.objects.bulk_update(changed, ["mid", "table_no"], batch_size=1000)
    summary.created, summary.updated = len(new), len(changed)
    if summary.created or summary.updated:
        record_event(
            actor=actor,
            action="programmes.exchange_rate.imported",
            context=context,
            changes={
                "files": [Path(p).name for p in paths],
                "created": summary.created,
                "updated": summary.updated,
            },
        )
    return summary
