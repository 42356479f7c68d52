"""Account pages: sign-in and passwords, the second factor, the profile and its API tokens, and
the management of users and their role assignments."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path

from integra.accounts.views import profile, signin, users

app_name = "accounts"
urlpatterns = [
    # Sign-in, sign-out, password reset and change, and the second factor.
    path("logowanie/", login_not_required(signin.SignInView.as_view()), name="login"),
    path("wylogowanie/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "haslo/reset/",
        login_not_required(signin.PasswordResetRequestView.as_view()),
        name="password-reset",
    ),
    path(
        "haslo/reset/wyslano/",
        login_not_required(signin.PasswordResetSentView.as_view()),
        name="password-reset-done",
    ),
    # Reset links and invitations to set a first password both point here.
    path(
        "haslo/ustaw/<uidb64>/<token>/",
        login_not_required(signin.PasswordSetView.as_view()),
        name="password-reset-confirm",
    ),
    path(
        "haslo/ustawione/",
        login_not_required(signin.PasswordSetCompleteView.as_view()),
        name="password-reset-complete",
    ),
    path("haslo/zmiana/", signin.PasswordChangeView.as_view(), name="password-change"),
    path(
        "drugi-skladnik/konfiguracja/",
        signin.SecondFactorSetupView.as_view(),
        name="otp-setup",
    ),
    path("drugi-skladnik/kod/", signin.SecondFactorVerifyView.as_view(), name="otp-verify"),
    # The signed-in user's own profile: personal API tokens.
    path("profil/", profile.profile, name="profile"),
    path("profil/tokeny/", profile.api_token_create, name="api-token-create"),
    # At most 18 digits: any such number fits the database's 64-bit key.
    re_path(
        r"^profil/tokeny/(?P<token_id>[0-9]{1,18})/uniewaznienie/$",
        profile.api_token_revoke,
        name="api-token-revoke",
    ),
    # Managing users and their role assignments (ministry admins; regional officers for gminas).
    path("uzytkownicy/", users.user_list, name="user-list"),
    path("uzytkownicy/eksport.<str:fmt>", users.user_export, name="user-export"),
    path("uzytkownicy/zaproszenie/", users.user_create, name="user-create"),
    path("uzytkownicy/<int:pk>/", users.user_detail, name="user-detail"),
    path("uzytkownicy/<int:pk>/edycja/", users.user_edit, name="user-edit"),
    path("uzytkownicy/<int:pk>/role/nowa/", users.assignment_add, name="assignment-add"),
    # A ministry admin's help with another user's sign-in.
    path(
        "uzytkownicy/<int:pk>/drugi-skladnik/reset/",
        users.second_factor_reset,
        name="second-factor-reset",
    ),
    path("uzytkownicy/<int:pk>/blokada/zdjecie/", users.lockout_lift, name="lockout-lift"),
    path(
        "uzytkownicy/<int:pk>/role/<int:assignment_pk>/zakonczenie/",
        users.assignment_end,
        name="assignment-end",
    ),
]
