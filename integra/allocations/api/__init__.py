"""API of allocations, mounted at /allocation-runs: the runs, and a gmina's published allocation
in a run (amendments, tranches, transfers), one module each on the runs' router."""

from integra.allocations.api import published
from integra.allocations.api.runs import router

# `published` adds its operations to the runs' router when imported.
__all__ = ["published", "router"]
