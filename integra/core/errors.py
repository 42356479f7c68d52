"""Domain error base: every precondition failure a service raises derives from DomainError."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Self


class DomainError(Exception):
    """A rule refused an operation; `message` is translated and shown to the user as it is."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


@dataclass(frozen=True)
class Problem:
    """One problem found while validating an input file: where it is and what is wrong."""

    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        from django.utils.translation import gettext as _

        parts = []
        if self.line is not None:
            parts.append(_("line %(line)s") % {"line": self.line})
        if self.field:
            parts.append(_("field %(field)s") % {"field": self.field})
        where = ", ".join(parts)
        return f"{where}: {self.message}" if where else self.message


class RulesBroken(DomainError):
    """An input broke one or more rules; every problem is reported at once, with its field."""

    code = "rules_broken"
    status = 422

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems

    @classmethod
    def at(cls, field: str, message: str) -> Self:
        """The refusal of one problem, at its field."""
        return cls(message, [Problem(message, field=field)])

    def by_field(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.field or "", []).append(problem.message)
        return grouped


@dataclass
class ImportRefused(DomainError):
    """An import file failed validation; nothing was written."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    code = "import_refused"

    def __post_init__(self) -> None:
        from django.utils.translation import gettext as _

        head = _("%(path)s: %(count)s problem(s), nothing was imported") % {
            "path": self.path,
            "count": len(self.problems),
        }
        super().__init__(head)

    def report(self, limit: int = 50) -> str:
        lines = [self.message]
        lines += [f"  {self.path}: {problem}" for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … (+{len(self.problems) - limit})")
        return "\n".join(lines)
