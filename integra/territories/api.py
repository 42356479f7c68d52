"""API of the territory register (public reference data): list, detail, children and counts."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.pagination import paginate

from integra.core.api.pagination import PageNumberPagination
from integra.territories import selectors
from integra.territories.models import Territory
from integra.territories.schemas import (
    INCLUDE_RETIRED_DESCRIPTION,
    TERYT_DESCRIPTION,
    TERYT_EXAMPLES,
    TERYT_PATTERN,
    TerritoryDetail,
    TerritoryFilters,
    TerritoryItem,
    TerritoryStats,
)

router = Router(tags=["territories"])

Teryt = Path(..., pattern=TERYT_PATTERN, description=TERYT_DESCRIPTION, examples=TERYT_EXAMPLES)


@router.get("", response=list[TerritoryItem], summary="List territorial units")
@paginate(PageNumberPagination)
def territories_list(request: HttpRequest, filters: Query[TerritoryFilters]) -> QuerySet[Territory]:
    """Units of the current register in TERYT order, filtered; `q` matches a part of the name or
    the beginning of a TERYT code."""
    return selectors.list_territories(
        user=request.auth,
        level=filters.level,
        parent=filters.parent,
        gmina_type=filters.type,
        query=filters.q,
        include_retired=filters.include_retired,
    )


# Declared before /{teryt} so that "stats" is not taken for a code.
@router.get("/stats", response=TerritoryStats, summary="Counts of the register")
def territories_stats(request: HttpRequest) -> dict[str, Any]:
    """Units of the current register by level and gmina type, population years, boundaries."""
    return selectors.territory_stats()


@router.get("/{teryt}", response=TerritoryDetail, summary="One territorial unit")
def territories_detail(request: HttpRequest, teryt: str = Teryt) -> Territory:
    """The unit with its ancestors, number of children, population by year and boundary."""
    return selectors.get_territory(user=request.auth, teryt=teryt)


@router.get("/{teryt}/children", response=list[TerritoryItem], summary="Units below a unit")
@paginate(PageNumberPagination)
def territories_children(
    request: HttpRequest,
    teryt: str = Teryt,
    include_retired: bool = Query(False, description=INCLUDE_RETIRED_DESCRIPTION),
) -> QuerySet[Territory]:
    """The units directly below the given one, in TERYT order."""
    parent = selectors.get_territory(user=request.auth, teryt=teryt)
    return selectors.list_territories(
        user=request.auth, parent=parent.teryt, include_retired=include_retired
    )
