"""Rights over training, expert support and the campaign (docs/access-matrix.txt).

- **Organise a training** (create it, take attendance): a ministry administrator for the
  ministry, the regional officer or consultant for their region, a gmina coordinator for their
  gmina. The organiser is the unit itself: the ministry does not take a gmina's attendance.
- **See a training**: every programme role at the organiser's unit, below it (a region's
  training is seen by its gminas, the ministry's by all) and above it; the trainer who is an
  expert user sees their own sessions only.
- **Register people**: a gmina coordinator, for their gmina, in a training their gmina sees.
- **Read the participants' personal data** (name, function, e-mail) and download certificates:
  the organiser's staff and the staff of the gmina that registered them — nobody else.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, MINISTRY_ROLES, REGIONAL_ROLES, Role

COUNTRY = "PL"
PROGRAMME_ROLES = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
ORGANISERS = frozenset(
    {Role.MINISTRY_ADMIN, Role.REGIONAL_OFFICER, Role.REGIONAL_CONSULTANT, Role.GMINA_COORDINATOR}
)
REGISTRARS = frozenset({Role.GMINA_COORDINATOR})
EXPERTS = frozenset({Role.EXPERT})


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def prefix_of(teryt: str) -> str:
    """The scope prefix of a unit's code: '' for the country, the code itself otherwise."""
    return "" if teryt == COUNTRY else teryt


def holds_at(user: Any, roles: frozenset[str], teryt: str) -> bool:
    """Holds one of `roles` at exactly this unit (not above it): the unit's own staff."""
    return _signed_in(user) and prefix_of(teryt) in user.scope_prefixes(roles)


def ancestors(prefix: str) -> set[str]:
    """The codes of a scope's unit and the units above it (the country included)."""
    codes = {COUNTRY}
    for length in (2, 4, 7):
        if len(prefix) >= length:
            codes.add(prefix[:length])
    return codes


@action("outreach.session.view", _("see training sessions (at the unit, above and below it)"))
def can_view_session_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PROGRAMME_ROLES, teryt)


@action("outreach.session.organise", _("organise a training and take its attendance"))
def can_organise_at(user: Any, teryt: str) -> bool:
    return holds_at(user, ORGANISERS, teryt)


@action("outreach.registration.create", _("register a gmina's people for a training"))
def can_register_at(user: Any, teryt: str) -> bool:
    return holds_at(user, REGISTRARS, teryt)


@action(
    "outreach.registration.view_personal",
    _("read participants' names and e-mails, download certificates (organiser, their gmina)"),
)
def can_view_personal_at(user: Any, teryt: str) -> bool:
    return holds_at(user, PROGRAMME_ROLES, teryt)


def is_organiser(user: Any, session: Any) -> bool:
    return can_organise_at(user, session.organiser.teryt)


def is_organiser_staff(user: Any, session: Any) -> bool:
    return can_view_personal_at(user, session.organiser.teryt)


def can_edit_session(user: Any, session: Any) -> bool:
    return is_organiser(user, session)


def can_take_attendance(user: Any, session: Any) -> bool:
    return is_organiser(user, session)


def can_register_for(user: Any, session: Any, gmina_teryt: str) -> bool:
    """The gmina's coordinator, when the gmina lies under the organiser (or is it)."""
    return can_register_at(user, gmina_teryt) and gmina_teryt.startswith(
        prefix_of(session.organiser.teryt)
    )


def can_view_registration(user: Any, registration: Any) -> bool:
    """Personal data: the organiser's staff and the registering gmina's staff only."""
    return is_organiser_staff(user, registration.session) or can_view_personal_at(
        user, registration.gmina.teryt
    )


def can_open_training(user: Any) -> bool:
    """The menu entry: a programme role anywhere, or an expert (their own sessions)."""
    return _signed_in(user) and bool(user.scope_prefixes(PROGRAMME_ROLES | EXPERTS))


def organiser_prefixes(user: Any) -> list[str]:
    """The units (as scope prefixes) where the user organises trainings."""
    if not _signed_in(user):
        return []
    return sorted(user.scope_prefixes(ORGANISERS))


def registrar_gminas(user: Any) -> list[str]:
    """The gminas (TERYT codes) whose people the user registers."""
    if not _signed_in(user):
        return []
    return sorted(p for p in user.scope_prefixes(REGISTRARS) if len(p) == 7)


# Expert support ---------------------------------------------------------------------------------

