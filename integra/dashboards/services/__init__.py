"""Dashboards' writes: the maps' summary rows (`summaries`)."""
