"""Files read into programmes: the exchange-rate tables of NBP and the ECB."""
