"""The finance part of seed_demo, through the app's own services as the system: the components
of PIS-2006 (DOMAIN.md §5) with a World Bank procurement plan, the published allocation posted
to the ledger, the demo gmina's transfers of the tranches of its approved plans (in April of
the plan's year, at the NBP rate of the last table before the day), and the component-level
contracts of the campaign agency (component C) and of the monitoring expert (B1) signed from
their procurement-plan items. Idempotent: what exists is left as it is."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from integra.allocations.models import Tranche
from integra.contracts.models import Contract
from integra.contracts.rules import ComponentContractTerms, InstalmentInput
from integra.core.actors import SystemActor
from integra.finance import rules
from integra.finance.models import (
    Component,
    ItemContract,
    Payment,
    ProcurementItem,
    TransferRequest,
)
from integra.finance.services import components as component_services
from integra.finance.services import payments, procurement, transfers
from integra.finance.services.allocation import post_allocations
from integra.finance.services.commitments import post_commitments
from integra.programmes.selectors import RateMissing, find_rate
from integra.providers import rules as provider_rules
from integra.providers.demo import demo_iban, demo_nip, demo_pesel, demo_regon
from integra.providers.selectors import find_by_identifiers
from integra.providers.services import create_provider

ACTOR = SystemActor("seed_demo")
D = dt.date

# (code, name, budget EUR); the campaign's 2.19 mln EUR is from the sources, the rest stand-ins.
COMPONENTS = [
    ("A", "Reforma administracyjna KRUS", Decimal("16000000.00")),
    ("B1", "Struktura wspierająca integrację społeczną", Decimal("9500000.00")),
    ("B2", "Usługi PIS w gminach", Decimal("40000000.00")),
    ("C", "Kampania informacyjna „Świadomość społeczna”", Decimal("2190000.00")),
]

# (component, reference, description, method, review, estimate EUR, status, planned, actual)
ITEMS: list[tuple[str, str, str, str, str, str, str, dict[str, Any], dict[str, Any]]] = [
    (
        "A", "A-ICB-01", "System informatyczny obsługi ubezpieczeń KRUS", "icb", "prior",
        "6200000.00", "contracted",
        {"invitation": D(2006, 9, 1), "opening": D(2006, 11, 15), "evaluation": D(2007, 1, 15),
         "signature": D(2007, 3, 1), "completion": D(2009, 6, 30)},
        {"invitation": D(2006, 10, 2), "opening": D(2006, 12, 18), "evaluation": D(2007, 3, 9),
         "signature": D(2007, 5, 14)},
    ),
    (
        "B1", "B1-QCBS-01", "Konsultanci regionalni PIS (16 województw)", "qcbs", "prior",
        "3100000.00", "completed",
        {"invitation": D(2006, 3, 1), "opening": D(2006, 4, 15), "evaluation": D(2006, 5, 15),
         "signature": D(2006, 6, 1), "completion": D(2010, 12, 31)},
        {"invitation": D(2006, 3, 6), "opening": D(2006, 4, 20), "evaluation": D(2006, 5, 29),
         "signature": D(2006, 6, 12), "completion": D(2010, 12, 20)},
    ),
    (
        "B1", "B1-IC-02", "Ekspert ds. monitoringu i MIS", "ic", "post",
        "180000.00", "contracted",
        {"invitation": D(2006, 5, 1), "signature": D(2006, 7, 1)},
        {"invitation": D(2006, 5, 8), "signature": D(2006, 7, 3)},
    ),
    (
        "B2", "B2-CPP", "Usługi społeczne zamawiane przez gminy (CPP)", "cpp", "post",
        "40000000.00", "in_progress",
        {"invitation": D(2007, 3, 1), "completion": D(2010, 12, 31)},
        {"invitation": D(2007, 3, 12)},
    ),
    (
        "C", "C-QCBS-01", "Agencja kampanii informacyjnej „Świadomość społeczna”", "qcbs",
        "prior", "1650000.00", "in_progress",
        {"invitation": D(2006, 4, 1), "opening": D(2006, 6, 1), "evaluation": D(2006, 7, 1),
         "signature": D(2006, 8, 1), "completion": D(2009, 12, 31)},
        {"invitation": D(2006, 4, 3), "opening": D(2006, 6, 26), "evaluation": D(2006, 8, 30)},
    ),
    (
        "C", "C-SH-02", "Druk materiałów na konferencje regionalne", "shopping", "post",
        "45000.00", "planned",
        {"invitation": D(2008, 2, 1), "signature": D(2008, 3, 1)},
        {},
    ),
]  # fmt: skip


@dataclass
class ComponentsSeed:
    components: int = 0
    items: int = 0


def seed_components(programme: Any) -> ComponentsSeed:
    """The four components of PIS-2006 and their procurement plan (what is missing only)."""
    seed = ComponentsSeed()
    by_code = {c.code: c for c in Component.objects.filter(programme=programme)}
    for order, (code, name, budget) in enumerate(COMPONENTS, start=1):
        if code not in by_code:
            by_code[code] = component_services.create_component(
                actor=ACTOR,
                programme=programme,
                data=rules.ComponentInput(code=code, name=name, budget_eur=budget, order=order),
            )
            seed.components += 1
    existing = set(
        ProcurementItem.objects.filter(component__programme=programme).values_list(
            "reference", flat=True
        )
    )
    for code, ref, text, method, review, cost, status, planned, actual in ITEMS:
        if ref in existing:
            continue
        component_services.create_item(
            actor=ACTOR,
            component=by_code[code],
            data=rules.ItemInput(
                reference=ref,
                description=text,
                method=method,
                review=review,
                estimated_cost_eur=Decimal(cost),
                status=status,
                planned=planned,
                actual=actual,
            ),
        )
        seed.items += 1
    return seed


@dataclass
class FinanceSeed:
    components: ComponentsSeed
    posted: int = 0
    transferred: int = 0
    payments: int = 0
    statement_lines: int = 0
    component_contracts: int = 0


def _transfer_day(year: int) -> dt.date:
    """The first Monday after 15 April of the year: a business day after an NBP table."""
    day = D(year, 4, 16)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def seed_finance(programme: Any, gmina: Any) -> FinanceSeed:
    """Components and plan, the allocation in the ledger, the demo gmina's transfers."""
    seed = FinanceSeed(components=seed_components(programme))
    seed.posted = post_allocations(actor=ACTOR, programme=programme).posted
    for tranche in Tranche.objects.filter(
        programme=programme, gmina=gmina, status=Tranche.Status.PLANNED
    ).order_by("number"):
        day = _transfer_day(tranche.year)
        try:
            rate = find_rate(currency="EUR", operation_on=day).mid
        except RateMissing:
            continue
        request = TransferRequest.objects.filter(tranche=tranche).exclude(status="rejected").first()
        if request is None:
            try:
                request = transfers.request_transfer(actor=ACTOR, tranche=tranche)
            except transfers.TransferNotAllowed:
                continue  # no approved plan for that year
        if request.status == TransferRequest.Status.REQUESTED:
            request = transfers.approve_transfer(actor=ACTOR, request=request)
        pln = (tranche.amount_eur * rate).quantize(rules.CENT, ROUND_DOWN)
        transfers.record_transferred(
            actor=ACTOR, request=request, amount_pln=pln, transferred_on=day
        )
        seed.transferred += 1
    seed.payments = seed_payments(programme, gmina)
    seed.statement_lines = seed_statement(gmina)
    seed.component_contracts = seed_component_contracts(programme, gmina)
    return seed


