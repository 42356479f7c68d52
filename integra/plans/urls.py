"""Pages of plans: strategies under strategie/, Action Plans under plany-dzialania/."""

from django.urls import include, path

app_name = "plans"
urlpatterns = [
    path("strategie/", include("integra.plans.urls_strategy")),
    path("plany-dzialania/", include("integra.plans.urls_action_plans")),
]
