"""Pages of procurement, one module per document: rounds, offers, the public pages."""
