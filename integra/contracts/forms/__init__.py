"""Forms of procurement pages, one module per document; they parse and bound input and hand it to
the services — they never save."""
