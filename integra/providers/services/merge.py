"""Two providers that are one: a ministry administrator merges the absorbed one into the kept one.

Whatever references the absorbed provider moves to the kept one, found generically from the
model's reverse relations — memberships today, offers and contracts once the contracts app adds
its foreign keys, with no change here. A relation that needs more than moving its rows (a unique
pair that would clash) registers a hook with `register_merge_hook`; memberships do (a user acting
for both keeps one membership). The absorbed row stays, marked `merged_into` the kept one: out of
the register, its identifiers free, old links leading to the kept provider, the audit trail
whole. One audit event names both and what moved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import DomainError
from integra.providers.models import Provider, ProviderMembership
from integra.providers.policies import can_merge_providers, can_view_provider

# Hooks run before the rows of a relation move: (keep, absorb) → None, by the related model's
# label ("providers.providermembership").
MergeHook = Callable[[Provider, Provider], None]
MERGE_HOOKS: dict[str, MergeHook] = {}


class MergeRefused(DomainError):
    code = "provider_merge_refused"
    status = 409


def register_merge_hook(model_label: str, hook: MergeHook) -> None:
    """Let a relation prepare its rows before they move to the kept provider."""
    MERGE_HOOKS[model_label.lower()] = hook


def _drop_double_memberships(keep: Provider, absorb: Provider) -> None:
    ProviderMembership.objects.filter(
        provider=absorb, user_id__in=keep.memberships.values("user_id")
    ).delete()


register_merge_hook("providers.providermembership", _drop_double_memberships)


def _relations() -> list[Any]:
    """Every relation that points at a provider: (model, field name) pairs, including the
    through tables of many-to-many fields."""
    found = []
    for relation in Provider._meta.related_objects:
        if relation.many_to_many:
            through: Any = getattr(relation, "through")  # noqa: B009 -- typed stubs miss it
            field = next(
                f.name
                for f in through._meta.fields
                if getattr(f, "related_model", None) is Provider
            )
            found.append((through, field))
        else:
            found.append((relation.related_model, relation.field.name))
    return found


def _move(keep: Provider, absorb: Provider) -> dict[str, int]:
    moved: dict[str, int] = {}
    for model, field in _relations():
        label = model._meta.label_lower
        hook = MERGE_HOOKS.get(label)
        if hook is not None:
            hook(keep, absorb)
        count = model._default_manager.filter(**{field: absorb}).update(**{field: keep})
        if count:
            moved[f"{label}.{field}"] = count
    return moved


@transaction.atomic
def merge_providers(
    *,
    actor: Actor,
    keep: Provider,
    absorb: Provider,
    context: RequestContext | None = None,
) -> dict[str, int]:
    """Merge `absorb` into `keep`; the number of rows moved per relation.

    Raises PermissionDenied (a ministry administrator only) or MergeRefused (the same provider,
    or one of them already merged)."""
    require(
        actor,
        can_merge_providers,
        _("Only a ministry administrator merges providers."),
        visible=lambda user: can_view_provider(user, keep) and can_view_provider(user, absorb),
        missing=Provider.DoesNotExist,
    )
    if keep.pk == absorb.pk:
        raise MergeRefused(_("Choose two different providers to merge."))
    # Both rows locked, in one order (no deadlock with a merge the other way round).
    locked = {
        p.pk: p
        for p in Provider.objects.select_for_update()
        .filter(pk__in=[keep.pk, absorb.pk])
        .order_by("pk")
    }
    keep, absorb = locked[keep.pk], locked[absorb.pk]
    if keep.is_merged or absorb.is_merged:
        raise MergeRefused(_("One of these providers was already merged into another."))
    moved = _move(keep, absorb)
    absorb.merged_into = keep
    absorb.merged_at = timezone.now()
    absorb.lock_version += 1
    absorb.save(update_fields=["merged_into", "merged_at", "lock_version", "updated_at"])
    keep.lock_version += 1
    keep.save(update_fields=["lock_version", "updated_at"])
    record_event(
        actor=actor,
        action="providers.provider.merged",
        target=keep,
        territory_teryt=keep.seat_gmina.teryt,
        changes={
            "kept": {"id": keep.pk, "name": keep.name, "nip": keep.nip},
            "absorbed": {"id": absorb.pk, "name": absorb.name, "nip": absorb.nip},
            "moved": moved,
        },
        context=context,
    )
    return moved
