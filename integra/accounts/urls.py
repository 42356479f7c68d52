"""Account pages, one module per concern."""

from integra.accounts.urls_profile import urlpatterns as profile_patterns
from integra.accounts.urls_signin import urlpatterns as signin_patterns
from integra.accounts.urls_users import urlpatterns as users_patterns

app_name = "accounts"
urlpatterns = [*signin_patterns, *profile_patterns, *users_patterns]
