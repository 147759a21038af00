"""Backup and restore (issue 6, proof): `tousu backup FILE` taken from a live database,
restored into a fresh database, compares equal table by table (row count and a digest
of the rows)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tests.web.conftest import PROPERTY_CASE as CASE
from tousu.cases import intake
from tousu.core.backup import BackupError, restore, table_digests


def _fresh_postgres(name: str) -> None:
    admin = {**connection.settings_dict, "NAME": "postgres"}
    with psycopg.connect(
        dbname="postgres", host=admin["HOST"], port=admin["PORT"] or 5432, user=admin["USER"], autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def digests(db: dict[str, Any], tables: list[str]) -> dict[str, tuple[int, str]]:
    """Read with the database driver itself, the same way on both sides."""
    if db["ENGINE"].endswith("sqlite3"):
        with sqlite3.connect(db["NAME"]) as conn:
            return table_digests(conn.cursor(), tables)
    with psycopg.connect(dbname=db["NAME"], host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"]) as conn:
        return table_digests(conn.cursor(), tables)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_is_the_same(setup_data: None, tmp_path: Path) -> None:
    for n in range(3):
        intake.register({**CASE, "content": f"{CASE['content']} 第{n}次"}, actor=None, actor_kind="complainant")
    tables = connection.introspection.table_names()
    db = dict(connection.settings_dict)
    before = digests(db, tables)
    assert before["cases_complaint"][0] == 3

    file = tmp_path / "tousu.backup"
    call_command("backup", str(file))
    assert file.stat().st_size > 0

    if connection.vendor == "sqlite":
        fresh = {**db, "NAME": str(tmp_path / "fresh.sqlite3")}
        restore(file, fresh)
        with sqlite3.connect(fresh["NAME"]) as restored:
            assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    else:
        fresh = {**db, "NAME": f"{db['NAME']}_restored"}
        _fresh_postgres(fresh["NAME"])
        restore(file, fresh)
    assert digests(fresh, tables) == before


def test_restoring_a_missing_or_damaged_file_fails_clearly(tmp_path: Path, settings: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.backup"))
    if connection.vendor == "sqlite":
        damaged = tmp_path / "damaged.backup"
        damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
        target = tmp_path / "target.sqlite3"
        with pytest.raises(BackupError, match="damaged"):
            restore(damaged, {**connection.settings_dict, "NAME": str(target)})
        assert not target.exists()  # nothing touched
