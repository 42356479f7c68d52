"""The signed-in user's own profile: personal API tokens."""

urlpatterns: list = []
