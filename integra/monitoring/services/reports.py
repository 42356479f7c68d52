"""The gmina's quarterly progress report: created for a quarter of a programme the gmina takes
part in, its narrative edited under `lock_version`, submitted by the coordinator, accepted or
returned with a comment by the regional consultant (REPORT_WORKFLOW). Accepting stores the
figures as they are (`figures`): the quarter is then closed, and later changes of the data never
rewrite what was accepted."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require, user_of
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.workflow import Transition, TransitionRefused, Workflow
from integra.monitoring import rules
from integra.monitoring.models import ProgressReport
from integra.monitoring.policies import (
    can_prepare_report,
    can_prepare_report_at,
    can_review_report,
    can_view_report,
)
from integra.monitoring.selectors.reports import quarter_figures
from integra.territories.models import Territory

Status = ProgressReport.Status


class ProgressReportInvalid(RulesBroken):
    code = "progress_report_invalid"
    status = 422


class ReportEditConflict(DomainError):
    code = "progress_report_edit_conflict"
    status = 409


class ReportTransitionRefused(TransitionRefused):
    code = "progress_report_transition_refused"
    status = 409


class ReportExists(DomainError):
    code = "progress_report_exists"
    status = 409


REPORT_WORKFLOW = Workflow(
    Transition.of("edit", [Status.DRAFT, Status.RETURNED], None, gettext_lazy("Edit")),
    Transition.of(
        "submit", [Status.DRAFT, Status.RETURNED], Status.SUBMITTED, gettext_lazy("Submit")
    ),
    Transition.of("accept", [Status.SUBMITTED], Status.ACCEPTED, gettext_lazy("Accept")),
    Transition.of(
        "return", [Status.SUBMITTED], Status.RETURNED, gettext_lazy("Return for corrections")
    ),
    refused=ReportTransitionRefused,
)

PREPARERS_ONLY = gettext_lazy("Only the gmina's coordinator may prepare its progress report.")
REVIEWERS_ONLY = gettext_lazy("Only the region's consultant may review a progress report.")
NARRATIVE_FIELDS = ("problems", "remedies")


def _refuse(problems: list[Problem]) -> None:
    if problems:
        message = (
            problems[0].message
            if len(problems) == 1
            else _("The report breaks %(count)s rules; nothing was saved.")
            % {"count": len(problems)}
        )
        raise ProgressReportInvalid(message, problems)


def _record(
    actor: Actor,
    report: ProgressReport,
    verb: str,
    before: dict[str, Any],
    after: dict[str, Any],
    context: RequestContext | None,
) -> None:
    record_event(
        actor=actor,
        action=f"monitoring.progress_report.{verb}",
        target=report,
        territory_teryt=report.gmina.teryt,
        context=context,
        changes={"before": before, "after": after},
    )


def _locked(report: ProgressReport) -> ProgressReport:
    locked: ProgressReport = (
        ProgressReport.objects.select_for_update()
        .select_related("gmina", "programme")
        .get(pk=report.pk)
    )
    return locked


def _require(actor: Actor, report: ProgressReport, allowed: Any, message: Any) -> None:
    require(
        actor,
        lambda user: allowed(user, report),
        str(message),
        visible=lambda user: can_view_report(user, report),
        missing=ProgressReport.DoesNotExist,
    )


@transaction.atomic
def create_report(
    *,
    actor: Actor,
    programme: Any,
    gmina: Territory,
    period: str,
    context: RequestContext | None = None,
) -> ProgressReport:
    """A draft report of the gmina for the quarter `period` (e.g. 2007-Q3). Raises
    PermissionDenied unless the actor prepares the gmina's reports, ProgressReportInvalid for a
    period that is no quarter of the programme or a unit that is no gmina, ReportExists when
    the quarter has its report already."""
    require(actor, lambda user: can_prepare_report_at(user, gmina.teryt), str(PREPARERS_ONLY))
    problems = rules.period_problems(period, kind=rules.QUARTERLY)
    parsed = rules.parse_period(period)
    if (
        parsed is not None
        and not problems
        and (parsed.ends_on < programme.starts_on or parsed.starts_on > programme.ends_on)
    ):
        problems.append(
            Problem(_("The quarter lies outside the programme's duration."), field="period")
        )
    if gmina.level != Territory.Level.GMINA:
        problems.append(Problem(_("A progress report belongs to a gmina."), field="gmina"))
    _refuse(problems)
    assert parsed is not None
    # Under a lock on the gmina, two coordinators cannot both open the same quarter.
    Territory.objects.select_for_update().get(pk=gmina.pk)
    if ProgressReport.objects.filter(programme=programme, gmina=gmina, period=parsed.code).exists():
        raise ReportExists(
            _("%(gmina)s has its report for %(period)s already.")
            % {"gmina": gmina.name, "period": parsed.code}
        )
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                programme=programme,
                gmina=gmina,
                period=parsed.code,
                starts_on=parsed.starts_on,
                ends_on=parsed.ends_on,
            )
    except IntegrityError as exc:  # pragma: no cover - the lock above serialises creators
        raise ReportExists(_("This quarter has its report already.")) from exc
    _record(actor, report, "created", {}, {"period": report.period}, context)
    return report


def _check_version(current: ProgressReport, lock_version: int) -> None:
    if current.lock_version != lock_version:
        raise ReportEditConflict(
            _(
                "Someone else saved this report while you were editing it (version %(seen)s, "
                "now %(now)s). Nothing was saved."
            )
            % {"seen": lock_version, "now": current.lock_version}
        )


@transaction.atomic
def update_narrative(
    *,
    actor: Actor,
    report: ProgressReport,
    problems: str,
    remedies: str,
    lock_version: int,
    context: RequestContext | None = None,
) -> ProgressReport:
    """Save the gmina's narrative (problems met, remedies taken) of a draft or returned report.
    Raises ReportEditConflict when someone saved in between, ReportTransitionRefused once
    submitted or accepted, ProgressReportInvalid for a bad text."""
    _require(actor, report, can_prepare_report, PREPARERS_ONLY)
    current = _locked(report)
    REPORT_WORKFLOW.require(current, "edit")
    _check_version(current, lock_version)
    _refuse(rules.narrative_problems(problems, remedies))
    before = {name: getattr(current, name) for name in NARRATIVE_FIELDS}
    current.problems, current.remedies = problems.strip(), remedies.strip()
    current.lock_version += 1
    current.save()
    after = {name: getattr(current, name) for name in NARRATIVE_FIELDS}
    _record(actor, current, "edited", before, after, context)
    return current


@transaction.atomic
def submit_report(
    *,
    actor: Actor,
    report: ProgressReport,
    lock_version: int,
    context: RequestContext | None = None,
) -> ProgressReport:
    """draft/returned → submitted, for the consultant's review."""
    _require(actor, report, can_prepare_report, PREPARERS_ONLY)
    current = _locked(report)
    REPORT_WORKFLOW.require(current, "submit")
    _check_version(current, lock_version)
    if current.ends_on > timezone.localdate():
        raise ProgressReportInvalid.at("period", _("A quarter is reported once it has ended."))
    before, after = REPORT_WORKFLOW.move(current, "submit")
    current.submitted_at = timezone.now()
    current.submitted_by = user_of(actor)  # type: ignore[assignment]
    current.return_comment = ""
    current.lock_version += 1
    current.save()
    _record(actor, current, "submitted", {"status": before}, {"status": after}, context)
    return current


