from django.urls import path

from integra.finance import views

app_name = "finance"
urlpatterns = [
    path("komponenty/", views.components, name="components"),
    path("komponenty/plan-zamowien.<str:fmt>", views.procurement_export, name="procurement-export"),
    path("komponenty/pozycje/<int:pk>/umowy/", views.item_contracts, name="item-contracts"),
    path("przekazania/", views.transfer_list, name="transfers"),
    path("przekazania/transza/<int:tranche_id>/", views.transfer_request, name="transfer-request"),
    path("przekazania/<int:pk>/zatwierdz/", views.transfer_approve, name="transfer-approve"),
    path("przekazania/<int:pk>/odrzuc/", views.transfer_reject, name="transfer-reject"),
    path("przekazania/<int:pk>/przekazano/", views.transfer_record, name="transfer-record"),
    path("salda/", views.balances, name="balances"),
    path("platnosci/", views.payment_list, name="payments"),
    path("platnosci/platnosci.<str:fmt>", views.payment_export, name="payment-export"),
    path("platnosci/umowa/<int:pk>/", views.contract_payments, name="contract-payments"),
    path("platnosci/umowa/<int:pk>/zwrot/", views.contract_refund, name="contract-refund"),
    path("platnosci/<int:pk>/zatwierdz/", views.payment_approve, name="payment-approve"),
    path("platnosci/<int:pk>/wyplacono/", views.payment_paid, name="payment-paid"),
    path("platnosci/<int:pk>/odrzuc/", views.payment_reject, name="payment-reject"),
    path("platnosci/zwroty/", views.payment_refunds, name="refunds"),
    path("rozliczenia/", views.settlement_list, name="settlements"),
    path("rozliczenia/eksport.<str:fmt>", views.settlement_export, name="settlement-export"),
    path("rozliczenia/nowe/<str:teryt>/", views.settlement_create, name="settlement-create"),
    path("rozliczenia/<int:pk>/", views.settlement_detail, name="settlement"),
    path("rozliczenia/<int:pk>/zapisz/", views.settlement_update, name="settlement-update"),
    path("rozliczenia/<int:pk>/zloz/", views.settlement_submit, name="settlement-submit"),
    path("rozliczenia/<int:pk>/zwroc/", views.settlement_return, name="settlement-return"),
    path("rozliczenia/<int:pk>/przyjmij/", views.settlement_accept, name="settlement-accept"),
    path(
        "rozliczenia/<int:pk>/sprawozdanie/",
        views.settlement_statement,
        name="settlement-statement",
    ),
    path("raporty/", views.reports, name="reports"),
    path("raporty/ifr/", views.report_interim, name="report-interim"),
    path("raporty/program/", views.report_programme, name="report-programme"),
    path("raporty/sprawozdanie-gminy/", views.report_statement, name="report-statement"),
]
