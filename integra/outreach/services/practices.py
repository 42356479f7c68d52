"""Good practices: a gmina's coordinator proposes one with its evidence (the gmina's contracts and
provider reports), the regional consultant edits it (stating the edit version loaded), photos are
added with their alternative text, and the ministry publishes or rejects it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.outreach import rules
from integra.outreach.models import GoodPractice, PracticePhoto
from integra.outreach.models.practices import WORKFLOW
from integra.outreach.policies import (
    can_add_practice_photo,
    can_decide_practice,
    can_edit_practice,
    can_propose_practice_at,
    can_view_practice,
)
from integra.territories.models import Territory


class PracticeInvalid(RulesBroken):
    code = "good_practice_invalid"
    status = 422


class PracticeEditConflict(DomainError):
    """Someone saved the practice since the editor loaded it."""

    code = "good_practice_edit_conflict"
    status = 409


def _visible(practice: GoodPractice) -> Any:
    return lambda user: can_view_practice(user, practice)


def _evidence_problems(
    gmina: Territory, contracts: Sequence[Any], reports: Sequence[Any]
) -> list[Problem]:
    """The evidence must be the gmina's own: its contracts and the reports of those contracts."""
    problems: list[Problem] = []
    if any(contract.gmina_id != gmina.pk for contract in contracts):
        problems.append(Problem(_("Choose contracts of the gmina itself."), field="contracts"))
    chosen = {contract.pk for contract in contracts}
    if any(report.contract_id not in chosen for report in reports):
        problems.append(
            Problem(_("Choose reports of the contracts chosen above."), field="reports")
        )
    return problems


def _check(
    values: rules.PracticeValues,
    *,
    gmina: Territory,
    service_type: Any,
    contracts: Sequence[Any],
    reports: Sequence[Any],
) -> None:
    problems = rules.practice_problems(values)
    if service_type is None:
        problems.append(Problem(_("Choose the type of service."), field="service_type"))
    problems += _evidence_problems(gmina, contracts, reports)
    if problems:
        raise PracticeInvalid(_("The practice is refused; nothing was saved."), problems)


def _write(
    practice: GoodPractice,
    values: rules.PracticeValues,
    *,
    service_type: Any,
    groups: Sequence[Any],
    contracts: Sequence[Any],
    reports: Sequence[Any],
) -> None:
    practice.title = values.title.strip()
    practice.service_type = service_type
    practice.what_was_done = values.what_was_done.strip()
    practice.results = values.results.strip()
    practice.people_reached = values.people_reached
    practice.contact_office = values.contact_office.strip()
    practice.contact_email = values.contact_email.strip()
    practice.contact_phone = values.contact_phone.strip()
    practice.save()
    practice.groups.set(list(groups))
    practice.contracts.set(list(contracts))
    practice.reports.set(list(reports))


def _summary(practice: GoodPractice) -> dict[str, Any]:
    return {
        "title": practice.title,
        "service_type": practice.service_type_id,
        "people_reached": practice.people_reached,
        "groups": sorted(practice.groups.values_list("code", flat=True)),
        "contracts": sorted(practice.contracts.values_list("pk", flat=True)),
        "reports": sorted(practice.reports.values_list("pk", flat=True)),
    }


@transaction.atomic
def propose_practice(
    *,
    actor: Actor,
    programme: Any,
    gmina: Territory,
    values: rules.PracticeValues,
    service_type: Any,
    groups: Sequence[Any],
    contracts: Sequence[Any] = (),
    reports: Sequence[Any] = (),
    context: RequestContext | None = None,
) -> GoodPractice:
    require(
        actor,
        lambda user: can_propose_practice_at(user, gmina.teryt),
        _("Only the gmina's coordinator proposes its good practices."),
    )
    _check(values, gmina=gmina, service_type=service_type, contracts=contracts, reports=reports)
    practice = GoodPractice(programme=programme, gmina=gmina)
    _write(
        practice,
        values,
        service_type=service_type,
        groups=groups,
        contracts=contracts,
        reports=reports,
    )
    record_event(
        actor=actor,
        action="outreach.good_practice.proposed",
        target=practice,
        territory_teryt=gmina.teryt,
        changes=_summary(practice),
        context=context,
    )
    return practice