# Component-level contracts --------------------------------------------------------------------

# (item, number, provider kind, provider name, signed, from, until, value PLN, advance PLN)
COMPONENT_CONTRACTS = [
    (
        "C-QCBS-01", "MPiPS/PIS/C/1/2006", "firm", "Agencja Komunikacji Społecznej Sp. z o.o.",
        D(2006, 9, 18), D(2006, 10, 1), D(2009, 12, 31), Decimal("5940000.00"),
        Decimal("1188000.00"),
    ),
    (
        "B1-IC-02", "MPiPS/PIS/B1/2/2006", "natural_person", "Piotr Zieliński — ekspert ds. MIS",
        D(2006, 7, 3), D(2006, 7, 10), D(2010, 6, 30), Decimal("540000.00"), None,
    ),
]  # fmt: skip


def _component_provider(kind: str, name: str, seat: Any, serial: int) -> Any:
    """The provider of a component-level contract, registered once (found by identifier)."""
    if kind == "natural_person":
        values = provider_rules.ProviderValues(
            kind=kind,
            name=name,
            pesel=demo_pesel(998 + serial),
            city="Warszawa",
            postal_code="00-001",
        )
    else:
        values = provider_rules.ProviderValues(
            kind=kind, name=name, nip=demo_nip(f"component:{serial}"),
            regon=demo_regon(f"component:{serial}"), iban=demo_iban(f"component:{serial}"),
            address="ul. Nowogrodzka 1", postal_code="00-513", city="Warszawa",
            contact_person="Biuro", email=f"biuro.{serial}@example.org", phone="+48 22 000 00 00",
        )  # fmt: skip
    found = find_by_identifiers(nip=values.nip, regon=values.regon, pesel=values.pesel)
    return found or create_provider(actor=ACTOR, values=values, seat_gmina=seat)


