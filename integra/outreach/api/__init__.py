"""API of outreach: training sessions and registrations, expert requests, campaign events and
the caller's notifications — the pages' rules, limits and rights."""
