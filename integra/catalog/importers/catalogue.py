"""Reading the catalogue file (CSV): every row checked before anything is written.

Columns: kind (group|type), code, name_pl, name_en, groups (space-separated group codes), line
(services|training, types only), position, description (optional). A file with any problem is
refused whole by ImportRefused, which lists every problem with its line number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from integra.catalog.models import ServiceType, TargetGroup
from integra.catalog.rules import GROUP_CODE, MAX_POSITION, NAME_LENGTH, TYPE_CODE
from integra.core.errors import ImportRefused, Problem
from integra.core.textfiles import csv_rows, read_text

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "catalogue.csv"
REQUIRED_COLUMNS = ("kind", "code", "name_pl", "name_en", "groups", "line", "position")


@dataclass(frozen=True)
class GroupRow:
    code: str
    name_pl: str
    name_en: str
    position: int


@dataclass(frozen=True)
class TypeRow:
    code: str
    name_pl: str
    name_en: str
    groups: tuple[str, ...]
    line: str
    position: int
    description: str


@dataclass
class CatalogueFile:
    groups: list[GroupRow] = field(default_factory=list)
    types: list[TypeRow] = field(default_factory=list)


class _Reader:
    """Collects the rows and the problems of one file."""

    def __init__(self, known_groups: Iterable[str]) -> None:
        self.result = CatalogueFile()
        self.problems: list[Problem] = []
        self.codes: dict[str, int] = {}
        self.known_groups = set(known_groups)
        self.type_groups: list[tuple[int, tuple[str, ...]]] = []

    def problem(self, line: int, message: str, column: str | None = None) -> None:
        self.problems.append(Problem(message, line=line, field=column))

    def row(self, line: int, row: dict[str, str]) -> None:
        kind = row["kind"]
        code = row["code"]
        if code in self.codes:
            self.problem(
                line,
                _("the code %(code)s is already on line %(line)s")
                % {"code": code, "line": self.codes[code]},
                "code",
            )
        elif code:
            self.codes[code] = line
        names = self._names(line, row)
        position = self._position(line, row["position"])
        if kind == "group":
            self._group(line, row, names, position)
        elif kind == "type":
            self._type(line, row, names, position)
        else:
            self.problem(line, _("kind must be “group” or “type”, not “%s”") % kind, "kind")

    def _names(self, line: int, row: dict[str, str]) -> tuple[str, str]:
        for column in ("name_pl", "name_en"):
            if not row[column]:
                self.problem(line, _("a name is required"), column)
            elif len(row[column]) > NAME_LENGTH:
                self.problem(
                    line, _("longer than %(max)s characters") % {"max": NAME_LENGTH}, column
                )
        return row["name_pl"], row["name_en"]

    def _position(self, line: int, text: str) -> int:
        if not text:
            return 0
        if not text.isdigit() or int(text) > MAX_POSITION:
            self.problem(
                line,
                _("position must be a whole number from 0 to %(max)s") % {"max": MAX_POSITION},
                "position",
            )
            return 0
        return int(text)

    def _group(self, line: int, row: dict[str, str], names: tuple[str, str], position: int) -> None:
        if not GROUP_CODE.match(row["code"]):
            self.problem(line, _("a group code is 2 to 4 capital letters"), "code")
        if row["groups"] or row["line"]:
            self.problem(line, _("a group has no groups and no line"), "groups")
        self.result.groups.append(GroupRow(row["code"], *names, position))

    def _type(self, line: int, row: dict[str, str], names: tuple[str, str], position: int) -> None:
        if not TYPE_CODE.match(row["code"]):
            self.problem(line, _("a type code looks like OS-01"), "code")
        if row["line"] not in ServiceType.Line.values:
            self.problem(
                line,
                _("line must be one of: %s") % ", ".join(ServiceType.Line.values),
                "line",
            )
        groups = tuple(dict.fromkeys(row["groups"].split()))
        if row["line"] == ServiceType.Line.SERVICES and not groups:
            self.problem(line, _("a type of the services line serves at least one group"), "groups")
        self.result.types.append(
            TypeRow(row["code"], *names, groups, row["line"], position, row["description"])
        )
        self.type_groups.append((line, groups))

    def check_groups(self) -> None:
        defined = self.known_groups | {group.code for group in self.result.groups}
        for line, groups in self.type_groups:
            unknown = [code for code in groups if code not in defined]
            if unknown:
                self.problem(line, _("unknown target group(s): %s") % ", ".join(unknown), "groups")


def parse_catalogue(path: str | Path) -> CatalogueFile:
    """The groups and types of the file; ImportRefused lists every problem (nothing written).
    A type may name a group defined in the file or one already in the database."""
    rows = csv_rows(read_text(path), name=str(path))
    header = rows[0][1] if rows else []
    catalogue = _Reader(TargetGroup.objects.values_list("code", flat=True))
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        catalogue.problem(1, _("missing column(s): %s") % ", ".join(missing))
        raise ImportRefused(path=str(path), problems=catalogue.problems)
    for line, cells in rows[1:]:
        values = {key: value.strip() for key, value in zip(header, cells, strict=False)}
        for column in header:
            values.setdefault(column, "")
        values.setdefault("description", "")
        if not any(values.values()):
            continue
        if len(cells) > len(header):
            catalogue.problem(line, _("more cells than columns"))
        catalogue.row(line, values)
    catalogue.check_groups()
    if catalogue.problems:
        raise ImportRefused(path=str(path), problems=catalogue.problems)
    return catalogue.result
