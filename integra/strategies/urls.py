"""Pages of strategies, under /plany/strategie/."""

from django.urls import path

from integra.strategies import views

# Items of a strategy: the address segment and the kind the views know it by.
ITEMS = [("diagnoza", "diagnosis"), ("cele", "goal"), ("zespol", "team"), ("wydarzenia", "event")]

app_name = "strategies"
urlpatterns = [
    path("", views.strategy_list, name="strategy-list"),
    path("eksport.<str:fmt>", views.strategy_export, name="strategy-export"),
    path("nowa/", views.strategy_create, name="strategy-create"),
    path("<int:pk>/", views.strategy_detail, name="strategy-detail"),
    path("<int:pk>/edycja/", views.strategy_edit, name="strategy-edit"),
    path("<int:pk>/dokument/", views.strategy_document, name="strategy-document"),
    path(
        "<int:pk>/konsultacje/",
        views.strategy_transition,
        {"step": "consultation"},
        name="strategy-consultation",
    ),
    path(
        "<int:pk>/przyjecie/", views.strategy_transition, {"step": "adopt"}, name="strategy-adopt"
    ),
    path(
        "<int:pk>/aktualizacja/",
        views.strategy_transition,
        {"step": "update"},
        name="strategy-update",
    ),
]
for segment, kind in ITEMS:
    urlpatterns += [
        path(
            f"<int:pk>/{segment}/dodaj/",
            views.item_add,
            {"kind": kind},
            name=f"strategy-{kind}-add",
        ),
        path(
            f"<int:pk>/{segment}/<int:item_pk>/edycja/",
            views.item_edit,
            {"kind": kind},
            name=f"strategy-{kind}-edit",
        ),
        path(
            f"<int:pk>/{segment}/<int:item_pk>/usun/",
            views.item_remove,
            {"kind": kind},
            name=f"strategy-{kind}-remove",
        ),
    ]
