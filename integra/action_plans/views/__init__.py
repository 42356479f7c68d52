"""Pages of Action Plans, one module per page group: plans, a version, the public consultation."""
