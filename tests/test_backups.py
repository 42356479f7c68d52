"""Backups round trip (issue 16): back up, change the data, restore — every table has the rows it
had, the audit chain and the ledger verify, and the uploaded files are back as they were. On the
database the suite runs on (SQLite's online backup API, or pg_dump/pg_restore on PostgreSQL)."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from integra.action_plans.tests.factories import make_programme
from integra.core.actors import SystemActor
from integra.core.backups import backup, read_manifest, restore
from integra.finance.models import Transaction
from integra.finance.services.allocation import post_allocations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(personas, small_tree):
    """Users with their audit events, a published allocation posted to the ledger, a file."""
    programme = make_programme(small_tree)
    post_allocations(actor=SystemActor("test"), programme=programme)
    assert Transaction.objects.exists()
    default_storage.save("jobs/kept.txt", ContentFile(b"kept"))
    return programme


def test_a_restore_brings_back_every_row_and_file_and_verifies(data, personas, tmp_path):
    archive = backup(tmp_path)
    manifest = read_manifest(archive)
    assert manifest["row_counts"]["accounts_user"] == len(vars(personas))
    assert manifest["row_counts"]["finance_transaction"] > 0

    # Life goes on after the backup: rows and files come and go.
    personas.officer.delete()
    default_storage.delete("jobs/kept.txt")
    default_storage.save("jobs/later.txt", ContentFile(b"later"))

    report = restore(archive)
    assert report.mismatches == []
    assert report.tables == len(manifest["row_counts"])
    assert report.checks["verify_audit"].startswith("OK")
    assert report.checks["verify_ledger"].startswith("OK")
    assert report.ok
    assert default_storage.open("jobs/kept.txt").read() == b"kept"
    assert not default_storage.exists("jobs/later.txt")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")
def test_a_restore_on_postgresql_leaves_the_planner_its_statistics(data, tmp_path):
    archive = backup(tmp_path)
    restore(archive)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'finance_transaction' "
            "AND last_analyze IS NOT NULL"
        )
        assert cursor.fetchone()[0] == 1


def test_the_commands_print_the_path_and_check_the_restore(data, tmp_path, settings):
    settings.INTEGRA_BACKUP_DIR = tmp_path
    out = io.StringIO()
    call_command("backup", stdout=out)
    path = out.getvalue().strip()
    assert path.startswith(str(tmp_path)) and path.endswith(".tar")
    out = io.StringIO()
    call_command("restore", path, "--no-input", stdout=out)
    assert out.getvalue().strip().endswith("OK")


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    stray = tmp_path / "stray.tar"
    with tarfile.open(stray, "w") as archive:
        archive.addfile(tarfile.TarInfo("hello.txt"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="not an Integra backup"):
        call_command("restore", str(stray), "--no-input")
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", str(tmp_path / "missing.tar"), "--no-input")
