"""Writes of the public consultation of a draft: opening and closing its public page, and a
resident's comment on it (no account needed)."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from integra.action_plans import policies
from integra.action_plans.models import PlanVersion, PublicComment
from integra.action_plans.rules import AUTHOR_NAME_MAX
from integra.action_plans.services.versions import PLAN_VERSION_WORKFLOW, locked, require_right
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor
from integra.core.errors import DomainError, Problem, RulesBroken


class ConsultationClosed(DomainError):
    code = "consultation_closed"
    status = 404


@transaction.atomic
def set_public_consultation(
    *, actor: Actor, version: PlanVersion, is_open: bool, context: RequestContext | None = None
) -> PlanVersion:
    """Open (a new unguessable address) or close the public page of a draft. Raises
    PermissionDenied, and PlanStateInvalid when opening a version that is not being edited."""
    plan = version.plan
    require_right(actor, lambda user: policies.can_edit_action_plan(user, plan), "consult")
    version = locked(version)
    if is_open:
        PLAN_VERSION_WORKFLOW.require(version, "consult")
    version.public_key = uuid.uuid4() if is_open else None
    version.save(update_fields=["public_key"])
    record_event(
        actor=actor,
        action="action_plans.plan_version.consultation_" + ("opened" if is_open else "closed"),
        target=version,
        territory_teryt=version.plan.gmina.teryt,
        context=context,
    )
    return version


@transaction.atomic
def add_public_comment(*, public_key: uuid.UUID, author_name: str, text: str) -> PublicComment:
    """A resident's comment on a draft under public consultation (no account needed). Raises
    ConsultationClosed for an unknown key or a version no longer edited, RulesBroken for an
    empty comment."""
    version = PlanVersion.objects.filter(public_key=public_key).first()
    if version is None or not version.is_editable:
        raise ConsultationClosed(_("This plan is not open to public consultation."))
    if not text.strip():
        raise RulesBroken(
            _("The comment is empty; nothing was saved."),
            [Problem(_("Write the comment."), field="text")],
        )
    return PublicComment.objects.create(
        version=version, author_name=author_name.strip()[:AUTHOR_NAME_MAX], text=text.strip()
    )
