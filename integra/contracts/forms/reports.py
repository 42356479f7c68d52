"""Forms of a provider report (parts I and II typed as rows) and of its review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.contracts import rules
from integra.contracts.forms.lines import RowsField, amount, day, parse_rows, whole
from integra.contracts.services import CostInput, DocumentInput, ReachInput, ReportInput
from integra.core.forms import BootstrapForm

SEXES = {"k": "f", "f": "f", "m": "m"}
BANDS = {"0-6": "0_6", "7-17": "7_17", "18-59/64": "18_59_64", "60/65+": "60_65_plus"}


class ReportForm(BootstrapForm):
    actions_done = forms.CharField(
        label=gettext_lazy("Actions done (against the offer)"),
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reach = RowsField(
        label=gettext_lazy("People reached"),
        example="OS; K; 60/65+; 10\nOS; M; 60/65+; 6",
        help_text=gettext_lazy(
            "One per line: group code; K or M; age band 0-6, 7-17, 18-59/64 or 60/65+; number "
            "of people. Counts only, no personal data."
        ),
    )
    results = forms.CharField(
        label=gettext_lazy("Results (against the offer)"),
        max_length=rules.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    costs = RowsField(
        label=gettext_lazy("Costs per cost line"),
        example="Wynagrodzenia; 5 200,00; 5 200,00",
        help_text=gettext_lazy("One per line: cost line; budget in PLN; spent in PLN."),
    )
    documents = RowsField(
        label=gettext_lazy("Supporting documents"),
        example="1; FV/12/2007; 01.09.2007; Firma ABC; 1 200,00; 1 200,00",
        help_text=gettext_lazy(
            "One per line: number of the cost line (1 for the first); document number; date; "
            "issuer; amount; eligible amount."
        ),
        required=False,
    )

    def __init__(self, *args: Any, groups: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target_groups = groups

    def clean_reach(self) -> list[ReachInput]:
        def build(row: list[str]) -> ReachInput:
            group = self.target_groups.get(row[0].upper())
            if group is None:
                raise ValueError(
                    _("“%(code)s” is not a target group code (%(codes)s).")
                    % {"code": row[0][:20], "codes": ", ".join(sorted(self.target_groups))}
                )
            return ReachInput(
                group=group,
                sex=SEXES.get(row[1].lower(), row[1][:2]),
                age_band=BANDS.get(row[2].replace(" ", ""), row[2][:12]),
                people=whole(row[3]),
            )

        return parse_rows(self.cleaned_data["reach"], (4, 4), build)

    def clean_costs(self) -> list[CostInput]:
        return parse_rows(
            self.cleaned_data["costs"],
            (3, 3),
            lambda row: CostInput(name=row[0], budget_pln=amount(row[1]), spent_pln=amount(row[2])),
        )

    def clean_documents(self) -> list[DocumentInput]:
        def build(row: list[str]) -> DocumentInput:
            return DocumentInput(
                cost=whole(row[0]) - 1,
                number=row[1],
                issued_on=day(row[2]),
                issuer=row[3],
                amount_pln=amount(row[4]),
                eligible_pln=amount(row[5]),
            )

        return parse_rows(self.cleaned_data["documents"], (6, 6), build)

    def values(self) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            actions_done=data["actions_done"],
            results=data["results"],
            reach=tuple(data["reach"]),
            costs=tuple(data["costs"]),
            documents=tuple(data["documents"]),
        )

    @staticmethod
    def initial_of(report: Any) -> dict[str, Any]:
        def pl(value: Any) -> str:
            return str(value).replace(".", ",")

        bands = {v: k for k, v in BANDS.items()}
        costs = list(report.costs.all())
        if not costs and report.contract.offer_id:
            lines = [(c.name, c.amount_pln) for c in report.contract.offer.cost_lines.all()]
        else:
            lines = [(c.name, c.budget_pln) for c in costs]
        spent = {c.name: c.spent_pln for c in costs}
        return {
            "actions_done": report.actions_done,
            "results": report.results,
            "reach": "\n".join(
                f"{r.group.code}; {'K' if r.sex == 'f' else 'M'}; {bands[r.age_band]}; {r.people}"
                for r in report.reach.all()
            ),
            "costs": "\n".join(
                f"{name}; {pl(budget)}; {pl(spent.get(name, '0,00'))}" for name, budget in lines
            ),
            "documents": "\n".join(
                f"{n}; {d.number}; {d.issued_on:%d.%m.%Y}; {d.issuer}; {pl(d.amount_pln)}; "
                f"{pl(d.eligible_pln)}"
                for n, c in enumerate(costs, start=1)
                for d in c.documents.all()
            ),
        }


def report_field(name: str) -> str:
    return name.split(".")[0]


class ReturnForm(BootstrapForm):
    comment = forms.CharField(
        label=gettext_lazy("What must be corrected"),
        max_length=rules.SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
