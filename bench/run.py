"""`python -m bench.run` (or `make bench`): Tousu's benchmark against the real server.

1. a fresh database (SQLite under var/bench/ or a PostgreSQL database `tousu_bench`),
   `tousu setup` with TOUSU_BENCH=1 (adds the bare baseline app);
2. N seeded cases (direct batched INSERTs, not the API) over the five policies;
3. the real gunicorn server (`tousu serve`), client processes posting to the bare
   endpoint and to intake (POST /api/v1/complaints) for --seconds each;
4. one client reading the worklist, the overdue list and case details; then one signed-in
   staff member reading the desk's worklist, case pages and registration form (bench/desk.py);
5. SQL queries per request and the query plans of the list queries, in-process;
6. a summary against the targets, and JSON in bench/results/.

Top-level imports stay free of Django: client processes start with `spawn` and import
this module again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

from bench.desk import (
    DESK_READS,
    TARGET_DESK_P95_MS,
    desk_query_counts,
    prepare_desk_user,
    report_rows,
    run_desk_reads,
)
from bench.load import Phase, ReadResult, percentile, run_phase, run_reads, server_workers_rss, wait_quiet

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/tousu_bench"
TARGET_INTAKE_RATIO = 0.50
TARGET_READ_P95_MS = 25.0
READS = ("worklist", "overdue", "detail")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=100_000, help="cases to seed (default 100,000)")
    p.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--database-url", help=f"PostgreSQL URL (default {DEFAULT_PG_URL}); the database is recreated")
    p.add_argument("--clients", type=int, default=8, help="concurrent client processes (default 8)")
    p.add_argument("--seconds", type=float, default=10, help="seconds per measured write phase (default 10)")
    p.add_argument("--rounds", type=int, default=1, help="alternating bare/intake rounds (default 1)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--reads", type=int, default=300, help="requests per read kind, one client (default 300)")
    p.add_argument("--var-dir", type=Path, default=ROOT / "var" / "bench", help="TOUSU_VAR_DIR of the run")
    p.add_argument("--keep", action="store_true", help="keep the database afterwards")
    p.add_argument("--reuse", action="store_true", help="reuse a database kept by --keep (no reseeding)")
    p.add_argument("--no-json", action="store_true", help="do not write bench/results/*.json")
    p.add_argument("--seed", type=int, default=20250101, help="random seed of the data set")
    p.add_argument(
        "--trace",
        action="store_true",
        help="time SQL statements inside the server (TOUSU_BENCH_TRACE=1) and show where server time goes",
    )
    p.add_argument(
        "--wait-quiet",
        type=float,
        default=60,
        help="before each phase, wait up to this many seconds for other CPU use to drop below 25%% (default 60)",
    )
    args = p.parse_args(argv)
    if args.database_url:
        args.database = "postgres"
    return args


def say(text: str = "") -> None:
    print(text, flush=True)


# --- Database lifecycle (before Django is set up) ---------------------------------------


def _pg_admin(url: str) -> tuple[str, str]:
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    return urlunparse(parts._replace(path="/postgres")), name


def recreate_postgres(url: str) -> None:
    import psycopg

    admin, name = _pg_admin(url)
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    import psycopg

    admin, name = _pg_admin(url)
    if "bench" in name:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_exists(url: str) -> bool:
    import psycopg

    admin, name = _pg_admin(url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def sqlite_files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


def prepare(args: argparse.Namespace) -> tuple[str, bool]:
    """Set the environment for this process and the server; returns (DATABASE_URL, fresh)."""
    var_dir = args.var_dir.resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    if args.database == "sqlite":
        path = var_dir / "bench.sqlite3"
        url = f"sqlite:///{path}"
        fresh = not (args.reuse and path.exists())
        if fresh:
            for file in sqlite_files(path):
                file.unlink(missing_ok=True)
    else:
        url = args.database_url or DEFAULT_PG_URL
        fresh = not (args.reuse and postgres_exists(url))
        if fresh:
            recreate_postgres(url)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "tousu.settings",
            "DATABASE_URL": url,
            "TOUSU_VAR_DIR": str(var_dir),
            "TOUSU_BENCH": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        }
    )
    return url, fresh


# --- Steps that need Django ---------------------------------------------------------------


def setup_and_seed(args: argparse.Namespace, fresh: bool) -> dict[str, Any]:
    from django.core.management import call_command

    from bench.seed import seed
    from tousu.cases.models import Complaint

    t0 = time.perf_counter()
    call_command("setup", verbosity=0)
    say(f"tousu setup (migrate, calendar, five policy presets): {time.perf_counter() - t0:.1f} s")
    if not fresh and Complaint.objects.exists():
        n = Complaint.objects.count()
        say(f"reusing the kept database: {n:,} cases, not reseeded")
        return {"reused": True, "cases": n}
    say(f"seeding {args.cases:,} cases with direct batched INSERTs (5,000 cases per transaction), not through the API:")
    result = seed(args.cases, seed_value=args.seed, log=lambda line: say(line))
    say(
        f"seeded {result.cases:,} cases, {result.events:,} events, {result.clocks:,} clocks "
        f"in {result.seconds:.1f} s ({result.cases / result.seconds:,.0f} cases/s); "
        f"{result.open_cases:,} open, {result.overdue_cases:,} overdue"
    )
    return {
        "reused": False,
        "cases": result.cases,
        "events": result.events,
        "clocks": result.clocks,
        "seconds": round(result.seconds, 1),
        "open": result.open_cases,
        "overdue": result.overdue_cases,
    }


def tokens() -> tuple[str, str]:
    """(intake token, reader token): a receptionist, and a complaint manager of every
    organisation (one position at each organisation's root), who sees every case as the
    one complaint manager of the flat organisation did before organisations existed:
    the reads cover the same cases, through a scope of several positions."""
    from django.contrib.auth import get_user_model

    from tousu.org.management.commands.user import add_user
    from tousu.org.models import ApiToken, Position, Unit

    User = get_user_model()
    out = []
    for username, role, department in (
        ("bench_receptionist", "receptionist", "wy_customer_service"),
        ("bench_manager", "complaint_manager", "wy_customer_service"),
    ):
        if not User.objects.filter(username=username).exists():
            add_user(username, role, department, username, "bench-" + username + "-pw-123456")
            if role == "complaint_manager":
                user = User.objects.get(username=username)
                for root in Unit.objects.filter(parent__isnull=True):
                    Position.objects.create(user=user, role=role, unit=root)
        _, raw = ApiToken.issue(User.objects.get(username=username), name="bench")
        out.append(raw)
    return out[0], out[1]


def read_targets() -> tuple[list[str], list[str], list[str], dict[str, int]]:
    """Departments with open cases, a random sample of tracking numbers, intake categories."""
    from django.db.models import Count

    from tousu.cases.models import Complaint
    from tousu.policies.models import Policy
    from tousu.policies.registry import spec_of_version

    open_by_dept = dict(
        Complaint.objects.filter(is_open=True, department__isnull=False)
        .values_list("department__code")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    numbers = list(Complaint.objects.order_by("?").values_list("number", flat=True)[:2000])
    spec = spec_of_version(Policy.objects.get(name="property-office").current_id)
    return list(open_by_dept), numbers, spec.category_codes(), open_by_dept


# --- Reporting --------------------------------------------------------------------------


def fmt(value: float, digits: int = 1) -> str:
    return "—" if value != value else f"{value:,.{digits}f}"  # NaN → —


def table(headers: list[str], rows: list[list[Any]]) -> str:
    cells = [headers, *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        pairs = enumerate(zip(row, widths, strict=True))
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def read_trace(folder: Path) -> dict[str, list[float]]:
    """Totals of all server processes: statement kind -> [count, seconds, max seconds]."""
    out: dict[str, list[float]] = {}
    for file in folder.glob("*.json"):
        try:
            data = json.loads(file.read_text())
        except (OSError, ValueError):
            continue
        for key, (n, secs, top) in data.items():
            entry = out.setdefault(key, [0, 0.0, 0.0])
            entry[0] += n
            entry[1] += secs
            entry[2] = max(entry[2], top)
    return out


def trace_diff(before: dict[str, list[float]], after: dict[str, list[float]]) -> dict[str, list[float]]:
    out = {}
    for key, (n, secs, top) in after.items():
        n0, secs0, _ = before.get(key, [0, 0.0, 0.0])
        if n - n0:
            out[key] = [n - n0, secs - secs0, top]
    return out


def trace_table(trace: dict[str, list[float]], anchor: str | int) -> str:
    """Statements per request and their time; `anchor` is the number of requests, or a
    statement that runs once per request."""
    requests_ = anchor if isinstance(anchor, int) else trace.get(anchor, [0])[0]
    if not requests_:
        return "  (no traced statements)"
    rows = []
    held = []
    total = 0.0
    for key, (n, secs, top) in sorted(trace.items(), key=lambda item: -item[1][1]):
        row = [
            key,
            f"{n / requests_:.2f}",
            f"{secs / n * 1000:.2f}",
            f"{secs / requests_ * 1000:.2f}",
            f"{top * 1000:.1f}",
        ]
        if key.startswith("("):
            held.append(row)  # lock hold times overlap the statements: shown, not added up
        else:
            total += secs
            rows.append(row)
    rows.append(["all statements (and COMMIT)", "", "", f"{total / requests_ * 1000:.2f}", ""])
    rows.extend(held)
    lines = table(["statement", "per request", "avg ms", "ms per request", "max ms"], rows)
    return "\n".join("  " + line for line in lines.splitlines())


def merge(phases: list[Phase], name: str) -> Phase:
    mine = [p for p in phases if p.name == name]
    total = Phase(name, mine[0].clients, sum(p.seconds for p in mine))
    for p in mine:
        total.client_ms.extend(p.client_ms)
        total.server_ms.extend(p.server_ms)
        for key, n in p.errors.items():
            total.errors[key] = total.errors.get(key, 0) + n
    total.cpu_busy = sum(p.cpu_busy for p in mine) / len(mine)
    return total


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url, fresh = prepare(args)
    import django

    django.setup()
    from django.db import connection, connections

    from bench.fake import intake_payload
    from bench.sql import explain, literal_sql, main_select, query_counts
    from tousu.core.liveserver import running_server

    started = dt.datetime.now().astimezone()
    vendor = connection.vendor
    db_label = "SQLite " + __import__("sqlite3").sqlite_version if vendor == "sqlite" else "PostgreSQL"
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            db_label = f"PostgreSQL {cursor.fetchone()[0]}"
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {db_label}"
    say(f"Tousu benchmark {started:%Y-%m-%d %H:%M %Z} — {machine}")
    say(f"database: {url}")

    data = setup_and_seed(args, fresh)
    intake_token, reader_token = tokens()
    departments, numbers, categories, open_by_dept = read_targets()
    desk_numbers = prepare_desk_user(numbers)
    connections.close_all()

    import random

    rng = random.Random(args.seed)
    log = args.var_dir.resolve() / "server.log"
    phases: list[Phase] = []
    reads: list[ReadResult] = []
    desk_reads: list[ReadResult] = []
    rss: list[int] = []
    background: list[float] = []  # CPU use by others just before each phase
    trace_dir = args.var_dir.resolve() / "trace"
    traces: dict[str, dict[str, list[float]]] = {}
    server_env = {"TOUSU_BENCH": "1"}
    if args.trace:
        server_env["TOUSU_BENCH_TRACE"] = "1"
        trace_dir.mkdir(exist_ok=True)
        for file in trace_dir.glob("*.json"):
            file.unlink()
    say(f"\nstarting the real server: tousu serve, {args.workers} gunicorn workers (log: {log})")
    # No embedded job runner: on a freshly seeded database it would first catch up with the
    # seeded months (reports, retention, the sweep) and measure that instead of requests.
    # Background work has its own benchmarks (bench.sweep, bench.reports).
    with running_server(url, workers=args.workers, env=server_env, log=log, job_runner=False) as base:
        for r in range(args.rounds):
            for kind in ("bare", "intake"):
                extra = categories if kind == "intake" else None
                busy = wait_quiet(args.wait_quiet)
                background.append(busy)
                say(
                    f"  round {r + 1}: {kind:<6} {args.clients} client processes × {args.seconds:g} s "
                    f"(CPU busy before: {busy:.0%}) …"
                )
                before = read_trace(trace_dir) if args.trace else {}
                phase = run_phase(
                    kind, base, intake_token, clients=args.clients, seconds=args.seconds, extra=extra, seed=r
                )
                if args.trace:
                    time.sleep(1.0)  # the servers' trace files are rewritten twice a second
                    diff = trace_diff(before, read_trace(trace_dir))
                    for key, value in diff.items():
                        entry = traces.setdefault(kind, {}).setdefault(key, [0, 0.0, 0.0])
                        entry[0] += value[0]
                        entry[1] += value[1]
                        entry[2] = max(entry[2], value[2])
                s = phase.stats()
                say(
                    f"    {s['rps']:8.1f} req/s, client p50 {s['client_p50_ms']} ms, "
                    f"server p50 {s['server_p50_ms']} ms, errors {sum(phase.errors.values())}, "
                    f"CPU busy during the window {phase.cpu_busy:.0%}"
                )
                for key, n in phase.errors.items():
                    say(f"      error ×{n}: {key}")
                phases.append(phase)
        busy = wait_quiet(args.wait_quiet)
        background.append(busy)
        say(
            f"  reads: one client, {args.reads} requests each of worklist / overdue / detail "
            f"(CPU busy before: {busy:.0%}) …"
        )
        before = read_trace(trace_dir) if args.trace else {}
        reads = run_reads(base, reader_token, departments=departments, numbers=numbers, requests_each=args.reads)
        if args.trace:
            time.sleep(1.0)
            traces["reads"] = trace_diff(before, read_trace(trace_dir))
        busy = wait_quiet(args.wait_quiet)
        background.append(busy)
        say(f"  desk pages: one signed-in client, {args.reads} requests each (CPU busy before: {busy:.0%}) …")
        desk_reads = run_desk_reads(base, numbers=desk_numbers, requests_each=args.reads)
        rss = server_workers_rss(base)

    say("\nSQL per request, in-process times and query plans (Django test Client, same process) …")
    wait_quiet(args.wait_quiet)
    samples = query_counts(
        reader_token=reader_token,
        intake_token=intake_token,
        departments=departments,
        numbers=numbers,
        intake_body=lambda i: intake_payload(rng, categories),
    )
    desk_queries = desk_query_counts(desk_numbers)
    plans = []
    for name in ("worklist", "overdue"):
        statement = main_select(samples[name][0])
        if statement:
            plans.append(explain(name, *statement))

    # --- Report ---
    bare, intake = merge(phases, "bare"), merge(phases, "intake")
    ratio = intake.rps / bare.rps if bare.rps else float("nan")
    say("")
    say(f"== Writes: {args.clients} client processes, {args.workers} workers, {db_label}, {data['cases']:,} cases ==")
    rows = []
    for phase in (bare, intake):
        s = phase.stats()
        rows.append(
            [
                "bare POST /bench/bare/" if phase.name == "bare" else "intake POST /api/v1/complaints",
                fmt(s["rps"]),
                fmt(s["client_p50_ms"], 2),
                fmt(s["client_p95_ms"], 2),
                fmt(s["server_p50_ms"], 2),
                fmt(s["server_p95_ms"], 2),
                f"{phase.cpu_busy:.0%}",
                sum(phase.errors.values()),
            ]
        )
    headers = ["endpoint", "req/s", "client p50", "client p95", "server p50", "server p95", "CPU busy"]
    say(table([*headers, "errors"], rows))
    say(f"intake / bare throughput = {ratio:.2f}")

    def q(name: str) -> str:
        counts = sorted({s.queries for s in samples[name]})
        return "/".join(str(c) for c in counts)

    def inproc(name: str, attr: str, p: float) -> float:
        return percentile([getattr(s, attr) for s in samples[name]], p)

    say("")
    say(f"== Reads: one client, {args.reads} requests each, times in ms ==")
    rows = []
    for result in reads:
        s = result.stats()
        rows.append(
            [
                s["name"],
                s["requests"],
                fmt(s["server_p50_ms"], 2),
                fmt(s["server_p95_ms"], 2),
                fmt(s["server_max_ms"], 2),
                fmt(s["client_p50_ms"], 2),
                fmt(s["client_p95_ms"], 2),
                fmt(inproc(s["name"], "cpu_ms", 50), 2),
                q(s["name"]),
                fmt(s["items_mean"]),
            ]
        )
    headers = ["request", "n", "server p50", "server p95", "server max", "client p50", "client p95", "CPU p50"]
    say(table([*headers, "SQL/req", "rows"], rows))
    say(
        "server = Server-Timing of the real server; CPU = CPU time of the same request in-process "
        f"(median of {len(samples['detail'])}, less disturbed by other load); rows = items (timeline for detail)"
    )
    n_plus_one = q("worklist") != q("worklist, limit=10")
    say(
        f"SQL per request: intake {q('intake')}, bare {q('bare')}; worklist limit=50 {q('worklist')} vs "
        f"limit=10 {q('worklist, limit=10')} → {'N+1 (grows with page size)' if n_plus_one else 'no N+1'}"
    )
    for name in ("worklist", "overdue", "detail", "intake"):
        sample = samples[name][0]
        say(f"  {name} statements ({sample.queries}):")
        for sql, _params in sample.statements:
            say(f"    {' '.join(sql.split())[:150]}")
    say(
        f"in-process CPU per request (p50): intake {inproc('intake', 'cpu_ms', 50):.2f} ms, "
        f"bare {inproc('bare', 'cpu_ms', 50):.2f} ms"
    )
    say("")
    say(f"== Desk pages (HTML): one signed-in client, {args.reads} requests each, times in ms ==")
    headers = ["page", "n", "server p50", "server p95", "server max", "client p95", "SQL/req", "errors"]
    say(table(headers, report_rows(desk_reads, desk_queries)))
    if rss:
        say(f"gunicorn worker RSS after the load: {', '.join(f'{r / 1024:.0f} MiB' for r in rss)}")
    say(f"CPU busy (other work) just before each phase: {', '.join(f'{b:.0%}' for b in background)}")
    if traces:
        read_requests = sum(len(r.server_ms) + r.errors for r in reads) + 30  # + the warm-up requests
        anchors: dict[str, str | int] = {
            "bare": "INSERT bareapp_barerow",
            "intake": "INSERT cases_complaint",
            "reads": read_requests,
        }
        for name, trace in traces.items():
            say(f"\nSQL time inside the server during '{name}' (TOUSU_BENCH_TRACE; includes lock waits, warm-up too):")
            say(trace_table(trace, anchors[name]))

    say("")
    say(f"== Query plans ({'EXPLAIN QUERY PLAN' if vendor == 'sqlite' else 'EXPLAIN'}) ==")
    for plan in plans:
        say(f"{plan.name}: {plan.verdict}; the statement alone: p50 {plan.sql_ms_p50:.2f} ms")
        say(f"  SQL: {' '.join(literal_sql(plan.sql, plan.params).split())}")
        for line in plan.lines:
            say(f"    {line}")

    by_name = {r.name: r.stats() for r in reads}
    checks = [("intake ≥ 50% of bare (throughput)", f"{ratio:.2f}", ratio >= TARGET_INTAKE_RATIO)]
    for name in READS:
        p95 = by_name[name]["server_p95_ms"]
        checks.append((f"{name} server p95 < {TARGET_READ_P95_MS:g} ms", f"{p95:.2f} ms", p95 < TARGET_READ_P95_MS))
    checks.append(("no N+1 on the worklist", f"{q('worklist')} vs {q('worklist, limit=10')}", not n_plus_one))
    desk_by_name = {r.name: r.stats() for r in desk_reads}
    for name in DESK_READS:
        p95 = desk_by_name[name]["server_p95_ms"]
        ok = p95 < TARGET_DESK_P95_MS and desk_by_name[name]["errors"] == 0
        checks.append((f"{name} server p95 < {TARGET_DESK_P95_MS:g} ms", f"{p95:.2f} ms", ok))
    for plan in plans:
        good = bool(plan.indexes) and not plan.full_scan and not plan.sort
        checks.append((f"{plan.name} plan: index in order, no full sort", plan.verdict, good))
    say("")
    note = "" if vendor == "sqlite" else " (read targets are set for SQLite; shown for comparison)"
    say(f"== Summary: {data['cases']:,} cases, {db_label}{note} ==")
    say(table(["target", "measured", "result"], [[c, m, "PASS" if ok else "FAIL"] for c, m, ok in checks]))
    if any(b > 0.25 for b in background):
        say(
            "WARNING: other work used the CPU before some phases (see 'CPU busy before'): absolute "
            "figures are low; compare the ratios measured within this run."
        )

    result = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine,
        "database": db_label,
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "data": data,
        "open_cases_by_department": open_by_dept,
        "writes": [p.stats() for p in phases],
        "writes_total": {"bare": bare.stats(), "intake": intake.stats(), "ratio": round(ratio, 3)},
        "reads": [r.stats() for r in reads],
        "desk_reads": [r.stats() for r in desk_reads],
        "desk_sql_per_request": desk_queries,
        "sql_per_request": {k: [s.queries for s in v] for k, v in samples.items()},
        "plans": [
            {"name": p.name, "verdict": p.verdict, "lines": p.lines, "sql_ms_p50": round(p.sql_ms_p50, 3)}
            for p in plans
        ],
        "worker_rss_kib": rss,
        "server_sql_trace": traces,
        "cpu_busy_before_phases": [round(b, 3) for b in background],
        "in_process_ms": {
            k: {
                "wall_p50": round(percentile([s.wall_ms for s in v], 50), 2),
                "cpu_p50": round(percentile([s.cpu_ms for s in v], 50), 2),
            }
            for k, v in samples.items()
        },
        "checks": [{"target": c, "measured": m, "pass": ok} for c, m, ok in checks],
    }
    if not args.no_json:
        out_dir = ROOT / "bench" / "results"
        out_dir.mkdir(exist_ok=True)
        suffix = ""
        out = out_dir / f"{started:%Y%m%d-%H%M%S}-{vendor}-{data['cases']}{suffix}.json"
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        say(f"\nresults: {out.relative_to(ROOT)}")

    connections.close_all()
    if not args.keep:
        if vendor == "sqlite":
            for file in sqlite_files(args.var_dir.resolve() / "bench.sqlite3"):
                file.unlink(missing_ok=True)
        else:
            drop_postgres(url)
        say("database removed (use --keep to keep it, then --reuse)")
    return 0 if all(ok for _, _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
