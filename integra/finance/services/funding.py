"""The programme's sources of funds in the ledger: a loan disbursement (the World Bank's
withdrawal into the designated account) or the government's counterpart funds, received in EUR
and recorded in PLN at the NBP rate of the last table before the day. The interim financial
report reads them as its sources. Posted as a "transfer" into the programme: the source's
account (line `loan` or `counterpart`) is credited, the programme's cash debited, in both
currencies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import Problem, RulesBroken
from integra.core.money import MAX_AMOUNT, Money
from integra.core.periods import date_problem
from integra.finance import rules
from integra.finance.models import Account, Transaction
from integra.finance.policies import can_edit_components
from integra.finance.services.allocation import programme_account
from integra.finance.services.ledger import Leg, account, post, reference_of
from integra.programmes.selectors import convert

FUNDS = "funds"


class FundingInvalid(RulesBroken):
    code = "funding_invalid"


def _recorded_before(reference: str) -> Problem:
    return Problem(
        _("%(reference)s is recorded already; a correction is a reversal in the ledger.")
        % {"reference": reference},
        field="reference",
    )


def source_account(programme: Any, source: str, currency: str) -> Account:
    names = {
        rules.LOAN: _("%(code)s: loan disbursements") % {"code": programme.code},
        rules.COUNTERPART: _("%(code)s: government counterpart") % {"code": programme.code},
    }
    return account(
        programme=programme,
        kind=Account.Kind.PROGRAMME,
        reference=reference_of(programme),
        currency=currency,
        line=source,
        name=names[source],
    )


def funds_account(programme: Any) -> Account:
    """The programme's funds in EUR (what came in, at the EUR amounts received)."""
    return programme_account(programme, "EUR", FUNDS)


@transaction.atomic
def record_funding(
    *,
    actor: Actor,
    programme: Any,
    source: str,
    amount_eur: Decimal,
    received_on: dt.date,
    reference: str,
    context: RequestContext | None = None,
) -> Transaction:
    """Record funds received from `source` (loan or counterpart); a reference recorded before
    for the source is refused at its field. Raises PermissionDenied (not a ministry
    administrator), FundingInvalid, RateMissing."""
    require(
        actor,
        can_edit_components,
        _("Only a ministry administrator records the programme's sources of funds."),
    )
    problems = []
    if source not in rules.SOURCES:
        problems.append(Problem(_("Choose the loan or the counterpart funds."), field="source"))
    if not (
        isinstance(amount_eur, Decimal)
        and amount_eur.is_finite()
        and 0 < amount_eur <= MAX_AMOUNT
        and amount_eur == amount_eur.quantize(rules.CENT)
    ):
        problems.append(
            Problem(_("Enter a positive amount in EUR, to the cent."), field="amount_eur")
        )
    if (problem := date_problem(received_on)) is not None:
        problems.append(Problem(problem, field="received_on"))
    reference = reference.strip()
    if not reference or len(reference) > rules.REFERENCE_LENGTH:
        problems.append(
            Problem(
                _("Enter the document's reference (at most %(limit)s characters).")
                % {"limit": rules.REFERENCE_LENGTH},
                field="reference",
            )
        )
    key = f"funding:{programme.pk}:{source}:{reference}"
    if reference and Transaction.objects.filter(key=key).exists():
        problems.append(_recorded_before(reference))
    if problems:
        raise FundingInvalid(_("The funds were not recorded; correct the fields."), problems)
    pln = convert(Money(amount_eur, "EUR"), to="PLN", operation_on=received_on)
    posted = post(
        actor=actor,
        programme=programme,
        movement=Transaction.Movement.TRANSFER,
        value_date=received_on,
        document=reference,
        key=key,
        legs=[
            Leg(source_account(programme, source, "EUR"), -amount_eur),
            Leg(funds_account(programme), amount_eur),
            Leg(source_account(programme, source, "PLN"), -pln.converted.amount),
            Leg(programme_account(programme, "PLN"), pln.converted.amount),
        ],
        description=_("%(source)s %(reference)s at the NBP rate %(rate)s of %(table)s")
        % {
            "source": source,
            "reference": reference,
            "rate": pln.rate,
            "table": pln.table_no,
        },
    )
    record_event(
        actor=actor,
        action="finance.funding.recorded",
        target=posted,
        context=context,
        changes={
            "source": source,
            "amount_eur": amount_eur,
            "amount_pln": pln.converted.amount,
            "rate": pln.rate,
            "table": pln.table_no,
            "received_on": received_on,
        },
    )
    return posted


def component_account(component: Any, currency: str) -> Account:
    return account(
        programme=component.programme,
        kind=Account.Kind.COMPONENT,
        reference=reference_of(component),
        currency=currency,
        name=f"{component.programme.code} {component.code}: {component.name}",
    )


@transaction.atomic
def record_component_payment(
    *,
    actor: Actor,
    component: Any,
    amount_pln: Decimal,
    paid_on: dt.date,
    reference: str,
    context: RequestContext | None = None,
) -> Transaction:
    """Record a payment of a component without gminas (a consultant, the campaign agency): PLN
    from the programme's funds to the component, with its EUR equivalent at the NBP rate of the
    last table before the day; a reference recorded before for the component is refused at its
    field. Raises PermissionDenied, FundingInvalid, RateMissing."""
    require(
        actor,
        can_edit_components,
        _("Only a ministry administrator records the payments of a component."),
    )
    problems = []
    if not (
        isinstance(amount_pln, Decimal)
        and amount_pln.is_finite()
        and 0 < amount_pln <= MAX_AMOUNT
        and amount_pln == amount_pln.quantize(rules.CENT)
    ):
        problems.append(
            Problem(_("Enter a positive amount in PLN, to the cent."), field="amount_pln")
        )
    if (problem := date_problem(paid_on)) is not None:
        problems.append(Problem(problem, field="paid_on"))
    reference = reference.strip()
    if not reference or len(reference) > rules.REFERENCE_LENGTH:
        problems.append(
            Problem(
                _("Enter the document's reference (at most %(limit)s characters).")
                % {"limit": rules.REFERENCE_LENGTH},
                field="reference",
            )
        )
    key = f"component-payment:{component.pk}:{reference}"
    if reference and Transaction.objects.filter(key=key).exists():
        problems.append(_recorded_before(reference))
    if problems:
        raise FundingInvalid(_("The payment was not recorded; correct the fields."), problems)
    programme = component.programme
    eur = convert(Money(amount_pln, "PLN"), to="EUR", operation_on=paid_on)
    posted = post(
        actor=actor,
        programme=programme,
        movement=Transaction.Movement.PAYMENT,
        value_date=paid_on,
        document=reference,
        key=key,
        legs=[
            Leg(programme_account(programme, "PLN"), -amount_pln),
            Leg(component_account(component, "PLN"), amount_pln),
            Leg(funds_account(programme), -eur.converted.amount),
            Leg(component_account(component, "EUR"), eur.converted.amount),
        ],
        description=_("%(component)s %(reference)s at the NBP rate %(rate)s of %(table)s")
        % {
            "component": component.code,
            "reference": reference,
            "rate": eur.rate,
            "table": eur.table_no,
        },
    )
    record_event(
        actor=actor,
        action="finance.component.paid",
        target=component,
        context=context,
        changes={
            "amount_pln": amount_pln,
            "amount_eur": eur.converted.amount,
            "rate": eur.rate,
            "paid_on": paid_on,
            "transaction": posted.pk,
        },
    )
    return posted
