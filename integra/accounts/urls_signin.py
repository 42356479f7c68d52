"""Sign-in, sign-out, password reset and change, and the second factor."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from integra.accounts.views import signin

urlpatterns = [
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
]
