"""Reads of the indicator targets and of the entered values: the lists a user may see (their
pages, exports and API), an area's sheet of every indicator with its target, a gmina's period's
sheet of every entered indicator with its value, and the areas and gminas a user may write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from integra.core.scope import prefix_q
from integra.monitoring import policies
from integra.monitoring.models import Indicator, IndicatorValue, Target
from integra.territories.models import Territory

# The bound of the areas offered on one page (a region has some 300 gminas at most).
AREAS_MAX = 1000


def list_targets(*, user: Any, programme: Any = None, teryt: str | None = None) -> QuerySet[Target]:
    """The targets the user reads; `teryt`: '' the country's only, a code those of its area and
    every area below it, None all."""
    found = Target.objects.visible_to(user).select_related("indicator", "programme")
    if programme is not None:
        found = found.filter(programme=programme)
    if teryt == "":
        found = found.filter(teryt="")
    elif teryt:
        found = found.filter(teryt__startswith=teryt)
    return found.order_by("programme__code", "teryt", "indicator__position", "indicator__code")


def list_values(
    *, user: Any, programme: Any = None, teryt: str = "", period: str = ""
) -> QuerySet[IndicatorValue]:
    """The entered values the user reads; `teryt` a TERYT prefix, `period` one period's code."""
    found = IndicatorValue.objects.visible_to(user).select_related(
        "indicator", "programme", "gmina"
    )
    if programme is not None:
        found = found.filter(programme=programme)
    if teryt:
        found = found.filter(gmina__teryt__startswith=teryt)
    if period:
        found = found.filter(period=period)
    return found.order_by("programme__code", "gmina__teryt", "-ends_on", "indicator__position")


def area_names(teryts: Iterable[str]) -> dict[str, str]:
    """The names of areas by TERYT code, the country's ('') included (one query)."""
    codes = set(teryts)
    names = dict(Territory.objects.filter(teryt__in=codes - {""}).values_list("teryt", "name"))
    if "" in codes:
        names[""] = str(_("Poland"))
    return names


@dataclass(frozen=True)
class SheetRow:
    """One indicator on an editing page, with what is stored for it (None: nothing yet)."""

    indicator: Indicator
    stored: Any

    @property
    def lock_version(self) -> int:
        return 0 if self.stored is None else int(self.stored.lock_version)


def target_sheet(programme: Any, teryt: str) -> list[SheetRow]:
    """Every indicator, in order, with the area's target (two queries)."""
    stored = {t.indicator_id: t for t in Target.objects.filter(programme=programme, teryt=teryt)}
    return [SheetRow(i, stored.get(i.pk)) for i in Indicator.objects.order_by("position", "code")]


def value_sheet(programme: Any, gmina: Territory, period: str) -> list[SheetRow]:
    """Every entered indicator, in order, with the gmina's value for the period (two queries)."""
    stored = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(programme=programme, gmina=gmina, period=period)
    }
    entered = Indicator.objects.filter(source=Indicator.Source.ENTERED)
    return [SheetRow(i, stored.get(i.pk)) for i in entered.order_by("position", "code")]


def target_areas(user: Any) -> list[tuple[str, str]]:
    """The areas whose targets the user sets, as (TERYT code, label): the country and the
    voivodeships for the ministry, the gminas of their voivodeship for a regional office."""
    if not getattr(user, "is_authenticated", False):
        return []
    areas: list[tuple[str, str]] = []
    if policies.can_set_targets_at(user, policies.NATIONAL):
        areas.append(("", str(_("Poland (the whole programme)"))))
    ministry = user.scope_prefixes(policies.TARGET_SETTERS)
    regions = user.scope_prefixes(policies.GMINA_TARGET_SETTERS)
    query = Q(pk__in=[])
    if ministry:
        query |= prefix_q("teryt", ministry) & Q(level=Territory.Level.VOIVODESHIP)
    if regions:
        query |= prefix_q("teryt", regions) & Q(level=Territory.Level.GMINA)
    units = Territory.objects.filter(query, retired_on__isnull=True).order_by("teryt")
    areas += [(t.teryt, f"{t.name} ({t.teryt})") for t in units[:AREAS_MAX]]
    return areas


def entering_gminas(user: Any) -> list[Territory]:
    """The gminas whose values the user enters (their coordinator's)."""
    if not getattr(user, "is_authenticated", False):
        return []
    prefixes = user.scope_prefixes(policies.VALUE_ENTERERS)
    if not prefixes:
        return []
    found = Territory.objects.filter(
        prefix_q("teryt", prefixes), level=Territory.Level.GMINA, retired_on__isnull=True
    )
    return list(found.order_by("teryt")[:AREAS_MAX])
