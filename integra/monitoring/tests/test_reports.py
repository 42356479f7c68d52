"""The quarterly progress report: its life (draft → submitted → accepted, or returned with a
comment and submitted again), lock_version, audit, rights per role and territory, and the
snapshot an accepted report keeps however the data changes afterwards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from integra.audit.models import AuditEvent
from integra.contracts.models import Contract, ReportReach
from integra.core.actors import SystemActor
from integra.monitoring import services
from integra.monitoring.models import ProgressReport
from integra.monitoring.rules import parse_period
from integra.monitoring.selectors.reports import figures_of, quarter_figures
from integra.monitoring.services.reports import ReportExists

pytestmark = pytest.mark.django_db

QUARTER = "2007-Q3"


@pytest.fixture
def report(world):
    return services.create_report(
        actor=world.people.coordinator, programme=world.programme, gmina=world.gmina, period=QUARTER
    )


def submitted(world, report):
    report = services.update_narrative(
        actor=world.people.coordinator,
        report=report,
        problems="Opóźnienia w naborze.",
        remedies="Drugi nabór we wrześniu.",
        lock_version=report.lock_version,
    )
    return services.submit_report(
        actor=world.people.coordinator, report=report, lock_version=report.lock_version
    )


def test_a_report_goes_from_draft_to_accepted_and_keeps_its_figures(world, report):
    report = submitted(world, report)
    assert report.status == ProgressReport.Status.SUBMITTED
    accepted = services.accept_report(
        actor=world.people.consultant, report=report, lock_version=report.lock_version
    )
    assert accepted.status == ProgressReport.Status.ACCEPTED
    period = parse_period(QUARTER)
    assert accepted.figures == quarter_figures(world.programme, world.gmina, period)
    actions = list(
        AuditEvent.objects.filter(
            target_type="monitoring.progressreport", target_id=str(report.pk)
        ).values_list("action", flat=True)
    )
    assert actions == [
        "monitoring.progress_report.created",
        "monitoring.progress_report.edited",
        "monitoring.progress_report.submitted",
        "monitoring.progress_report.accepted",
    ]


def test_later_changes_of_the_data_never_rewrite_an_accepted_report(world, report):
    report = submitted(world, report)
    report = services.accept_report(
        actor=world.people.consultant, report=report, lock_version=report.lock_version
    )
    kept = dict(report.figures)
    # The data changes: a contract of the quarter is terminated, its people doubled.
    in_quarter = Contract.objects.filter(
        gmina=world.gmina, signed_on__range=(dt.date(2007, 7, 1), dt.date(2007, 9, 30))
    )
    Contract.objects.filter(gmina=world.gmina).update(status=Contract.Status.TERMINATED)
    for reach in ReportReach.objects.filter(report__contract__gmina=world.gmina):
        reach.people *= 2
        reach.save()
    fresh = ProgressReport.objects.get(pk=report.pk)
    assert fresh.figures == kept
    assert figures_of(fresh) == kept
    now = quarter_figures(world.programme, world.gmina, parse_period(QUARTER))
    if in_quarter.exists() or kept["people_reached_total"]:
        assert now != kept


def test_a_returned_report_carries_the_comment_and_is_corrected(world, report):
    report = submitted(world, report)
    returned = services.return_report(
        actor=world.people.consultant,
        report=report,
        comment="Uzupełnij opis problemów.",
        lock_version=report.lock_version,
    )
    assert returned.status == ProgressReport.Status.RETURNED
    assert returned.figures is None
    again = submitted(world, returned)
    assert again.status == ProgressReport.Status.SUBMITTED and again.return_comment == ""


def test_a_return_needs_a_comment(world, report):
    report = submitted(world, report)
    with pytest.raises(services.ProgressReportInvalid) as refusal:
        services.return_report(
            actor=world.people.consultant,
            report=report,
            comment="  ",
            lock_version=report.lock_version,
        )
    assert refusal.value.problems[0].field == "comment"
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.SUBMITTED


def test_the_period_is_closed_once_accepted(world, report):
    report = submitted(world, report)
    report = services.accept_report(
        actor=world.people.consultant, report=report, lock_version=report.lock_version
    )
    with pytest.raises(services.ReportTransitionRefused):
        services.update_narrative(
            actor=world.people.coordinator,
            report=report,
            problems="x",
            remedies="y",
            lock_version=report.lock_version,
        )
    with pytest.raises(services.ReportTransitionRefused):
        services.return_report(
            actor=world.people.consultant,
            report=report,
            comment="Po fakcie",
            lock_version=report.lock_version,
        )
    with pytest.raises(ReportExists):
        services.create_report(
            actor=world.people.coordinator,
            programme=world.programme,
            gmina=world.gmina,
            period=QUARTER,
        )


def test_a_stale_lock_version_is_refused_and_changes_nothing(world, report):
    services.update_narrative(
        actor=world.people.coordinator, report=report, problems="A", remedies="B", lock_version=1
    )
    with pytest.raises(services.ReportEditConflict):
        services.update_narrative(
            actor=world.people.coordinator,
            report=report,
            problems="C",
            remedies="D",
            lock_version=1,
        )
    assert ProgressReport.objects.get(pk=report.pk).problems == "A"


@pytest.mark.parametrize(
    "period", ["2007-Q5", "2007", "2007-H1", "1990-Q1", "2015-Q1", "", "2007-q3<script>"]
)
def test_a_period_that_is_no_quarter_of_the_programme_is_refused(world, period):
    with pytest.raises(services.ProgressReportInvalid) as refusal:
        services.create_report(
            actor=world.people.coordinator,
            programme=world.programme,
            gmina=world.gmina,
            period=period,
        )
    assert refusal.value.problems[0].field == "period"
    assert not ProgressReport.objects.exists()


def test_a_quarter_not_ended_cannot_be_submitted(world, personas, small_tree):
    world.programme.ends_on = dt.date(2100, 12, 31)
    world.programme.save()
    report = services.create_report(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        period="2099-Q4",
    )
    with pytest.raises(services.ProgressReportInvalid):
        services.submit_report(actor=world.people.coordinator, report=report, lock_version=1)


def test_too_long_a_narrative_is_refused_at_its_field(world, report):
    with pytest.raises(services.ProgressReportInvalid) as refusal:
        services.update_narrative(
            actor=world.people.coordinator,
            report=report,
            problems="x" * 5000,
            remedies="ok\x00",
            lock_version=1,
        )
    assert {p.field for p in refusal.value.problems} == {"problems", "remedies"}


# Rights -------------------------------------------------------------------------------------------


def test_only_the_gminas_coordinator_prepares_its_report(world, report):
    people = world.people
    with pytest.raises(ProgressReport.DoesNotExist):  # another voivodeship: not even seen
        services.update_narrative(
            actor=people.coordinator_lublin, report=report, problems="", remedies="", lock_version=1
        )
    with pytest.raises(ProgressReport.DoesNotExist):  # the neighbouring gmina
        services.update_narrative(
            actor=people.neighbour, report=report, problems="", remedies="", lock_version=1
        )
    for reader in (people.viewer, people.consultant, people.admin):
        with pytest.raises(PermissionDenied):
            services.update_narrative(
                actor=reader, report=report, problems="", remedies="", lock_version=1
            )
    with pytest.raises(PermissionDenied):
        services.create_report(
            actor=people.neighbour, programme=world.programme, gmina=world.gmina, period="2007-Q4"
        )


def test_only_the_regions_consultant_reviews(world, report):
    report = submitted(world, report)
    people = world.people
    for reader in (people.coordinator, people.officer, people.admin, people.viewer):
        with pytest.raises(PermissionDenied):
            services.accept_report(actor=reader, report=report, lock_version=report.lock_version)
    with pytest.raises(ProgressReport.DoesNotExist):
        services.accept_report(
            actor=people.officer_lublin, report=report, lock_version=report.lock_version
        )
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.SUBMITTED


def test_the_system_may_set_targets_and_a_gmina_may_not(world):
    from integra.monitoring.models import Indicator

    indicator = Indicator.objects.get(code="CONTRACTS")
    target = services.set_target(
        actor=SystemActor("test"),
        indicator=indicator,
        programme=world.programme,
        teryt="",
        target=Decimal("100"),
    )
    assert target.target == 100
    with pytest.raises(PermissionDenied):
        services.set_target(
            actor=world.people.coordinator,
            indicator=indicator,
            programme=world.programme,
            teryt="1001022",
            target=Decimal("5"),
        )
