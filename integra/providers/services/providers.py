"""A provider registered or edited: the rules whole (every problem at its field), one provider
per NIP, REGON, KRS and PESEL (a twin is refused, pointing to the first), the PESEL sealed, the
edit version compared under a row lock, and the audit event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core import crypto
from integra.core.actors import Actor, require
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.providers import rules
from integra.providers.models import Provider
from integra.providers.policies import (
    can_create_any_provider,
    can_edit_provider,
    can_edit_provider_at,
    can_view_provider,
)
from integra.territories.models import Territory


class ProviderInvalid(RulesBroken):
    """The provider's values break the register's rules; every problem is at its field."""

    code = "provider_invalid"
    status = 422


class DuplicateProvider(RulesBroken):
    """A provider with one of these identifiers is already in the register: `existing` is it."""

    code = "provider_duplicate"
    status = 409

    def __init__(self, message: str, problems: list[Problem], *, existing: Provider) -> None:
        super().__init__(message, problems)
        self.existing = existing


class ProviderEditConflict(DomainError):
    """Someone saved the provider since the editor loaded it."""

    code = "provider_edit_conflict"
    status = 409

    def __init__(self, message: str, *, current: int) -> None:
        super().__init__(message)
        self.current = current


class ProviderMerged(DomainError):
    """The provider was merged into another: edit that one."""

    code = "provider_merged"
    status = 409


def require_creator(actor: Actor) -> None:
    """PermissionDenied unless the actor registers providers somewhere (asked before any input
    is read)."""
    require(actor, can_create_any_provider, _("You may not register providers."))


def _check(values: rules.ProviderValues, seat_gmina: Territory, *, pesel_kept: bool) -> None:
    problems = rules.provider_problems(values, pesel_kept=pesel_kept)
    if seat_gmina.level != Territory.Level.GMINA or seat_gmina.retired_on is not None:
        problems.append(
            Problem(
                _("Choose the gmina of the seat from the current register."), field="seat_gmina"
            )
        )
    if problems:
        raise ProviderInvalid(_("The provider is refused; nothing was saved."), problems)


def _stored(values: rules.ProviderValues) -> dict[str, Any]:
    """The columns of the values: identifiers as digits, the PESEL sealed and digested."""
    identifiers = values.identifiers()
    pesel = identifiers.pop("pesel")
    stored: dict[str, Any] = {
        "kind": values.kind,
        "name": values.name.strip(),
        **identifiers,
        "address": values.address.strip(),
        "postal_code": values.postal_code.strip(),
        "city": values.city.strip(),
        "contact_person": values.contact_person.strip(),
        "email": values.email.strip(),
        "phone": values.phone.strip(),
    }
    if pesel:
        stored["pesel_sealed"] = crypto.seal(pesel)
        stored["pesel_digest"] = crypto.digest(pesel)
    return stored


def _refuse_twins(stored: dict[str, Any], *, exclude: int | None = None) -> None:
    """DuplicateProvider at each field a current provider already holds."""
    keys = ("nip", "regon", "krs", "pesel_digest")
    twins = Provider.objects.with_identifiers({k: stored.get(k, "") for k in keys})
    if exclude is not None:
        twins = twins.exclude(pk=exclude)
    problems: list[Problem] = []
    first: Provider | None = None
    for twin in twins.order_by("pk"):
        for key in keys:
            if stored.get(key) and getattr(twin, key) == stored[key]:
                field = "pesel" if key == "pesel_digest" else key
                message = _(
                    "A provider with this %(label)s already exists: %(name)s — open its card."
                ) % {"label": rules.LABELS[field], "name": twin.name}
                problems.append(Problem(message, field=field))
                first = first or twin
    if first is not None:
        raise DuplicateProvider(problems[0].message, problems, existing=first)


def state(provider: Provider) -> dict[str, Any]:
    """What the audit trail keeps of a provider: never the PESEL, only whether there is one."""
    return {
        "kind": provider.kind,
        "name": provider.name,
        "nip": provider.nip,
        "regon": provider.regon,
        "krs": provider.krs,
        "iban": provider.iban,
        "has_pesel": provider.has_pesel,
        "address": provider.address,
        "postal_code": provider.postal_code,
        "city": provider.city,
        "seat_gmina": provider.seat_gmina.teryt,
        "contact_person": provider.contact_person,
        "email": provider.email,
        "phone": provider.phone,
    }


def _save(provider: Provider, stored: dict[str, Any]) -> None:
    """Save, turning a twin that slipped in between the check and the write into
    DuplicateProvider (the unique constraints hold the line)."""
    try:
        with transaction.atomic():
            provider.save()
    except IntegrityError:
        _refuse_twins(stored, exclude=provider.pk)
        raise


@transaction.atomic
def create_provider(
    *,
    actor: Actor,
    values: rules.ProviderValues,
    seat_gmina: Territory,
    brought_by: Territory | None = None,
    context: RequestContext | None = None,
) -> Provider:
    """Register a provider. `brought_by` is the gmina of the coordinator registering it (None for
    a region or the ministry, who register providers seated within their reach).

    Raises PermissionDenied, ProviderInvalid (every problem at its field) or DuplicateProvider
    (409, naming the provider that already holds the NIP, REGON, KRS or PESEL)."""
    place = brought_by.teryt if brought_by is not None else seat_gmina.teryt
    require(
        actor,
        lambda user: can_edit_provider_at(user, place),
        _("You may not register a provider there."),
    )
    _check(values, seat_gmina, pesel_kept=False)
    stored = _stored(values)
    _refuse_twins(stored)
    provider = Provider(seat_gmina=seat_gmina, brought_by=brought_by, **stored)
    _save(provider, stored)
    record_event(
        actor=actor,
        action="providers.provider.created",
        target=provider,
        territory_teryt=seat_gmina.teryt,
        changes={"before": None, "after": state(provider)},
        context=context,
    )
    return provider


@transaction.atomic
def update_provider(
    *,
    actor: Actor,
    provider: Provider,
    values: rules.ProviderValues,
    seat_gmina: Territory,
    lock_version: int,
    context: RequestContext | None = None,
) -> Provider:
    """Change a provider's values. An empty PESEL keeps the stored one (pages never show it
    back); a kind other than a natural person drops it.

    Raises PermissionDenied (404 outside the user's sight), ProviderMerged,
    ProviderEditConflict (someone saved since `lock_version`), ProviderInvalid or
    DuplicateProvider."""
    require(
        actor,
        lambda user: can_edit_provider(user, provider),
        _("You may not edit this provider."),
        visible=lambda user: can_view_provider(user, provider),
        missing=Provider.DoesNotExist,
    )
    locked = Provider.objects.select_for_update().select_related("seat_gmina").get(pk=provider.pk)
    if locked.is_merged:
        raise ProviderMerged(_("This provider was merged into another; edit that one."))
    if locked.lock_version != lock_version:
        raise ProviderEditConflict(
            _(
                "Someone saved this provider after you opened it. Your input is kept: "
                "check it against the current data and save again."
            ),
            current=locked.lock_version,
        )
    keeps_pesel = values.kind == rules.NATURAL_PERSON and locked.has_pesel
    _check(values, seat_gmina, pesel_kept=keeps_pesel)
    before = state(locked)
    stored = _stored(values)
    _refuse_twins(stored, exclude=locked.pk)
    if values.kind != rules.NATURAL_PERSON:
        stored["pesel_sealed"] = stored["pesel_digest"] = ""
    for field, value in stored.items():
        setattr(locked, field, value)
    locked.seat_gmina = seat_gmina
    locked.lock_version += 1
    _save(locked, stored)
    after = state(locked)
    if stored.get("pesel_sealed"):
        after["pesel_changed"] = True
    record_event(
        actor=actor,
        action="providers.provider.updated",
        target=locked,
        territory_teryt=seat_gmina.teryt,
        changes={"before": before, "after": after},
        context=context,
    )
    return locked
