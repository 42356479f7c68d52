"""Writes of provider reports: the provider's user (or the coordinator, from paper) submits a
report due under a contract; the coordinator accepts it or returns it with a comment, and
accepting the final report moves the contract on; the daily task marks reports overdue and
tells the provider and the coordinator."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit.services import RequestContext, record_event
from integra.contracts import policies, rules
from integra.contracts.models import (
    ProviderReport,
    ReportCost,
    ReportReach,
    SupportingDocument,
)
from integra.contracts.services.contracts import locked_contract, move_contract
from integra.contracts.services.shared import check_lock, require_right
from integra.contracts.services.signals import report_accepted
from integra.core.actors import Actor, SystemActor, user_of
from integra.core.errors import RulesBroken
from integra.core.workflow import Transition, TransitionRefused, Workflow

Status = ProviderReport.Status


class ReportStateInvalid(TransitionRefused):
    code = "report_state_invalid"
    status = 409


def _describe(report: Any, transition: Transition) -> str:
    return _("The report is %(status)s: it cannot be %(doing)s now.") % {
        "status": report.get_status_display(),
        "doing": transition.label,
    }


REPORT_WORKFLOW = Workflow(
    Transition.of(
        "submit", [Status.DUE, Status.RETURNED], Status.SUBMITTED, gettext_lazy("submitted")
    ),
    Transition.of("return", [Status.SUBMITTED], Status.RETURNED, gettext_lazy("returned")),
    Transition.of("accept", [Status.SUBMITTED], Status.ACCEPTED, gettext_lazy("accepted")),
    refused=ReportStateInvalid,
    describe=_describe,
)


def locked_report(report: ProviderReport) -> ProviderReport:
    row: ProviderReport = (
        ProviderReport.objects.select_for_update(of=("self",))
        .select_related("contract__gmina", "contract__provider", "contract__programme")
        .get(pk=report.pk)
    )
    return row


def _write(report: ProviderReport, values: rules.ReportInput) -> None:
    report.reach.all().delete()
    report.costs.all().delete()
    ReportReach.objects.bulk_create(
        ReportReach(report=report, group=r.group, sex=r.sex, age_band=r.age_band, people=r.people)
        for r in values.reach
        if r.people
    )
    costs = [
        ReportCost.objects.create(
            report=report,
            position=n,
            name=c.name.strip(),
            budget_pln=c.budget_pln,
            spent_pln=c.spent_pln,
        )
        for n, c in enumerate(values.costs)
    ]
    SupportingDocument.objects.bulk_create(
        SupportingDocument(
            cost=costs[d.cost],
            number=d.number.strip(),
            issued_on=d.issued_on,
            issuer=d.issuer.strip(),
            amount_pln=d.amount_pln,
            eligible_pln=d.eligible_pln,
        )
        for d in values.documents
    )


@transaction.atomic
def submit_report(
    *,
    actor: Actor,
    report: ProviderReport,
    values: rules.ReportInput,
    lock_version: int,
    context: RequestContext | None = None,
) -> ProviderReport:
    """Submit a due or returned report with its parts I and II. Raises PermissionDenied,
    ObjectDoesNotExist (another provider's report), ReportStateInvalid, EditConflict,
    RulesBroken."""
    require_right(
        actor,
        lambda user: policies.can_submit_report(user, report),
        "report",
        visible=lambda user: policies.can_view_report(user, report),
        missing=ObjectDoesNotExist,
    )
    report = locked_report(report)
    REPORT_WORKFLOW.require(report, "submit")
    check_lock(report, lock_version)
    problems = rules.report_problems(values, contract_value=report.contract.value_pln)
    if problems:
        raise RulesBroken(_("The report is incomplete; nothing was saved."), problems)
    _write(report, values)
    report.actions_done = values.actions_done.strip()
    report.results = values.results.strip()
    report.submitted_at = timezone.now()
    report.submitted_by = user_of(actor)  # type: ignore[assignment]
    return _moved(report, actor=actor, action="submit", context=context)


def _moved(
    report: ProviderReport,
    *,
    actor: Actor,
    action: str,
    context: RequestContext | None,
    **changes: Any,
) -> ProviderReport:
    before, after = REPORT_WORKFLOW.move(report, action)
    report.lock_version += 1
    report.save()
    record_event(
        actor=actor,
        action=f"contracts.provider_report.{after}",
        target=report,
        territory_teryt=report.contract.teryt,
        context=context,
        changes={"status": [before, after], **changes},
    )
    return report


@transaction.atomic
def return_report(
    *, actor: Actor, report: ProviderReport, comment: str, context: RequestContext | None = None
) -> ProviderReport:
    """Return a submitted report with a comment saying what to fix. Raises PermissionDenied,
    ReportStateInvalid, RulesBroken (no comment)."""
    require_right(actor, lambda user: policies.can_review_report(user, report), "review")
    report = locked_report(report)
    REPORT_WORKFLOW.require(report, "return")
    problems = rules.text_problems(
        "comment", comment, rules.SHORT_TEXT_MAX, required=True, line=False
    )
    if problems:
        raise RulesBroken(_("Say what must be corrected."), problems)
    report.return_comment = comment.strip()
    return _moved(report, actor=actor, action="return", context=context, comment=comment.strip())


@transaction.atomic
def accept_report(
    *, actor: Actor, report: ProviderReport, context: RequestContext | None = None
) -> ProviderReport:
    """Accept a submitted report; the final one moves the contract to final_report_accepted.
    Raises PermissionDenied, ReportStateInvalid, ContractStateInvalid."""
    require_right(actor, lambda user: policies.can_review_report(user, report), "review")
    contract = locked_contract(report.contract)
    report = locked_report(report)
    REPORT_WORKFLOW.require(report, "accept")
    if report.kind == ProviderReport.Kind.FINAL:
        move_contract(contract, actor=actor, action="accept_final", context=context)
    report.accepted_at = timezone.now()
    report.accepted_by = user_of(actor)  # type: ignore[assignment]
    report.overdue_since = None
    accepted = _moved(report, actor=actor, action="accept", context=context)
    report_accepted.send(sender=ProviderReport, report=accepted, actor=actor)
    return accepted


def _recipients(report: ProviderReport) -> list[str]:
    """The provider's users and the gmina's coordinators, by e-mail."""
    from django.contrib.auth import get_user_model

    contract = report.contract
    users = get_user_model().objects.filter(is_active=True)
    providers = users.filter(provider_memberships__provider=contract.provider)
    coordinators = users.filter(
        assignments__role="gmina_coordinator",
        assignments__territory__teryt=contract.teryt,
    )
    emails = {
        *providers.values_list("email", flat=True),
        *coordinators.values_list("email", flat=True),
    }
    return sorted(e for e in emails if e)


def _tell(report: ProviderReport) -> None:
    contract = report.contract
    send_mail(
        subject=_("Report overdue: contract %(number)s") % {"number": contract.number},
        message=_(
            "The %(kind)s report under the contract %(number)s with %(provider)s (gmina "
            "%(gmina)s) was due on %(due)s and has not been submitted. Please submit it in "
            "Integra."
        )
        % {
            "kind": report.get_kind_display(),
            "number": contract.number,
            "provider": contract.provider.name,
            "gmina": contract.gmina.name if contract.gmina is not None else "",
            "due": report.due_on.strftime("%d.%m.%Y"),
        },
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=_recipients(report),
    )


@transaction.atomic
def mark_overdue_reports(*, actor: SystemActor, today: dt.date) -> list[ProviderReport]:
    """Mark every report due before `today`, not submitted and not yet marked, as overdue since
    today; after the commit, e-mail the provider's users and the gmina's coordinators. Running
    it twice a day marks and tells nobody twice."""
    reports = list(
        ProviderReport.objects.select_for_update(of=("self",))
        .filter(status=Status.DUE, due_on__lt=today, overdue_since__isnull=True)
        .exclude(contract__status="terminated")
        .select_related("contract__gmina", "contract__provider")
        .order_by("pk")
    )
    for report in reports:
        report.overdue_since = today
        report.save(update_fields=["overdue_since", "updated_at"])
        record_event(
            actor=actor,
            action="contracts.provider_report.overdue",
            target=report,
            territory_teryt=report.contract.teryt,
            changes={"due_on": report.due_on.isoformat(), "overdue_since": today.isoformat()},
        )
        transaction.on_commit(partial(_tell, report))
    return reports
