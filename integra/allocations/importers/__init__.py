"""Files read into allocations: the amounts of an imported allocation (CSV or XLSX)."""
