"""API of accounts, one module per resource: the caller and their tokens (`me`), and the users
they manage (`users`); the schemas both share in `schemas`."""
