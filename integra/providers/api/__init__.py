"""API of the providers' register."""
