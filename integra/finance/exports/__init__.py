"""Files out of the finance app: the procurement-plan status (planned and actual dates of every
step, days of delay) as CSV or XLSX tables of typed values (core.exports, docs/exports.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from integra.core.exports import Table, rate
from integra.finance.selectors import STEP_LABELS, ItemStatus


def procurement_status_table(programme: Any, rows: list[ItemStatus]) -> Table:
    header = [
        _("Component"),
        _("Reference number"),
        _("Description"),
        _("Method"),
        _("Bank review"),
        _("Estimated cost (EUR)"),
        _("Status"),
    ]
    for label in STEP_LABELS.values():
        header += [
            _("%(step)s: planned") % {"step": label},
            _("%(step)s: actual") % {"step": label},
            _("%(step)s: days of delay") % {"step": label},
        ]
    header += [
        _("Contracts"),
        _("Contracted (PLN)"),
        _("Committed against the component (EUR)"),
    ]

    def row(status: ItemStatus) -> list[Any]:
        item = status.item
        cells: list[Any] = [
            item.component.code,
            item.reference,
            item.description,
            item.get_method_display(),
            item.get_review_display(),
            item.estimated_cost_eur,
            item.get_status_display(),
        ]
        for step in status.steps:
            cells += [step.planned, step.actual, step.delay]
        committed = [c.amount_eur for c in status.contracts if c.amount_eur is not None]
        cells += [
            "; ".join(
                f"{c.number} ({c.gmina or _('component')}), {c.provider}" for c in status.contracts
            ),
            status.contracted_pln if status.contracts else None,
            sum(committed, Decimal("0.00")) if committed else None,
        ]
        return cells

    return Table(
        name=f"plan-zamowien-{programme.code.lower()}",
        title=_("Procurement plan"),
        header=header,
        rows=[row(status) for status in rows],
    )


def payments_table(payments: list[Any]) -> Table:
    """Payments to providers as listed (their filters): contract, gmina, provider, kind,
    amount, status, who recorded and approved, paid day, rate and EUR equivalent."""
    header = [
        _("Gmina TERYT code"),
        _("Gmina"),
        _("Contract"),
        _("Provider"),
        _("Kind of payment"),
        _("Amount (PLN)"),
        _("Payment status"),
        _("Recorded by"),
        _("Approved by"),
        _("Paid on"),
        _("NBP rate"),
        _("EUR equivalent"),
    ]
    return Table(
        name="platnosci",
        title=_("Payments to providers"),
        header=header,
        rows=[
            [
                p.contract.gmina.teryt,
                p.contract.gmina.name,
                p.contract.number,
                p.contract.provider.name,
                p.get_kind_display(),
                p.amount_pln,
                p.get_status_display(),
                p.recorded_by_label,
                p.approved_by_label,
                p.paid_on,
                rate(p.rate),
                p.eur_equivalent,
            ]
            for p in payments
        ],
    )


def statement_lines_table(lines: list[Any]) -> Table:
    """Every line of the listed bank statements: gmina, account, statement, value date, signed
    amount, counterparty, title, state and the payment it confirms."""
    header = [
        _("Gmina TERYT code"),
        _("Gmina"),
        _("Bank account"),
        _("Statement"),
        _("Position"),
        _("Value date"),
        _("Amount"),
        _("Currency"),
        _("Counterparty's account"),
        _("Counterparty"),
        _("Title"),
        _("State of the line"),
        _("Contract"),
        _("Payment"),
    ]
    return Table(
        name="wyciagi-bankowe",
        title=_("Bank statement lines"),
        header=header,
        rows=[
            [
                line.statement.gmina.teryt,
                line.statement.gmina.name,
                line.statement.account,
                line.statement.number or line.statement.file_name,
                line.position,
                line.value_on,
                line.amount,
                line.currency,
                line.counterparty_account,
                line.counterparty_name,
                line.title,
                line.get_state_display(),
                line.payment.contract.number if line.payment else "",
                line.payment_id,
            ]
            for line in lines
        ],
    )


def funding_table(programme: Any, rows: list[Any]) -> Table:
    """The programme's loan disbursements, counterpart funds and component payments as listed:
    day, kind, component, reference, EUR, PLN, the rate between them, who posted it."""
    kinds = {
        "loan": _("World Bank loan disbursement"),
        "counterpart": _("government counterpart funds"),
        "component": _("payment of a component"),
    }
    return Table(
        name=f"finansowanie-{programme.code.lower()}",
        title=_("Sources of funds and component payments"),
        header=[
            _("Date"),
            _("Kind"),
            _("Component"),
            _("Reference number"),
            _("Amount (EUR)"),
            _("Amount (PLN)"),
            _("NBP rate"),
            _("Recorded by"),
            _("Reversed"),
        ],
        rows=[
            [
                row.day,
                kinds.get(row.kind, row.kind),
                row.component,
                row.reference,
                row.amount_eur,
                row.amount_pln,
                rate(row.rate),
                row.posted_by,
                row.reversed,
            ]
            for row in rows
        ],
    )