def seed_component_contracts(programme: Any, gmina: Any) -> int:
    """The campaign agency's and the monitoring expert's contracts, signed from their items of
    the procurement plan (each committed against its component at the NBP rate of the day
    before its signing); none without the NBP rates of 2006. The number signed now."""
    made = 0
    items = {i.reference: i for i in ProcurementItem.objects.filter(component__programme=programme)}
    for serial, row in enumerate(COMPONENT_CONTRACTS):
        reference, number, kind, name, signed, starts, ends, value, advance = row
        item = items.get(reference)
        if item is None or ItemContract.objects.filter(contract__number=number).exists():
            continue
        try:
            find_rate(currency="EUR", operation_on=signed)
        except RateMissing:
            continue
        schedule = (
            [InstalmentInput(starts + dt.timedelta(days=14), advance, True)] if advance else []
        )
        schedule.append(InstalmentInput(ends, value - (advance or 0)))
        procurement.sign_item_contract(
            actor=ACTOR,
            item=item,
            provider=_component_provider(kind, name, gmina, serial),
            terms=ComponentContractTerms(
                number=number, signed_on=signed, ministry_representative="Dyrektor Departamentu",
                provider_representative=name, starts_on=starts, ends_on=ends, value_pln=value,
                instalments=tuple(schedule),
            ),
        )  # fmt: skip
        made += 1
    return made


# Payments to providers ------------------------------------------------------------------------

ADVANCE_DAY = D(2007, 7, 16)
INVOICE_DAY = D(2007, 10, 19)
# The demo provider's invoice (its NIP valid by checksum; a stand-in, not a real firm's).
DEMO_NIP = "5260250274"


def _pay(contract: Any, data: Any, day: dt.date | None) -> int:
    """Record the payment as the system; approve it and pay it on `day` (None: it waits in the
    queue for a finance user). 0 when a limit or a missing rate stops it."""
    try:
        payment = payments.record_payment(actor=ACTOR, contract=contract, data=data)
    except (payments.PaymentInvalid, payments.PaymentNotAllowed):
        return 0
    # Without an NBP rate for the day it stays recorded, for a finance user to decide.
    if day is not None:
        with contextlib.suppress(payments.PaymentInvalid):
            payments.approve_payment(actor=ACTOR, payment=payment, paid_on=day)
    return 1


