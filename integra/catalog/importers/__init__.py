"""Files read into the catalogue: the reference list of target groups and service types."""
