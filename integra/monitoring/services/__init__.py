"""Writes of monitoring: the progress report's life (`reports`), targets and entered values
(`indicators`)."""

from integra.monitoring.services.indicators import enter_value, set_target
from integra.monitoring.services.reports import (
    REPORT_WORKFLOW,
    ProgressReportInvalid,
    ReportEditConflict,
    ReportTransitionRefused,
    accept_report,
    create_report,
    return_report,
    submit_report,
    update_narrative,
)

__all__ = [
    "REPORT_WORKFLOW",
    "ProgressReportInvalid",
    "ReportEditConflict",
    "ReportTransitionRefused",
    "accept_report",
    "create_report",
    "enter_value",
    "return_report",
    "set_target",
    "submit_report",
    "update_narrative",
]
