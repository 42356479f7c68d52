"""The start page, and the ministry's programme dashboards: the list of programmes, a programme's
overview of its published allocation, and the allocation map with its table and exports."""

from integra.dashboards.views.board import board, board_export
from integra.dashboards.views.home import home, new_plan_href
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
    "new_plan_href",
    "programme_list",
    "programme_overview",
    "programme_overview_export",
]