@transaction.atomic
def edit_practice(
    *,
    actor: Actor,
    practice: GoodPractice,
    lock_version: int,
    values: rules.PracticeValues,
    service_type: Any,
    groups: Sequence[Any],
    contracts: Sequence[Any] = (),
    reports: Sequence[Any] = (),
    context: RequestContext | None = None,
) -> GoodPractice:
    """The consultant's edit of a proposed practice; 409 when someone saved in between."""
    require(
        actor,
        lambda user: can_edit_practice(user, practice),
        _("Only the regional consultant edits a proposed practice."),
        visible=_visible(practice),
        missing=GoodPractice.DoesNotExist,
    )
    locked = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    WORKFLOW.require(locked, "edit")
    if locked.lock_version != lock_version:
        raise PracticeEditConflict(
            _("Someone saved this practice after you opened it. Reload it and edit again.")
        )
    _check(
        values,
        gmina=locked.gmina,
        service_type=service_type,
        contracts=contracts,
        reports=reports,
    )
    before = _summary(locked)
    locked.lock_version += 1
    _write(
        locked,
        values,
        service_type=service_type,
        groups=groups,
        contracts=contracts,
        reports=reports,
    )
    after = _summary(locked)
    record_event(
        actor=actor,
        action="outreach.good_practice.edited",
        target=locked,
        territory_teryt=locked.gmina.teryt,
        changes={key: [before[key], after[key]] for key in after if before[key] != after[key]},
        context=context,
    )
    return locked


@transaction.atomic
def add_practice_photo(
    *,
    actor: Actor,
    practice: GoodPractice,
    upload: UploadedFile[Any],
    alt_text: str,
    context: RequestContext | None = None,
) -> PracticePhoto:
    require(
        actor,
        lambda user: can_add_practice_photo(user, practice),
        _("Only the gmina's coordinator or the regional consultant adds photos."),
        visible=_visible(practice),
        missing=GoodPractice.DoesNotExist,
    )
    locked = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    WORKFLOW.require(locked, "add_photo")
    problems = rules.photo_problems(
        upload.name or "", upload.size or 0, alt_text, count=locked.photos.count()
    )
    if problems:
        raise PracticeInvalid(_("The photo is refused; nothing was saved."), problems)
    photo = PracticePhoto.objects.create(
        practice=locked, file=upload, alt_text=alt_text.strip(), size=upload.size or 0
    )
    record_event(
        actor=actor,
        action="outreach.practice_photo.added",
        target=photo,
        territory_teryt=locked.gmina.teryt,
        changes={"alt_text": photo.alt_text, "size": photo.size},
        context=context,
    )
    return photo


def _decide(
    actor: Actor, practice: GoodPractice, verb: str, note: str, context: RequestContext | None
) -> GoodPractice:
    require(
        actor,
        lambda user: can_decide_practice(user, practice),
        _("Only the ministry publishes or rejects good practices."),
        visible=_visible(practice),
        missing=GoodPractice.DoesNotExist,
    )
    if len(note) > rules.PRACTICE_NOTE_LENGTH:
        raise PracticeInvalid.at(
            "note",
            _("The reason may have at most %(max)s characters.")
            % {"max": rules.PRACTICE_NOTE_LENGTH},
        )
    locked = GoodPractice.objects.select_for_update().get(pk=practice.pk)
    before, after = WORKFLOW.move(locked, verb)
    locked.decision_note = note.strip()
    if verb == "publish":
        locked.published_at = timezone.now()
    locked.save(update_fields=["status", "decision_note", "published_at", "updated_at"])
    record_event(
        actor=actor,
        action=f"outreach.good_practice.{verb}ed",
        target=locked,
        territory_teryt=locked.gmina.teryt,
        changes={"status": [before, after], "note": locked.decision_note},
        context=context,
    )
    return locked


@transaction.atomic
def publish_practice(
    *,
    actor: Actor,
    practice: GoodPractice,
    note: str = "",
    context: RequestContext | None = None,
) -> GoodPractice:
    """The ministry puts the practice into the public library."""
    return _decide(actor, practice, "publish", note, context)


@transaction.atomic
def reject_practice(
    *,
    actor: Actor,
    practice: GoodPractice,
    note: str,
    context: RequestContext | None = None,
) -> GoodPractice:
    """The ministry refuses the practice, saying why."""
    if not note.strip():
        raise PracticeInvalid.at("note", _("Say why the practice is rejected."))
    return _decide(actor, practice, "reject", note, context)
