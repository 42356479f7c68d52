"""The start page, and the ministry's programme dashboards: the list of programmes, a programme's
overview of its published allocation, and the allocation map with its table and exports."""

from integra.dashboards.views.board import board, board_export
from integra.dashboards.views.home import home, new_plan_href
from integra.dashboards.views.indicators import (
    indicators_gmina,
    indicators_gmina_export,
    indicators_national,
    indicators_national_export,
    indicators_voivodeship,
    indicators_voivodeship_export,
)
from integra.dashboards.views.programmes import (
    allocation_map,
    allocation_map_data,
    allocation_map_export,
    programme_list,
    programme_overview,
    programme_overview_export,
)

__all__ = [
    "allocation_map",
    "allocation_map_data",
    "allocation_map_export",
    "board",
    "board_export",
    "home",
    "indicators_gmina",
    "indicators_gmina_export",
    "indicators_national",
    "indicators_national_export",
    "indicators_voivodeship",
    "indicators_voivodeship_export",
    "new_plan_href",
    "programme_list",
    "programme_overview",
    "programme_overview_export",
]
