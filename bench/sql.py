"""In-process checks of the read paths: SQL queries per request and query plans.

Requests go through the Django test Client (full middleware and URL stack, the same
token authentication), with every executed statement and its parameters captured, so
an N+1 shows as a query count that grows with the page size, and the plans are those
of the exact SQL and parameters Django sends.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client


@dataclass
class Captured:
    queries: list[tuple[str, Any]] = field(default_factory=list)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries.append((sql, params))
        return execute(sql, params, many, context)


@dataclass
class Sample:
    name: str
    status: int
    queries: int
    items: int
    statements: list[tuple[str, Any]]
    wall_ms: float = 0.0
    cpu_ms: float = 0.0  # this process's CPU time: less disturbed by other load than wall time


def _call(client: Client, name: str, method: str, path: str, headers: dict[str, str], body: Any = None) -> Sample:
    captured = Captured()
    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(captured):
        if method == "GET":
            response = client.get(path, **headers)
        else:
            response = client.post(path, json.dumps(body), content_type="application/json", **headers)
    wall, cpu = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    try:
        data = response.json()
    except ValueError:
        data = {}
    items = len(data.get("items", data.get("timeline", []))) if isinstance(data, dict) else 0
    return Sample(name, response.status_code, len(captured.queries), items, captured.queries, wall, cpu)


def query_counts(
    *,
    reader_token: str,
    intake_token: str,
    departments: list[str],
    numbers: list[str],
    intake_body: Callable[[int], dict[str, Any]],
    samples: int = 30,
) -> dict[str, list[Sample]]:
    """Warm-up calls, then `samples` measured calls of each request kind."""
    client = Client()
    reader = {"HTTP_AUTHORIZATION": f"Bearer {reader_token}", "HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    writer = {"HTTP_AUTHORIZATION": f"Bearer {intake_token}", "HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    # The worklist of the department with the most open cases: a full first page from the
    # due phase, so limit=50 and limit=10 run the same statements unless there is an N+1.
    busiest = departments[0]
    plans: dict[str, Callable[[int], tuple[str, str, dict[str, str], Any]]] = {
        "worklist": lambda i: (
            "GET",
            f"/api/v1/complaints?department={busiest}&open=true&ordering=due&limit=50",
            reader,
            None,
        ),
        "worklist, limit=10": lambda i: (
            "GET",
            f"/api/v1/complaints?department={busiest}&open=true&ordering=due&limit=10",
            reader,
            None,
        ),
        "overdue": lambda i: ("GET", "/api/v1/complaints?overdue=true&ordering=due", reader, None),
        "detail": lambda i: ("GET", f"/api/v1/complaints/{numbers[i % len(numbers)]}", reader, None),
        "intake": lambda i: ("POST", "/api/v1/complaints", writer, intake_body(i)),
        "bare": lambda i: ("POST", "/bench/bare/", {}, {"text": f"row {i}"}),
    }
    from tousu.policies.models import PolicyVersion
    from tousu.policies.registry import spec_of_version

    for version_id in PolicyVersion.objects.values_list("id", flat=True):
        spec_of_version(version_id)  # a long-running server has every version's spec cached
    out: dict[str, list[Sample]] = {}
    for name, plan in plans.items():
        for i in range(3):  # warm-up: caches, first connection
            method, path, headers, body = plan(-1 - i)
            _call(client, name, method, path, headers, body)
        out[name] = []
        for i in range(1, samples + 1):
            method, path, headers, body = plan(i)
            out[name].append(_call(client, name, method, path, headers, body))
    return out


def main_select(sample: Sample) -> tuple[str, Any] | None:
    """The statement that reads the page of complaints (the biggest one on cases_complaint)."""
    candidates = [
        (sql, params)
        for sql, params in sample.statements
        if sql.lstrip().upper().startswith("SELECT") and '"cases_complaint"' in sql.split("WHERE")[0]
    ]
    return max(candidates, key=lambda item: len(item[0])) if candidates else None


@dataclass
class Plan:
    name: str
    sql: str
    params: Any
    lines: list[str]
    indexes: list[str]
    full_scan: bool
    sort: bool  # a full sort of the matching rows
    incremental: bool  # PostgreSQL's incremental sort: rows come in next_due_at order, ties sorted by id
    sql_ms_p50: float

    @property
    def verdict(self) -> str:
        if self.full_scan:
            via = f" (all of index {', '.join(self.indexes)})" if self.indexes else ""
            return f"FULL SCAN of cases_complaint{via}" + (" + sort" if self.sort else "")
        if not self.indexes:
            return "no index found in plan"
        if self.sort:
            return f"index {', '.join(self.indexes)} + sort of all matching rows"
        if self.incremental:
            return f"index {', '.join(self.indexes)} in order + incremental sort of ties on id"
        return f"index {', '.join(self.indexes)} (order from index)"


def explain(name: str, sql: str, params: Any, repeat: int = 30) -> Plan:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            rows = cursor.fetchall()
            lines = [str(row[-1]) for row in rows]
            indexes = []
            full_scan = sort = incremental = False
            for line in lines:
                if "cases_complaint" in line:
                    if " INDEX " in line:
                        indexes.append(line.split(" INDEX ")[1].split()[0])
                    if line.startswith("SCAN"):  # every row of the table, or of a whole index
                        full_scan = True
                if "TEMP B-TREE" in line:
                    sort = True
        else:
            cursor.execute("EXPLAIN " + sql, params)
            lines = [row[0] for row in cursor.fetchall()]
            indexes = []
            full_scan = sort = incremental = False
            for line in lines:
                text = line.strip().lstrip("->").strip()
                if " on cases_complaint" in text:
                    if "Index" in text and " using " in text:
                        indexes.append(text.split(" using ")[1].split()[0])
                    elif text.startswith("Bitmap Index Scan on"):
                        indexes.append(text.split(" on ")[1].split()[0])
                    elif text.startswith("Seq Scan"):
                        full_scan = True
                elif text.startswith("Bitmap Index Scan on"):
                    name_ = text.split(" on ")[1].split()[0]
                    if name_.startswith("complaint_") or name_.startswith("cases_complaint"):
                        indexes.append(name_)
                if text.startswith("Incremental Sort"):
                    incremental = True
                elif text.startswith("Sort  ") or text.startswith("Sort ("):
                    sort = True
        timings = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    return Plan(name, sql, params, lines, indexes, full_scan, sort, incremental, timings[len(timings) // 2])


def literal_sql(sql: str, params: Any) -> str:
    """The statement with its parameters inlined, for reading (not for executing)."""
    if not params:
        return sql
    quoted = []
    for value in params:
        if isinstance(value, str):
            quoted.append("'" + value.replace("'", "''") + "'")
        elif isinstance(value, bool):
            quoted.append(str(int(value)) if connection.vendor == "sqlite" else str(value).lower())
        else:
            quoted.append(repr(value) if not hasattr(value, "isoformat") else f"'{value.isoformat()}'")
    try:
        return sql % tuple(quoted)
    except (TypeError, ValueError):
        return sql
