"""Managing users and their role assignments (ministry admins; regional officers for gminas)."""

from django.urls import path

from integra.accounts.views import users

urlpatterns = [
    path("uzytkownicy/", users.user_list, name="user-list"),
    path("uzytkownicy/eksport.<str:fmt>", users.user_export, name="user-export"),
    path("uzytkownicy/zaproszenie/", users.user_create, name="user-create"),
    path("uzytkownicy/<int:pk>/", users.user_detail, name="user-detail"),
    path("uzytkownicy/<int:pk>/edycja/", users.user_edit, name="user-edit"),
    path("uzytkownicy/<int:pk>/role/nowa/", users.assignment_add, name="assignment-add"),
    path(
        "uzytkownicy/<int:pk>/role/<int:assignment_pk>/zakonczenie/",
        users.assignment_end,
        name="assignment-end",
    ),
]
