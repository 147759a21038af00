"""The database side of search: which cases contain all the given tokens, newest first.

One function per vendor with the same answer: the ids of the newest `limit` cases whose
index row has every token and that are in `scope` (the structured filters and the user's
access rights, as a queryset). The scope is checked per candidate with a correlated
EXISTS on the case's primary key, so the index is read in id order and the scan stops
after `limit` hits instead of collecting every match first.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from tousu.cases.models import Complaint

# What segment.py produces; anything else never reaches the SQL text below.
TOKEN = re.compile(r"^[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


def _scope_sql(scope: QuerySet[Complaint] | None, outer_id: str) -> tuple[str, list[Any]]:
    if scope is None:
        return "", []
    # outer_id is one of two constant column names of this module, never user input.
    inner = scope.filter(pk=RawSQL(outer_id, [])).values("pk")  # noqa: S611
    sql, params = inner.query.sql_with_params()
    return f" AND EXISTS ({sql})", list(params)


def matching_ids(
    tokens: list[str], scope: QuerySet[Complaint] | None, limit: int, any_token: bool = False
) -> list[int]:
    """Ids of the newest cases whose index has all `tokens` (any of them with `any_token`)."""
    if not tokens:
        return []
    if connection.vendor == "postgresql":
        operator = " | " if any_token else " & "
        expression = operator.join(f"'{t}'" for t in tokens)
        scope_sql, scope_params = _scope_sql(scope, "search_entry.complaint_id")
        match = "SELECT complaint_id FROM search_entry WHERE vector @@ to_tsquery('simple', %s)"
        sql = f"{match}{scope_sql} ORDER BY complaint_id DESC LIMIT %s"
        params: list[Any] = [expression, *scope_params, limit]
    else:
        operator = " OR " if any_token else " AND "
        expression = operator.join(f'"{t}"' for t in tokens)
        # The FTS5 rowid is the case id negated (migration 0002): ascending is newest first.
        scope_sql, scope_params = _scope_sql(scope, "-search_fts.rowid")
        sql = f"SELECT -rowid FROM search_fts WHERE search_fts MATCH %s{scope_sql} ORDER BY rowid LIMIT %s"  # noqa: S608
        params = [expression, *scope_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
