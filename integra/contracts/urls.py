from django.urls import path

from integra.contracts.views import contracts, offers, public, registers, reports, rounds

app_name = "contracts"
urlpatterns = [
    path("", rounds.round_list, name="round-list"),
    path("nowy/", rounds.round_create, name="round-create"),
    path("<int:pk>/", rounds.round_detail, name="round-detail"),
    path("<int:pk>/edycja/", rounds.round_edit, name="round-edit"),
    path("<int:pk>/ogloszenie/", rounds.round_publish, name="round-publish"),
    path("<int:pk>/obecnosc/", rounds.round_attendance, name="round-attendance"),
    path("<int:pk>/zamkniecie/", rounds.round_close, name="round-close"),
    path("<int:pk>/komisja/", rounds.round_committee, name="round-committee"),
    path(
        "<int:pk>/komisja/<int:member>/oswiadczenie/",
        rounds.member_declaration,
        name="member-declaration",
    ),
    path("<int:pk>/ocena/", rounds.round_evaluate, name="round-evaluate"),
    path("<int:pk>/wyniki/", rounds.round_results, name="round-results"),
    path("<int:pk>/uniewaznienie/", rounds.round_cancel, name="round-cancel"),
    path("<int:pk>/powtorzenie/", rounds.round_repeat, name="round-repeat"),
    path("<int:pk>/protokol.pdf", rounds.round_protocol, name="round-protocol"),
    path("<int:pk>/oferta/", offers.offer_create, name="offer-create"),
    path("<int:pk>/oferta-papierowa/", offers.offer_paper, name="offer-paper"),
    path("oferty/<int:pk>/", offers.offer_detail, name="offer-detail"),
    path("oferty/<int:pk>/wycofanie/", offers.offer_withdraw, name="offer-withdraw"),
    path("oferty/<int:pk>/zastapienie/", offers.offer_replace, name="offer-replace"),
    path("oferty/<int:pk>/ocena-formalna/", offers.offer_check, name="offer-check"),
    path("oferty/<int:pk>/punkty/", offers.offer_score, name="offer-score"),
    path(
        "oferty/<int:pk>/zalaczniki/<int:attachment>/",
        offers.attachment_download,
        name="offer-attachment",
    ),
    path("oferty/<int:pk>/umowa/", contracts.contract_from_offer, name="contract-from-offer"),
    path("<int:pk>/wybor-bezposredni/", contracts.contract_direct, name="contract-direct"),
    path("umowy/<int:pk>/", contracts.contract_detail, name="contract-detail"),
    path("umowy/<int:pk>/aneks/", contracts.contract_amend, name="contract-amend"),
    path("umowy/<int:pk>/aneksy/", contracts.contract_amendments, name="contract-amendments"),
    path("umowy/<int:pk>/krok/<slug:action>/", contracts.contract_step, name="contract-step"),
    path("sprawozdania/zalegle/", reports.overdue_list, name="report-overdue"),
    path("sprawozdania/<int:pk>/", reports.report_detail, name="report-detail"),
    path("sprawozdania/<int:pk>/zlozenie/", reports.report_submit, name="report-submit"),
    path("sprawozdania/<int:pk>/przyjecie/", reports.report_accept, name="report-accept"),
    path("sprawozdania/<int:pk>/zwrot/", reports.report_return, name="report-return"),
    path("rejestr/<slug:kind>/", registers.register, name="register"),
    path(
        "rejestr/<slug:kind>/eksport.<str:fmt>", registers.register_export, name="register-export"
    ),
    path("ogloszenia/", public.public_round_list, name="public-round-list"),
    path("ogloszenia/<int:pk>/", public.public_round_detail, name="public-round-detail"),
    path("ogloszenia/<int:pk>/zaproszenie.pdf", public.public_round_pdf, name="public-round-pdf"),
]
