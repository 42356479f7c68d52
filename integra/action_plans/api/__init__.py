"""The API of Action Plans: plans, versions and the public consultation, each its own router,
mounted by the API composition; the schemas they share."""
