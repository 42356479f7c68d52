"""Files into monitoring: the packaged indicator definitions."""
