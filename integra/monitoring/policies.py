"""Rights over monitoring: the gmina's coordinator prepares and submits its quarterly progress
report, the regional consultant accepts it or returns it; the ministry, the region and the gmina
read the indicators of their territory (the national figures are the ministry's) with their
targets and entered values; the ministry sets the targets of the country and of each voivodeship,
the regional office (ROPS) those of its voivodeship's gminas; the gmina's coordinator enters the
values Integra cannot count (services continued after the programme…); the ministry builds the
programme's reports, a region the half-yearly report of its voivodeship."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, MINISTRY_ROLES, REGIONAL_ROLES, Role

READERS = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
PREPARERS = frozenset({Role.GMINA_COORDINATOR})
REVIEWERS = frozenset({Role.REGIONAL_CONSULTANT})
TARGET_SETTERS = frozenset({Role.MINISTRY_ADMIN})
GMINA_TARGET_SETTERS = frozenset({Role.REGIONAL_OFFICER})
VALUE_ENTERERS = frozenset({Role.GMINA_COORDINATOR})
GMINA_CODE_LENGTH = 7
REGION_REPORTERS = MINISTRY_ROLES | frozenset({Role.REGIONAL_OFFICER, Role.REGIONAL_CONSULTANT})

NATIONAL = ""


@action("monitoring.progress_report.view", _("read a gmina's quarterly progress reports"))
def can_view_reports_at(user: Any, teryt: str) -> bool:
    return holds_any(user, READERS, teryt)


@action("monitoring.progress_report.prepare", _("prepare and submit a gmina's progress report"))
def can_prepare_report_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PREPARERS, teryt)


@action("monitoring.progress_report.review", _("accept or return a gmina's progress report"))
def can_review_report_at(user: Any, teryt: str) -> bool:
    return holds_any(user, REVIEWERS, teryt)


@action("monitoring.indicator.view", _("read the indicators of a territory"))
def can_view_indicators_at(user: Any, teryt: str) -> bool:
    return holds_any(user, READERS, teryt)


@action("monitoring.target.set", _("set the baselines and targets of indicators"))
def can_set_targets_at(user: Any, teryt: str) -> bool:
    """The country's and a voivodeship's targets are the ministry's, a gmina's its region's."""
    setters = GMINA_TARGET_SETTERS if len(teryt) == GMINA_CODE_LENGTH else TARGET_SETTERS
    return holds_any(user, setters, teryt)


@action("monitoring.indicator_value.enter", _("enter a gmina's values of entered indicators"))
def can_enter_values_at(user: Any, teryt: str) -> bool:
    return len(teryt) == GMINA_CODE_LENGTH and holds_any(user, VALUE_ENTERERS, teryt)


@action("monitoring.report.build", _("build a programme or regional monitoring report"))
def can_build_reports_at(user: Any, teryt: str) -> bool:
    return holds_any(user, REGION_REPORTERS, teryt)


def can_view_report(user: Any, report: Any) -> bool:
    return can_view_reports_at(user, report.gmina.teryt)


def can_prepare_report(user: Any, report: Any) -> bool:
    return can_prepare_report_at(user, report.gmina.teryt)


def can_review_report(user: Any, report: Any) -> bool:
    return can_review_report_at(user, report.gmina.teryt)


def can_open_progress_reports(user: Any) -> bool:
    """May open the list of progress reports (it then shows those within the user's scope)."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(READERS))


def can_open_national_dashboard(user: Any) -> bool:
    return can_view_indicators_at(user, NATIONAL)


def can_open_targets(user: Any) -> bool:
    """May open the targets and entered values (they then show those within the user's scope)."""
    return can_open_progress_reports(user)
