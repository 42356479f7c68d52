"""Pages of allocations: the runs (list, detail, comparison, publication) in `runs`, a gmina's
allocation card (amend, reschedule, record transfers) in `card`."""