def seed_payments(programme: Any, gmina: Any) -> int:
    """The demo gmina's contracts in the ledger (their commitments, should any be missing) and
    their payments: each contract's advance paid in July 2007, and the care contract's
    instalment after its accepted partial report recorded against the provider's invoice and
    left waiting for approval, so the queue shows work. Idempotent."""
    post_commitments(actor=ACTOR, programme=programme)
    contracts = list(Contract.objects.filter(programme=programme, gmina=gmina).order_by("pk"))
    if not contracts or Payment.objects.filter(contract__in=contracts).exists():
        return 0
    made = 0
    for contract in contracts:
        advance = contract.instalments.filter(is_advance=True).first()
        if advance is not None:
            made += _pay(
                contract,
                rules.PaymentInput(kind="advance", amount_pln=advance.amount_pln),
                ADVANCE_DAY,
            )
        instalment = contract.instalments.filter(is_advance=False).order_by("number").first()
        partial = contract.reports.filter(kind="partial", status="accepted").exists()
        if instalment is not None and partial:
            made += _pay(
                contract,
                rules.PaymentInput(
                    kind="instalment",
                    amount_pln=instalment.amount_pln,
                    instalment_id=instalment.pk,
                    invoice=rules.InvoiceInput(
                        number=f"FV/{contract.pk}/10/2007",
                        issued_on=INVOICE_DAY,
                        issuer_nip=DEMO_NIP,
                        amount_pln=instalment.amount_pln,
                        eligible_pln=instalment.amount_pln,
                    ),
                ),
                None,
            )
    return made


# The demo gmina's bank statement ----------------------------------------------------------------

STATEMENT_MONTH = D(2007, 7, 1)
FEE_DAY = D(2007, 7, 31)
REFUND_DAY = D(2007, 7, 24)


def demo_gmina_account(gmina: Any) -> str:
    """A stand-in account of the gmina (valid by its check digits; no real bank's)."""
    return rules.iban_of_bban("10202892", f"{int(gmina.teryt):016d}")


def _zbp_line(day: dt.date, amount: Decimal, code: str, details: str) -> list[str]:
    mark = "D" if amount < 0 else "C"
    figure = f"{abs(amount):.2f}".replace(".", ",")
    return [f":61:{day:%y%m%d}{day:%m%d}{mark}N{figure}S{code}NONREF", f":86:{code}{details}"]


def demo_statement_text(gmina: Any) -> str:
    """The gmina's statement of July 2007 in MT940 (ZBP): each advance paid that month to its
    provider's account with the contract's number in the title, a refund of an overpayment in
    and the bank's fee out — the two a person reviews. Empty when no advance was paid."""
    paid = list(
        Payment.objects.filter(
            contract__gmina=gmina,
            kind=Payment.Kind.ADVANCE,
            status=Payment.Status.PAID,
            paid_on__gte=STATEMENT_MONTH,
            paid_on__lt=D(2007, 8, 1),
        )
        .select_related("contract__provider")
        .order_by("paid_on", "pk")
    )
    if not paid:
        return ""
    opening = sum(
        (
            t.amount_pln or Decimal(0)
            for t in Tranche.objects.filter(gmina=gmina, transferred_on__lt=STATEMENT_MONTH)
        ),
        Decimal("0.00"),
    )
    lines: list[str] = []
    balance = opening
    for payment in paid:
        provider = payment.contract.provider
        assert payment.paid_on is not None
        lines += _zbp_line(
            payment.paid_on,
            -payment.amount_pln,
            "641",
            f"~00VE02PRZELEW ELIXIR~20{payment.contract.number} ZALICZKA"
            f"~27{provider.name[:35]}~38{provider.iban}",
        )
        balance -= payment.amount_pln
    lines += _zbp_line(
        REFUND_DAY, Decimal("120.00"), "034", "~00VE01WPLATA~20ZWROT NADPLATY ZA MEDIA~27PGE"
    )
    lines += _zbp_line(
        FEE_DAY, Decimal("-15.00"), "900", "~00OPLATA~20OPLATA ZA PROWADZENIE RACHUNKU"
    )
    balance += Decimal("120.00") - Decimal("15.00")

    head = [
        ":20:MT940/2007/07",
        f":25:/{demo_gmina_account(gmina)}",
        ":28C:00007/001",
        f":60F:{_balance(D(2007, 6, 30), opening)}",
    ]
    tail = [f":62F:{_balance(FEE_DAY, balance)}", "-"]
    return "\r\n".join(head + lines + tail) + "\r\n"


