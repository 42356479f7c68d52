"""The API of strategies: the router (strategies.py) and its schemas."""
