"""What every write of a strategy shares: the manager's right, the refusal of broken rules, and
the audit record `strategies.strategy.<past-verb>` filed under the strategy (so that its history
shows every change, its items' included)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.strategies.models import Strategy
from integra.strategies.policies import can_manage_strategy, can_view_strategy

# The refusal a reader of the strategy meets, in services and on pages alike.
MANAGERS_ONLY = gettext_lazy("Only the gmina's coordinator may change its strategy.")


class StrategyInvalid(RulesBroken):
    """The input of a strategy or of one of its items breaks rules; `problems` name each field."""

    code = "strategy_invalid"
    status = 400


class ItemEditConflict(DomainError):
    """Someone saved the item after the editor loaded it: the save would overwrite their change."""

    code = "item_edit_conflict"
    status = 409


def require_unchanged(item: Any, lock_version: int) -> None:
    """Lock the item's row until the transaction ends and raise ItemEditConflict when its
    lock_version is not the one the editor saw (`changed` then raises it by one)."""
    current = type(item)._default_manager.select_for_update().only("lock_version").get(pk=item.pk)
    if current.lock_version != lock_version:
        raise ItemEditConflict(
            _(
                "Someone saved this item after you opened it (you edited version %(seen)s, it is "
                "now at %(now)s); nothing was saved."
            )
            % {"seen": lock_version, "now": current.lock_version}
        )
    item.lock_version = current.lock_version


def refuse(problems: list[Problem]) -> None:
    """StrategyInvalid listing every problem, when there is any."""
    if not problems:
        return
    message = (
        problems[0].message
        if len(problems) == 1
        else _("The strategy breaks %(count)s rules; nothing was saved.") % {"count": len(problems)}
    )
    raise StrategyInvalid(message, problems)


def require_manager(actor: Actor, strategy: Strategy) -> None:
    """Strategy.DoesNotExist outside the actor's scope, PermissionDenied for a reader."""
    require(
        actor,
        lambda user: can_manage_strategy(user, strategy),
        str(MANAGERS_ONLY),
        visible=lambda user: can_view_strategy(user, strategy),
        missing=Strategy.DoesNotExist,
    )


def snapshot(obj: Model, fields: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, Model):
            # Codes read better in the history than keys (a target group, a parent goal).
            value = getattr(value, "code", None) or str(value.pk)
        elif hasattr(value, "name") and hasattr(value, "storage"):  # a file
            value = value.name or ""
        values[name] = value
    return values


def record(
    actor: Actor,
    strategy: Strategy,
    verb: str,
    before: dict[str, Any],
    after: dict[str, Any],
    context: RequestContext | None,
) -> None:
    record_event(
        actor=actor,
        action=f"strategies.strategy.{verb}",
        target=strategy,
        territory_teryt=strategy.gmina.teryt,
        context=context,
        changes={"before": before, "after": after},
    )


def touch(strategy: Strategy) -> None:
    """The strategy's last change includes changes of its diagnosis, goals, team and events.

    They leave lock_version alone: the lock protects the strategy's own fields only."""
    Strategy.objects.filter(pk=strategy.pk).update(updated_at=timezone.now())


def created(
    actor: Actor,
    strategy: Strategy,
    model: type[Model],
    values: dict[str, Any],
    fields: tuple[str, ...],
    event: str,
    context: RequestContext | None,
) -> Any:
    """Create an item of the strategy and record it (the caller has checked right and input)."""
    item = model._default_manager.create(strategy=strategy, **values)
    touch(strategy)
    record(actor, strategy, event, {}, {"id": item.pk, **snapshot(item, fields)}, context)
    return item


def changed(
    actor: Actor,
    item: Any,
    values: dict[str, Any],
    fields: tuple[str, ...],
    event: str,
    context: RequestContext | None,
) -> Any:
    """Replace an item's values, raising its lock_version, and record before and after (the
    caller has checked right, input and lock: require_unchanged)."""
    before = {"id": item.pk, **snapshot(item, fields)}
    for name, value in values.items():
        setattr(item, name, value)
    item.lock_version += 1
    item.save()
    touch(item.strategy)
    after = {"id": item.pk, **snapshot(item, fields)}
    record(actor, item.strategy, event, before, after, context)
    return item


def removed(
    actor: Actor, item: Any, fields: tuple[str, ...], event: str, context: RequestContext | None
) -> None:
    """Delete an item and record what it was."""
    strategy = item.strategy
    before = {"id": item.pk, **snapshot(item, fields)}
    item.delete()
    touch(strategy)
    record(actor, strategy, event, before, {}, context)


def is_adopted(strategy: Strategy) -> bool:
    return strategy.status in (Strategy.Status.ADOPTED, Strategy.Status.UPDATED)
