"""The signed-in user's own profile: personal API tokens."""

from django.urls import path, re_path

from integra.accounts.views import profile

urlpatterns = [
    path("profil/", profile.profile, name="profile"),
    path("profil/tokeny/", profile.api_token_create, name="api-token-create"),
    # At most 18 digits: any such number fits the database's 64-bit key.
    re_path(
        r"^profil/tokeny/(?P<token_id>[0-9]{1,18})/uniewaznienie/$",
        profile.api_token_revoke,
        name="api-token-revoke",
    ),
]
