"""Reads of the dashboards, one module per page family: a programme's figures and its map
(`programmes`), and each role's home page (`home`)."""

from integra.dashboards.selectors.home import (
    AllocationUse,
    GminaPath,
    Home,
    MinistryWork,
    PlanStage,
    StrategyStage,
    Waiting,
    gmina_paths,
    home_for,
)
from integra.dashboards.selectors.programmes import (
    GMINA,
    LEVELS,
    VOIVODESHIP,
    GminaFigures,
    ProgrammeFigures,
    VoivodeshipFigures,
    allocation_map,
    allocation_map_json,
    from_figures,
    get_programme,
    list_programmes,
    programme_figures,
    published_run,
)

__all__ = [
    "GMINA",
    "LEVELS",
    "VOIVODESHIP",
    "AllocationUse",
    "GminaFigures",
    "GminaPath",
    "Home",
    "MinistryWork",
    "PlanStage",
    "ProgrammeFigures",
    "StrategyStage",
    "VoivodeshipFigures",
    "Waiting",
    "allocation_map",
    "allocation_map_json",
    "from_figures",
    "get_programme",
    "gmina_paths",
    "home_for",
    "list_programmes",
    "programme_figures",
    "published_run",
]
