"""API of monitoring: the indicator dashboards (national, voivodeship, gmina) and the progress
reports."""
