from django.urls import path

from integra.finance import views

app_name = "finance"
urlpatterns = [
    path("komponenty/", views.components, name="components"),
    path("komponenty/plan-zamowien.<str:fmt>", views.procurement_export, name="procurement-export"),
    path("przekazania/", views.transfer_list, name="transfers"),
    path("przekazania/transza/<int:tranche_id>/", views.transfer_request, name="transfer-request"),
    path("przekazania/<int:pk>/zatwierdz/", views.transfer_approve, name="transfer-approve"),
    path("przekazania/<int:pk>/odrzuc/", views.transfer_reject, name="transfer-reject"),
    path("przekazania/<int:pk>/przekazano/", views.transfer_record, name="transfer-record"),
    path("salda/", views.balances, name="balances"),
]