ASSIGNERS = frozenset({Role.REGIONAL_OFFICER, Role.REGIONAL_CONSULTANT})
ROSTER_KEEPERS = frozenset({Role.MINISTRY_ADMIN, Role.REGIONAL_OFFICER})


@action("outreach.expert_request.create", _("ask for expert support for a gmina"))
def can_request_expert_at(user: Any, teryt: str) -> bool:
    return holds_at(user, REGISTRARS, teryt)


@action("outreach.expert_request.view", _("see a gmina's expert support requests"))
def can_view_requests_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PROGRAMME_ROLES, teryt)


@action("outreach.expert_request.assign", _("assign an expert to a gmina's request"))
def can_assign_expert_at(user: Any, teryt: str) -> bool:
    return holds_any(user, ASSIGNERS, teryt) and len(prefix_of(teryt)) > 0


@action("outreach.expert_profile.manage", _("keep the experts' roster"))
def can_keep_roster_at(user: Any, teryt: str) -> bool:
    return holds_any(user, ROSTER_KEEPERS, teryt)


def is_assigned_expert(user: Any, request: Any) -> bool:
    return _signed_in(user) and request.expert_id == user.pk


def can_assign_expert(user: Any, request: Any) -> bool:
    return can_assign_expert_at(user, request.gmina.teryt)


def can_report_work(user: Any, request: Any) -> bool:
    """The assigned expert, or the region that assigned them."""
    return is_assigned_expert(user, request) or can_assign_expert(user, request)


def can_view_request(user: Any, request: Any) -> bool:
    return is_assigned_expert(user, request) or can_view_requests_at(user, request.gmina.teryt)


def can_keep_roster(user: Any) -> bool:
    return _signed_in(user) and bool(user.scope_prefixes(ROSTER_KEEPERS))


def can_open_experts(user: Any) -> bool:
    return can_open_training(user)


# The information campaign -----------------------------------------------------------------------


@action("outreach.campaign_event.view", _("read the campaign's events register"))
def can_view_events_at(user: Any, teryt: str) -> bool:
    return _signed_in(user) and bool(user.scope_prefixes(PROGRAMME_ROLES))


@action("outreach.campaign_event.record", _("record a campaign event of the unit"))
def can_record_event_at(user: Any, teryt: str) -> bool:
    return holds_at(user, ORGANISERS, teryt)


def can_edit_event(user: Any, event: Any) -> bool:
    return can_record_event_at(user, event.organiser.teryt)


def can_see_notifications(user: Any) -> bool:
    """Every signed-in user has their own reminders."""
    return _signed_in(user)


# Good practices -----------------------------------------------------------------------------------
# A gmina's coordinator proposes; the regional consultant over the gmina edits (and adds photos,
# as the proposing gmina may); the ministry's administrator publishes or rejects. Published
# practices are public; the others are seen by the programme roles over the gmina.

PRACTICE_EDITORS = frozenset({Role.REGIONAL_CONSULTANT})
PRACTICE_DECIDERS = frozenset({Role.MINISTRY_ADMIN})


@action("outreach.good_practice.propose", _("propose a good practice of the gmina"))
def can_propose_practice_at(user: Any, teryt: str) -> bool:
    return holds_at(user, REGISTRARS, teryt)


@action("outreach.good_practice.view", _("see a gmina's good practices before publication"))
def can_view_practices_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PROGRAMME_ROLES, teryt)


@action("outreach.good_practice.edit", _("edit a proposed good practice (the consultant)"))
def can_edit_practice_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PRACTICE_EDITORS, teryt) and len(prefix_of(teryt)) > 0


@action("outreach.good_practice.decide", _("publish or reject a good practice"))
def can_decide_practice_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PRACTICE_DECIDERS, teryt)


def can_view_practice(user: Any, practice: Any) -> bool:
    return practice.status == "published" or can_view_practices_at(user, practice.gmina.teryt)


def can_edit_practice(user: Any, practice: Any) -> bool:
    return can_edit_practice_at(user, practice.gmina.teryt)


def can_add_practice_photo(user: Any, practice: Any) -> bool:
    teryt = practice.gmina.teryt
    return can_edit_practice_at(user, teryt) or can_propose_practice_at(user, teryt)


def can_decide_practice(user: Any, practice: Any) -> bool:
    return can_decide_practice_at(user, practice.gmina.teryt)


def can_open_practices(user: Any) -> bool:
    return _signed_in(user) and bool(user.scope_prefixes(PROGRAMME_ROLES))


def proposer_gminas(user: Any) -> list[str]:
    return registrar_gminas(user)
