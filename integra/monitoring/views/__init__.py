"""Pages of monitoring: the progress reports and the programme's reports (`reports`), the
indicator targets and the entered values (`targets`)."""

from integra.monitoring.views.reports import (
    programme_report,
    report_accept,
    report_create,
    report_detail,
    report_edit,
    report_export,
    report_list,
    report_return,
    report_submit,
)
from integra.monitoring.views.targets import (
    target_edit,
    target_export,
    target_list,
    value_edit,
    value_export,
    value_list,
)

__all__ = [
    "programme_report",
    "report_accept",
    "report_create",
    "report_detail",
    "report_edit",
    "report_export",
    "report_list",
    "report_return",
    "report_submit",
    "target_edit",
    "target_export",
    "target_list",
    "value_edit",
    "value_export",
    "value_list",
]
