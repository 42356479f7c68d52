"""API of procurement: rounds, offers, contracts and provider reports, one module each."""
