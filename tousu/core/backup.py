"""Backing the database up to one file and restoring it (`tousu backup` / `tousu restore`).

SQLite: the online backup API in one step (a stepwise backup never finished under
concurrent writes, docs FACTS), consistent while the server keeps writing. PostgreSQL:
pg_dump's custom format and pg_restore, which must be installed (the postgresql-client
package). `table_digests` gives a row count and a content digest per table, to compare a
restored database with its source.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections


class BackupError(Exception):
    pass


def _settings(alias: str = "default") -> dict[str, Any]:
    return dict(connections[alias].settings_dict)


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools (postgresql-client)")
    return found


def backup(target: Path, db: dict[str, Any] | None = None) -> None:
    db = db or _settings()
    target = Path(target)
    if db["ENGINE"].endswith("sqlite3"):
        source = sqlite3.connect(str(db["NAME"]))
        dest = sqlite3.connect(str(target))
        try:
            with dest:
                source.backup(dest)  # one step: consistent even while others write
        finally:
            dest.close()
            source.close()
        return
    args, env = _pg_env(db)
    command = [_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--file", str(target), str(db["NAME"])]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise BackupError(done.stderr.strip())


def restore(source: Path, db: dict[str, Any] | None = None) -> None:
    """Replace the database's contents with the backup's. Stop the server first."""
    db = db or _settings()
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    for connection in connections.all():
        connection.close()
    if db["ENGINE"].endswith("sqlite3"):
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            check = backup_db.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            check = str(error)
        if check != "ok":
            backup_db.close()
            raise BackupError(f"{source} is damaged: {check}")
        dest = sqlite3.connect(str(db["NAME"]))
        try:
            backup_db.backup(dest)
        finally:
            dest.close()
            backup_db.close()
        return
    args, env = _pg_env(db)
    command = [
        _tool("pg_restore"),
        *args,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        str(db["NAME"]),
        str(source),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise BackupError(done.stderr.strip())


def table_digests(cursor: Any, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Per table: its row count and a SHA-256 over its rows in primary-key order."""
    out = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608  (names from the schema)
        digest, count = hashlib.sha256(), 0
        for row in cursor.fetchall():
            digest.update(repr(tuple(row)).encode())
            count += 1
        out[table] = (count, digest.hexdigest())
    return out
