"""Forms of the bank-statement pages: the upload (gmina, format, file, the account of a CSV) and
a line's match to a payment. They parse and bound; the import reads the file whole and its
refusals come back to the fields (a bad line of the file at the file, with its line number)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integra.core.errors import DomainError
from integra.core.forms import BootstrapForm, mark_invalid
from integra.finance import rules
from integra.finance.services.statements import StatementUpload


class BankStatementForm(BootstrapForm):
    gmina = forms.ChoiceField(label=_("Gmina"))
    format = forms.ChoiceField(
        label=_("Format of the file"),
        choices=[("mt940", _("MT940 (ZBP)")), ("csv", _("CSV (semicolon)"))],
        initial="mt940",
    )
    file = forms.FileField(
        label=_("Statement file"),
        help_text=_(
            "At most 2 MB. MT940 as the bank exports it (ZBP variant); CSV with the header "
            "data;kwota;rachunek;kontrahent;tytuł, amounts out negative."
        ),
    )
    account = forms.CharField(
        label=_("Account of the statement (CSV only)"),
        required=False,
        max_length=rules.ACCOUNT_LENGTH + 10,
        help_text=_("The gmina's account number (IBAN); an MT940 file names it itself."),
    )

    def __init__(self, *args: Any, gminas: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gminas = {gmina.teryt: gmina for gmina in gminas}
        self.fields["gmina"].choices = [
            (gmina.teryt, f"{gmina.name} ({gmina.teryt})") for gmina in gminas
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > rules.STATEMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.")
                % {"mb": rules.STATEMENT_MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def chosen_gmina(self) -> Any:
        return self.gminas[self.cleaned_data["gmina"]]

    def upload(self) -> StatementUpload:
        data = self.cleaned_data
        return StatementUpload(
            file_name=data["file"].name,
            content=data["file"].read(rules.STATEMENT_MAX_BYTES + 1),
            format=data["format"],
            account=data["account"],
        )

    def show(self, refusal: DomainError) -> None:
        """Each problem of the import at its field; a line of the file at the file, numbered."""
        problems = getattr(refusal, "problems", [])
        for problem in problems:
            field = problem.field if problem.field in ("account", "format") else "file"
            message = problem.message
            if problem.line:
                message = gettext("line %(line)s: %(message)s") % {
                    "line": problem.line,
                    "message": problem.message,
                }
            self.add_error(field, message)
        if not problems:
            self.add_error(None, refusal.message)
        mark_invalid(self)


class LineMatchForm(BootstrapForm):
    payment = forms.TypedChoiceField(label=_("Payment"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, payments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payment"].choices = [("", _("choose the payment"))] + [
            (
                payment.pk,
                f"{payment.contract.number}, {payment.contract.provider.name}: "
                f"{payment.get_kind_display()} {payment.amount_pln} PLN "
                f"({payment.get_status_display()}"
                + (f", {payment.paid_on:%d.%m.%Y}" if payment.paid_on else "")
                + ")",
            )
            for payment in payments
        ]
