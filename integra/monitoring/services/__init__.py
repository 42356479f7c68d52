"""Writes of monitoring: the progress report's life (`reports`), targets and entered values
(`indicators`)."""

from integra.monitoring.services.indicators import (
    IndicatorEditConflict,
    IndicatorInputInvalid,
    TargetRow,
    ValueRow,
    enter_value,
    enter_values,
    set_target,
    set_targets,
)
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
    "IndicatorEditConflict",
    "IndicatorInputInvalid",
    "ProgressReportInvalid",
    "ReportEditConflict",
    "ReportTransitionRefused",
    "TargetRow",
    "ValueRow",
    "accept_report",
    "create_report",
    "enter_value",
    "enter_values",
    "return_report",
    "set_target",
    "set_targets",
    "submit_report",
    "update_narrative",
]
