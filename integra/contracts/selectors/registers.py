"""The registers of rounds, offers, contracts and reports a user sees, filtered; each with the
columns a page shows and an export writes (so the file holds exactly what the page shows)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from integra.contracts.filters import (
    Selection,
    filter_contracts,
    filter_offers,
    filter_reports,
    filter_status,
)
from integra.contracts.models import Contract, Offer, ProcurementRound, ProviderReport


@dataclass(frozen=True)
class Register:
    """A register: its rows (a queryset), its columns and how each row becomes typed cells."""

    name: str
    title: str | Promise
    rows: QuerySet[Any]
    header: Sequence[str | Promise]
    cells: Callable[[Any], list[Any]]
    link: str  # the URL name of a row's page
    widths: Sequence[int] = ()

    def table_rows(self, rows: Any = None) -> Iterator[list[Any]]:
        for row in self.rows.iterator(chunk_size=2000) if rows is None else rows:
            yield self.cells(row)


def _voivodeship(gmina: Any) -> str:
    powiat = gmina.parent
    return powiat.parent.name if powiat and powiat.parent else ""


def _place(contract: Contract) -> list[str]:
    """Gmina, TERYT code and voivodeship — or "component" for a component-level contract."""
    if contract.gmina is None:
        return [str(_("component")), "", ""]
    return [contract.gmina.name, contract.gmina.teryt, _voivodeship(contract.gmina)]


def contracts_register(*, user: Any, selection: Selection) -> Register:
    rows = filter_status(
        filter_contracts(Contract.objects.visible_to(user), selection), selection
    ).select_related("gmina__parent__parent", "provider", "programme")
    return Register(
        name="umowy",
        title=_("Contracts"),
        rows=rows.order_by("-signed_on", "-pk"),
        header=[
            _("Number"),
            _("Gmina"),
            _("TERYT code"),
            _("Voivodeship"),
            _("Provider"),
            _("Provider kind"),
            _("Kind"),
            _("Signed on"),
            _("From"),
            _("Until"),
            _("Value (PLN)"),
            _("Status"),
        ],
        cells=lambda c: [
            c.number,
            *_place(c),
            c.provider.name,
            str(c.provider.get_kind_display()),
            str(c.get_kind_display()),
            c.signed_on,
            c.starts_on,
            c.ends_on,
            c.value_pln,
            str(c.get_status_display()),
        ],
        link="contracts:contract-detail",
        widths=(16, 24, 10, 20, 36, 24, 20, 12, 12, 12, 14, 18),
    )


def offers_register(*, user: Any, selection: Selection) -> Register:
    rows = filter_offers(Offer.objects.visible_to(user), selection).select_related(
        "round__gmina__parent__parent", "provider", "lot"
    )
    return Register(
        name="oferty",
        title=_("Offers"),
        rows=rows.order_by("-received_at", "-pk"),
        header=[
            _("Provider"),
            _("Provider kind"),
            _("Gmina"),
            _("TERYT code"),
            _("Service"),
            _("Received"),
            _("Price (PLN)"),
            _("Score"),
            _("Rank"),
            _("Status"),
        ],
        cells=lambda o: [
            o.provider.name,
            str(o.provider.get_kind_display()),
            o.round.gmina.name,
            o.round.gmina.teryt,
            o.lot.title,
            o.received_at.date(),
            o.total_pln,
            o.score,
            o.rank,
            str(o.get_status_display()),
        ],
        link="contracts:offer-detail",
        widths=(36, 24, 24, 10, 36, 12, 14, 8, 6, 18),
    )


def reports_register(*, user: Any, selection: Selection) -> Register:
    rows = filter_reports(ProviderReport.objects.visible_to(user), selection).select_related(
        "contract__gmina", "contract__provider"
    )
    return Register(
        name="sprawozdania",
        title=_("Provider reports"),
        rows=rows.order_by("-due_on", "-pk"),
        header=[
            _("Contract"),
            _("Gmina"),
            _("TERYT code"),
            _("Provider"),
            _("Report"),
            _("Due on"),
            _("Overdue since"),
            _("Status"),
        ],
        cells=lambda r: [
            r.contract.number,
            r.contract.gmina.name,
            r.contract.gmina.teryt,
            r.contract.provider.name,
            str(r.get_kind_display()),
            r.due_on,
            r.overdue_since,
            str(r.get_status_display()),
        ],
        link="contracts:report-detail",
        widths=(16, 24, 10, 36, 14, 12, 12, 20),
    )


def rounds_register(*, user: Any, selection: Selection) -> Register:
    rows: QuerySet[Any] = ProcurementRound.objects.visible_to(user)
    if selection.gmina:
        rows = rows.filter(gmina__teryt=selection.gmina)
    elif selection.voivodeship:
        rows = rows.filter(gmina__teryt__startswith=selection.voivodeship)
    if selection.service_type:
        rows = rows.filter(services__planned_service__service_type__code=selection.service_type)
    if selection.target_group:
        rows = rows.filter(services__planned_service__groups__code=selection.target_group)
    if selection.period_from:
        rows = rows.filter(deadline_at__date__gte=selection.period_from)
    if selection.period_until:
        rows = rows.filter(deadline_at__date__lt=selection.period_until)
    rows = filter_status(rows, selection).distinct().select_related("gmina", "programme")
    return Register(
        name="nabory",
        title=_("Procurement rounds"),
        rows=rows.order_by("-deadline_at", "-pk"),
        header=[
            _("Round"),
            _("Title"),
            _("Gmina"),
            _("TERYT code"),
            _("Deadline for offers"),
            _("Status"),
        ],
        cells=lambda r: [
            f"{r.number}/{r.programme.code}",
            r.title,
            r.gmina.name,
            r.gmina.teryt,
            r.deadline_at.date(),
            str(r.get_status_display()),
        ],
        link="contracts:round-detail",
        widths=(10, 40, 24, 10, 14, 20),
    )


REGISTERS = {
    "umowy": (contracts_register, Contract.Status.choices),
    "oferty": (offers_register, Offer.Status.choices),
    "sprawozdania": (reports_register, ProviderReport.Status.choices),
    "nabory": (rounds_register, ProcurementRound.Status.choices),
}
