"""Attachments of an offer (a partnership agreement, other documents): bounded in number, size
and type, added while the offer may still change — online until the deadline, by the
coordinator while offers are registered — and never to a withdrawn or replaced offer."""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.contracts import policies, rules
from integra.contracts.models import Offer, OfferAttachment
from integra.contracts.services.offers import OfferAfterDeadline, OfferNotAllowed, locked_offer
from integra.contracts.services.shared import ROUND_WORKFLOW, locked_round, require_right
from integra.core.actors import Actor, is_system
from integra.core.errors import Problem, RulesBroken


def upload_problems(upload: UploadedFile[Any], field: str = "file") -> list[Problem]:
    """An attachment within the size limit, of an allowed type (by its name's extension)."""
    problems = []
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in rules.UPLOAD_TYPES:
        problems.append(
            Problem(
                _("Attach a PDF, JPG, PNG, ODT or DOCX file."),
                field=field,
            )
        )
    if (upload.size or 0) > rules.MAX_UPLOAD_BYTES:
        problems.append(
            Problem(
                _("The file is larger than %(mb)s MB.")
                % {"mb": rules.MAX_UPLOAD_BYTES // (1024 * 1024)},
                field=field,
            )
        )
    if not upload.size:
        problems.append(Problem(_("The file is empty."), field=field))
    return problems


@transaction.atomic
def add_attachment(
    *,
    actor: Actor,
    offer: Offer,
    kind: str,
    upload: UploadedFile[Any],
    context: RequestContext | None = None,
) -> OfferAttachment:
    """Attach a partnership agreement or another document to an offer still open to changes
    (online until the deadline; the coordinator while offers are registered). Raises
    PermissionDenied, ObjectDoesNotExist (another provider's offer), OfferAfterDeadline,
    RulesBroken (type, size, too many files)."""
    require_right(
        actor,
        lambda user: policies.can_change_offer(user, offer),
        "offer",
        visible=lambda user: policies.can_view_offer(user, offer),
        missing=ObjectDoesNotExist,
    )
    round_ = locked_round(offer.round)
    runner = is_system(actor) or policies.can_run_round(actor, round_)
    ROUND_WORKFLOW.require(round_, "register" if runner else "offer")
    if not runner and timezone.now() > round_.deadline_at:
        raise OfferAfterDeadline(_("The deadline for offers has passed; nothing was added."))
    if not locked_offer(offer).is_current:
        raise OfferNotAllowed(_("The offer was withdrawn or replaced; nothing was added."))
    problems = upload_problems(upload)
    if kind not in OfferAttachment.Kind.values:
        problems.append(Problem(_("Choose the kind of attachment."), field="kind"))
    if offer.attachments.count() >= rules.MAX_ATTACHMENTS:
        problems.append(
            Problem(
                _("An offer holds at most %(count)s attachments.")
                % {"count": rules.MAX_ATTACHMENTS},
                field="file",
            )
        )
    if problems:
        raise RulesBroken(_("The attachment was not added."), problems)
    extension = os.path.splitext(upload.name or "")[1].lower()
    attachment = OfferAttachment(
        offer=offer,
        kind=kind,
        name=os.path.basename(upload.name or "")[: rules.NAME_MAX],
        size=upload.size or 0,
        content_type=rules.UPLOAD_TYPES[extension],
    )
    attachment.file.save(f"{kind}{extension}", upload, save=False)
    attachment.save()
    record_event(
        actor=actor,
        action="contracts.offer.attachment_added",
        target=offer,
        territory_teryt=round_.gmina.teryt,
        context=context,
        changes={"kind": kind, "name": attachment.name, "size": attachment.size},
    )
    return attachment
