"""Managing users and their role assignments (ministry admins; regional officers for gminas)."""

urlpatterns: list = []