def _balance(day: dt.date, amount: Decimal) -> str:
    mark = "C" if amount >= 0 else "D"
    return f"{mark}{day:%y%m%d}PLN{abs(amount):.2f}".replace(".", ",")


def seed_statement(gmina: Any) -> int:
    """Import the demo gmina's statement of July 2007 (its paid advances match, two lines wait
    for review); the same file a second time changes nothing. The number of new lines."""
    from integra.finance.services import statements

    text = demo_statement_text(gmina)
    if not text:
        return 0
    result = statements.import_statement(
        actor=ACTOR,
        gmina=gmina,
        upload=statements.StatementUpload(
            file_name="wyciag-2007-07.sta", content=text.encode(), format="mt940"
        ),
    )
    return result.added


# Sources of funds, component payments and the annual settlement --------------------------------

# (source, reference, EUR, day): the loan's withdrawals and the government's counterpart funds.
FUNDING = [
    ("loan", "WA/2007/01", Decimal("6000000.00"), D(2007, 4, 16)),
    ("counterpart", "MF/2007/01", Decimal("600000.00"), D(2007, 4, 16)),
    ("loan", "WA/2008/01", Decimal("4000000.00"), D(2008, 2, 18)),
    ("counterpart", "MF/2008/01", Decimal("400000.00"), D(2008, 3, 17)),
]
# (component, reference, PLN, day): consultants and the campaign agency paid by the ministry.
COMPONENT_PAYMENTS = [
    ("B1", "B1-QCBS-01/2007/2", Decimal("1150000.00"), D(2007, 10, 15)),
    ("B1", "B1-QCBS-01/2008/1", Decimal("1200000.00"), D(2008, 3, 17)),
    ("C", "C-QCBS-01/2008/1", Decimal("450000.00"), D(2008, 5, 19)),
    ("B1", "B1-IC-02/2008/1", Decimal("36000.00"), D(2008, 6, 16)),
]


@dataclass
class ReportsSeed:
    funded: int = 0
    paid: int = 0
    settled: int = 0


def seed_reports(programme: Any, gmina: Any) -> ReportsSeed:
    """Movements of the loan's other components and its sources in 2007 and the first half of
    2008 (what the interim financial report shows), and the demo gmina's accepted settlement of
    2007 once its tranche of 2007 is in. Without the NBP archives (no rates) nothing is posted.
    Run after every other posting of the demo gmina's 2007 (payments), since acceptance keeps
    the figures of that moment."""
    from integra.finance.models import Settlement, Transaction
    from integra.finance.services import funding, settlement

    seed = ReportsSeed()
    components = {c.code: c for c in Component.objects.filter(programme=programme)}
    try:
        for source, reference, eur, day in FUNDING:
            key = f"funding:{programme.pk}:{source}:{reference}"
            if not Transaction.objects.filter(key=key).exists():
                funding.record_funding(
                    actor=ACTOR,
                    programme=programme,
                    source=source,
                    amount_eur=eur,
                    received_on=day,
                    reference=reference,
                )
                seed.funded += 1
        for code, reference, pln, day in COMPONENT_PAYMENTS:
            component = components.get(code)
            key = f"component-payment:{getattr(component, 'pk', None)}:{reference}"
            if component is None or Transaction.objects.filter(key=key).exists():
                continue
            funding.record_component_payment(
                actor=ACTOR, component=component, amount_pln=pln, paid_on=day, reference=reference
            )
            seed.paid += 1
    except RateMissing:
        return seed
    received_2007 = Tranche.objects.filter(
        programme=programme, gmina=gmina, year=2007, status=Tranche.Status.TRANSFERRED
    ).exists()
    if (
        received_2007
        and not Settlement.objects.filter(programme=programme, gmina=gmina, year=2007).exists()
    ):
        done = settlement.prepare_settlement(
            actor=ACTOR, programme=programme, gmina=gmina, year=2007
        )
        done = settlement.submit_settlement(actor=ACTOR, settlement=done)
        settlement.accept_settlement(actor=ACTOR, settlement=done)
        seed.settled += 1
    return seed
