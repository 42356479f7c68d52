"""Reads of monitoring: the one computation of indicators (`indicators`), the progress reports
and their figures (`reports`)."""
