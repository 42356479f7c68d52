"""Backups: the database and the uploaded files in one archive, and their restore.

One `.tar` holds `manifest.json` (engine, time, row count of every table), the database —
`database.dump` (pg_dump custom format, taken in the same snapshot as the counts) on PostgreSQL,
`database.sqlite3` (SQLite's online backup API) in the embedded mode — and `media/`, the files of
the default storage (plans' attachments, offers, job files). A restore puts both back and then
checks: the row count of every table as the manifest says, and the checks named in
INTEGRA_RESTORE_CHECKS (the audit chain, the ledger). `manage.py backup` / `manage.py restore`,
`make backup` / `make restore FILE=…`; docs/operations.md.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    pass


@dataclass
class RestoreReport:
    tables: int = 0
    mismatches: list[str] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.mismatches and all(v.startswith("OK") for v in self.checks.values())


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _media_root() -> Path:
    storages: Any = settings.STORAGES
    return Path(storages["default"]["OPTIONS"]["location"])


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["-d", db["NAME"]]
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def row_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return [
            info.name
            for info in connection.introspection.get_table_list(cursor)
            if info.type == "t" and not info.name.startswith("sqlite_")
        ]


# Backing up ---------------------------------------------------------------------------------------


def backup(folder: Path | None = None) -> Path:
    """Write one archive into `folder` (INTEGRA_BACKUP_DIR) and return its path."""
    folder = Path(folder or settings.INTEGRA_BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"integra-{stamp}.tar"
    with tempfile.TemporaryDirectory(prefix="integra-backup-") as work:
        work_path = Path(work)
        if _is_postgres():
            name, counts = _dump_postgres(work_path / PG_DUMP)
        else:
            name, counts = _dump_sqlite(work_path / SQLITE_DUMP)
        manifest = {
            "format": 1,
            "engine": connection.vendor,
            "created": timezone.now().isoformat(),
            "database": name,
            "row_counts": counts,
        }
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(work_path / name, arcname=name)
            media = _media_root()
            if media.is_dir():
                archive.add(media, arcname=MEDIA)
        partial.rename(target)  # a backup exists whole or not at all
    return target


def _dump_postgres(path: Path) -> tuple[str, dict[str, int]]:
    """pg_dump in the very snapshot the row counts are taken in: they agree whatever is written
    meanwhile."""
    args, env = _pg_environment()
    tables = _tables()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts(cursor, tables)
            result = subprocess.run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "-f", str(path), *args],
                env=env,
                capture_output=True,
                text=True,
            )
        finally:
            cursor.execute("COMMIT")
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return PG_DUMP, counts


def _dump_sqlite(path: Path) -> tuple[str, dict[str, int]]:
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)  # SQLite's online backup: consistent while in use
        tables = [
            row[0]
            for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        ]
        counts = {}
        for table in sorted(tables):
            (counts[table],) = copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()
    finally:
        copy.close()
    return SQLITE_DUMP, counts


# Restoring ----------------------------------------------------------------------------------------


def read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path) as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return dict(json.load(member))
    except (KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{archive_path} holds no {MANIFEST} ({error})") from error


def restore(archive_path: Path) -> RestoreReport:
    """Put the database and the files of `archive_path` back, then check them."""
    from django.core.management import call_command

    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"{archive_path} is a {manifest['engine']} backup; this server uses {connection.vendor}"
        )
    with tempfile.TemporaryDirectory(prefix="integra-restore-") as work:
        work_path = Path(work)
        with tarfile.open(archive_path) as archive:
            archive.extractall(work_path, filter="data")
        if _is_postgres():
            _restore_postgres(work_path / PG_DUMP)
        else:
            _restore_sqlite(work_path / SQLITE_DUMP)
        _restore_media(work_path / MEDIA)

    report = RestoreReport()
    with connection.cursor() as cursor:
        counts = row_counts(cursor, _tables())
    expected: dict[str, int] = manifest["row_counts"]
    report.tables = len(expected)
    for table, count in sorted(expected.items()):
        if counts.get(table) != count:
            report.mismatches.append(f"{table}: {counts.get(table)} rows, the backup had {count}")
    for command in settings.INTEGRA_RESTORE_CHECKS:
        out = io.StringIO()
        try:
            call_command(command, stdout=out, stderr=out)
            report.checks[command] = out.getvalue().strip() or "OK"
        except Exception as error:
            report.checks[command] = f"FAILED: {error}"
    return report


def _restore_postgres(dump: Path) -> None:
    """The dump replaces the schema's contents in one transaction: the schema is dropped and
    made again, then pg_restore's script runs through psql (ON_ERROR_STOP, one transaction), so
    a failure leaves the database as it was. Not `pg_restore --clean`: it drops a partition's
    inherited constraints one by one, which PostgreSQL refuses (contracts_reportreach is
    partitioned, docs/scaling.md)."""
    args, env = _pg_environment()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
    connections.close_all()
    script = subprocess.Popen(
        ["pg_restore", "--no-owner", "--no-privileges", "--file", "-", str(dump)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    psql = subprocess.Popen(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert script.stdout and script.stderr and psql.stdin and psql.stderr
    try:
        psql.stdin.write(
            f"SET client_min_messages = warning; DROP SCHEMA {schema} CASCADE; "
            f"CREATE SCHEMA {schema};\n".encode()
        )
        shutil.copyfileobj(script.stdout, psql.stdin, 1 << 20)
    except BrokenPipeError:  # psql stopped on an error: its message follows
        script.kill()
    finally:
        with contextlib.suppress(BrokenPipeError):
            psql.stdin.close()
    script_error, psql_error = script.stderr.read(), psql.stderr.read()
    script.wait()
    psql.wait()
    if script.returncode != 0 or psql.returncode != 0:
        message = (psql_error or script_error).decode(errors="replace").strip()
        raise BackupError(f"pg_restore failed: {message}")
    # pg_restore brings no planner statistics: until autovacuum comes by, the planner takes the
    # big tables for empty, and a dashboard's join of people reached took 23 s instead of 0.6 s
    # on the 1× scale data. Analysing costs seconds (docs/operations.md).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _restore_sqlite(copy_path: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(copy_path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connections.close_all()


def _restore_media(folder: Path) -> None:
    """The files as they were: the backup's set replaces the current one."""
    media = _media_root()
    media.mkdir(parents=True, exist_ok=True)
    for child in media.iterdir():  # the folder itself may be a mount point: keep it
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if folder.is_dir():
        shutil.copytree(folder, media, dirs_exist_ok=True)