@transaction.atomic
def accept_report(
    *,
    actor: Actor,
    report: ProgressReport,
    lock_version: int,
    context: RequestContext | None = None,
) -> ProgressReport:
    """submitted → accepted: the figures are computed once more and stored with the report,
    which from then on shows them as accepted (the quarter is closed)."""
    _require(actor, report, can_review_report, REVIEWERS_ONLY)
    current = _locked(report)
    REPORT_WORKFLOW.require(current, "accept")
    _check_version(current, lock_version)
    period = rules.parse_period(current.period)
    assert period is not None
    before, after = REPORT_WORKFLOW.move(current, "accept")
    current.figures = quarter_figures(current.programme, current.gmina, period)
    current.reviewed_at = timezone.now()
    current.reviewed_by = user_of(actor)  # type: ignore[assignment]
    current.lock_version += 1
    current.save()
    _record(
        actor,
        current,
        "accepted",
        {"status": before},
        {"status": after, "figures": current.figures},
        context,
    )
    return current


@transaction.atomic
def return_report(
    *,
    actor: Actor,
    report: ProgressReport,
    comment: str,
    lock_version: int,
    context: RequestContext | None = None,
) -> ProgressReport:
    """submitted → returned, with the consultant's comment saying what to correct."""
    _require(actor, report, can_review_report, REVIEWERS_ONLY)
    current = _locked(report)
    REPORT_WORKFLOW.require(current, "return")
    _check_version(current, lock_version)
    _refuse(rules.return_comment_problems(comment))
    before, after = REPORT_WORKFLOW.move(current, "return")
    current.return_comment = comment.strip()
    current.reviewed_at = timezone.now()
    current.reviewed_by = user_of(actor)  # type: ignore[assignment]
    current.lock_version += 1
    current.save()
    _record(
        actor,
        current,
        "returned",
        {"status": before},
        {"status": after, "comment": current.return_comment},
        context,
    )
    return current
