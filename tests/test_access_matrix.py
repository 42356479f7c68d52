"""`manage.py access_matrix` is the reviewed record of who may do what: docs/access-matrix.txt
must be its exact output, so any change of rights shows up in the diff of that file."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from integra.core.policies import load_all

MATRIX = Path(settings.BASE_DIR) / "docs" / "access-matrix.txt"


def printed_matrix() -> str:
    out = io.StringIO()
    call_command("access_matrix", stdout=out)
    return out.getvalue()


def test_the_committed_matrix_is_the_output_of_the_command():
    assert printed_matrix() == MATRIX.read_text(encoding="utf-8"), (
        "rights changed: run `manage.py access_matrix > docs/access-matrix.txt` and review the diff"
    )


def test_the_matrix_lists_every_registered_action_for_every_role():
    rows = [line.split() for line in printed_matrix().splitlines()[1:]]
    actions = {row[1] for row in rows}
    assert actions == set(load_all())
    roles = {row[0] for row in rows}
    assert len(rows) == len(roles) * len(actions)
