"""`python -m bench.reports`: the monthly statistics (KH-07-R02) over a month of 100,000
cases in a 1,000,000-case database, on SQLite or PostgreSQL (target: under 3 s).

The database is seeded once with set-based SQL (INSERT … SELECT over a generated series:
ten months of 100,000 property-office cases with clocks and timeline events) and kept
under var/bench-reports/ or in the PostgreSQL database `tousu_reports_bench`; later runs
reuse it (--fresh to reseed). Each figure set is computed --repeat times; the baseline in
the same run is a bare COUNT(*) of the month's cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/tousu_reports_bench"
MONTH = (2026, 10)
TARGET_SECONDS = 3.0
CATEGORIES = [
    "public_facilities", "elevator", "power_water", "metering", "antenna_smart", "cleaning", "greening",
    "maintenance", "security", "safety_danger", "fire_safety", "staff_service", "rule_breach", "equipment",
]  # fmt: skip
CONTENTS = [
    "电梯停在八楼不动，有人被困。", "卫生间天花板漏水，楼上管道漏水。", "楼道垃圾三天没人清理。",
    "草坪被挖开后一直没有恢复。",
    "地下车库监控坏了，车被划。", "前台员工态度恶劣。", "晚上施工噪音太大，影响休息。", "小区停电一整天没有通知。",
    "消防通道被车辆堵塞。", "水表读数异常，水费突然翻倍。",
]  # fmt: skip


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__.split("\n\n")[0])
    p.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--database-url", help=f"PostgreSQL URL (default {DEFAULT_PG_URL})")
    p.add_argument("--cases", type=int, default=1_000_000)
    p.add_argument("--month-cases", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--fresh", action="store_true", help="drop and reseed the database")
    p.add_argument("--parts", action="store_true", help="also time each part of the figures on its own")
    p.add_argument("--var-dir", type=Path, default=ROOT / "var" / "bench-reports")
    return p.parse_args(argv)


def say(text: str = "") -> None:
    print(text, flush=True)


def prepare(args: argparse.Namespace) -> bool:
    """Environment for Django; returns True when the database must be seeded."""
    args.var_dir.mkdir(parents=True, exist_ok=True)
    if args.database == "sqlite":
        path = args.var_dir / "reports-bench.sqlite3"
        if args.fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        fresh = not path.exists()
        url = f"sqlite:///{path}"
    else:
        import psycopg

        url = args.database_url or DEFAULT_PG_URL
        parts = urlparse(url)
        name = parts.path.lstrip("/")
        if "bench" not in name:
            sys.exit(f"refusing to use database {name!r}: its name must contain 'bench'")
        admin = urlunparse(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
            if args.fresh and exists:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = False
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        fresh = not exists
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "tousu.settings", "DATABASE_URL": url, "TOUSU_VAR_DIR": str(args.var_dir)}
    )
    return fresh


def _case(values: list[str], expr: str) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"CASE {expr} % {len(values)} {whens} END"


def seed(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from tousu.cases.models import Complaint
    from tousu.org.models import Unit
    from tousu.policies.models import Policy

    t0 = time.perf_counter()
    call_command("setup", verbosity=0)
    pg = connection.vendor == "postgresql"
    policy = Policy.objects.get(name="property-office")
    version_id = policy.current_id
    # The cases belong where the policy runs: its organisation, its office (the home).
    home = policy.homes.order_by("pk").first()
    assert home is not None and policy.organisation_id is not None
    departments = list(Unit.objects.filter(code__startswith="wy_").order_by("code").values_list("id", flat=True))
    months = args.cases // args.month_cases
    first = dt.date(MONTH[0], MONTH[1], 1)
    # Month m (0 = the measured month, 1 = the one before, …) starts at month_start[m] (UTC epoch).
    starts = []
    for m in range(months + 1):
        index = first.year * 12 + first.month - 1 - m
        day = dt.date(index // 12, index % 12 + 1, 1)
        starts.append(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()) - 8 * 3600)
    month_of = f"((i - 1) / {args.month_cases})"
    start_case = "CASE " + month_of + " " + " ".join(f"WHEN {m} THEN {starts[m]}" for m in range(months)) + " END"
    # 28 days spread evenly over the month's cases.
    offset = f"(((i - 1) % {args.month_cases}) * {28 * 86400} / {args.month_cases})"
    epoch = f"({start_case} + {offset})"
    ts = f"to_timestamp({epoch})" if pg else f"datetime({epoch}, 'unixepoch')"
    h = "((i * 2654435761) % 1000003)"
    states = f"CASE WHEN {h} % 100 < 60 THEN 'closed' WHEN {h} % 100 < 70 THEN 'resolved' WHEN {h} % 100 < 75 THEN 'to_be_improved' WHEN {h} % 100 < 85 THEN 'assigned' WHEN {h} % 100 < 90 THEN 'registered' WHEN {h} % 100 < 95 THEN 'withdrawn' ELSE 'invalid' END"  # noqa: E501
    true, false = ("TRUE", "FALSE") if pg else ("1", "0")
    overrides = {
        "number": "'WB' || i",
        "verification_code": "'000000'",
        "policy_version_id": str(version_id),
        "policy_name": "'property-office'",
        "organisation_id": str(policy.organisation_id),
        "home_id": str(home.pk),
        "received_in_id": str(home.pk),
        "kind": "'complaint'",
        "channel": _case(["phone", "web", "visit", "letter", "email"], f"({h} / 7)"),
        "state": states,
        "is_open": f"CASE WHEN {h} % 100 BETWEEN 60 AND 89 THEN {true} ELSE {false} END",
        "version": "3",
        "received_at": ts,
        "created_at": ts,
        "complainant_name": "'业主'",
        "complainant_phone": f"'138' || ({h} % 400000 + 10000000)",
        "complainant_unit": f"(({h} / 3) % 300) || '-' || ({h} % 10)",
        "category": _case(CATEGORIES, f"({h} / 11)"),
        "content": _case(CONTENTS, f"({h} / 13)"),
        "urgent": f"CASE WHEN ({h} / 11) % 14 IN (1, 2) THEN {true} ELSE {false} END",
        "severity": f"CASE WHEN {h} % 97 < 88 THEN 'general' WHEN {h} % 97 < 95 THEN 'serious' ELSE 'major' END",
        "responsibility": f"CASE WHEN {h} % 10 = 0 THEN 'own_fault' WHEN {h} % 10 = 1 THEN 'outside_party' ELSE '' END",
        "responsibility_norm": f"CASE WHEN {h} % 10 = 0 THEN '服务规范第' || ({h} % 5) || '条' ELSE '' END",
        "satisfaction": f"CASE WHEN {h} % 100 < 60 THEN 'satisfied' ELSE '' END",
        "reopen_count": f"CASE WHEN {h} % 50 = 0 THEN 1 ELSE 0 END",
        "department_id": "CASE "
        + f"({h} / 17) % {len(departments)} "
        + " ".join(f"WHEN {n} THEN {d}" for n, d in enumerate(departments))
        + " END",
        "extra": "'{}'",
    }
    columns, exprs = [], []
    for f in Complaint._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        kind = f.get_internal_type()
        if f.attname in overrides:
            exprs.append(overrides[f.attname])
        elif f.null:
            exprs.append("NULL")
        elif kind == "BooleanField":
            exprs.append(false)
        elif kind in ("PositiveIntegerField", "PositiveSmallIntegerField", "IntegerField"):
            exprs.append("0")
        else:
            exprs.append("''")
    series = (
        f"generate_series(1::bigint, {args.cases}::bigint) AS s(i)"
        if pg
        else f"(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {args.cases}) SELECT i FROM s)"  # noqa: S608
    )
    table = Complaint._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(exprs)} FROM {series}")  # noqa: S608
        say(f"  {args.cases:,} cases: {time.perf_counter() - t0:.0f} s")

        def js(expr: str) -> str:
            return f"({expr})::jsonb" if pg else expr

        def plus(hours: float) -> str:
            return f"c.received_at + interval '{hours} hours'" if pg else f"datetime(c.received_at, '+{hours} hours')"

        ended = "('closed', 'resolved', 'to_be_improved')"
        h2 = "(c.id * 2654435761 % 1000003)"
        clock_sql = (  # statements built from this module's constants
            "INSERT INTO cases_clock (complaint_id, name, cycle, state, started_at, due_at, met_at, paused_at, amount,"  # noqa: S608
            " unit, estimated, extensions) SELECT c.id, '{name}', 1, {state}, {start}, {due}, {met}, NULL, {amount},"
            " '{unit}', " + false + ", {ext} FROM cases_complaint c"
        )
        met_or_late = f"CASE WHEN {h2} % 10 < 8 THEN 'met' ELSE 'breached' END"
        cursor.execute(
            clock_sql.format(
                name="first_reply",
                state=met_or_late,
                start="c.received_at",
                due=plus(2),
                met=f"CASE WHEN {h2} % 10 < 8 THEN {plus(1)} ELSE {plus(5)} END",
                amount=2,
                unit="hours",
                ext="'[]'",
            )
        )
        cursor.execute(
            clock_sql.format(
                name="handling",
                state=f"CASE WHEN c.state IN {ended} THEN {met_or_late} ELSE 'running' END",
                start="c.received_at",
                due=plus(72),
                met=f"CASE WHEN c.state IN {ended} THEN {plus(30)} ELSE NULL END",
                amount=3,
                unit="calendar_days",
                ext=js(f"CASE WHEN {h2} % 50 = 1 THEN '[{{\"amount\": 2}}]' ELSE '[]' END"),
            )
        )
        cursor.execute(
            clock_sql.format(
                name="callback",
                state="'met'",
                start=plus(30),
                due=plus(78),
                met=plus(40),
                amount=2,
                unit="working_days",
                ext="'[]'",
            )
            + f" WHERE c.state IN {ended}"
        )
        say(f"  clocks: {time.perf_counter() - t0:.0f} s")
        event_sql = (
            "INSERT INTO cases_event (complaint_id, seq, action, actor_id, actor_kind, at, state_before, state_after,"  # noqa: S608
            " data, note, hash, public)"
            " SELECT c.id, {seq}, '{action}', NULL, 'staff', {at}, '', c.state, {data}, '', '', "
            + false
            + " FROM cases_complaint c"
        )
        cursor.execute(event_sql.format(seq=1, action="register", at="c.received_at", data="'{}'"))
        cursor.execute(event_sql.format(seq=2, action="assign", at=plus(1), data="'{}'"))
        satisfied = f"CASE WHEN {h2} % 10 < 8 THEN 'satisfied' WHEN {h2} % 10 = 8 THEN 'basically_satisfied' ELSE 'unsatisfied' END"  # noqa: E501
        cursor.execute(
            event_sql.format(
                seq=3,
                action="callback",
                at=plus(40),
                data=js(f'\'{{"reached": true, "satisfaction": "\' || {satisfied} || \'"}}\''),
            )
            + f" WHERE c.state IN {ended}"
        )
        cursor.execute(
            event_sql.format(
                seq=4, action="extend", at=plus(50), data='\'{"clock": "handling", "reason": "等待配件"}\''
            )
            + f" WHERE {h2} % 50 = 1"
        )
        say(f"  events: {time.perf_counter() - t0:.0f} s")
        # The search index's row of each case: repeat complainants and places are counted
        # by its normalised phone and place (tousu.search.repeats). The full-text words are
        # left empty; the monthly statistics do not search.
        cursor.execute(
            "INSERT INTO search_entry (complaint_id, place, phone, terms, body, words)"
            " SELECT c.id, replace(c.complainant_unit, '-', ''), c.complainant_phone, '', c.content, ''"
            " FROM cases_complaint c"
        )
        say(f"  search entries: {time.perf_counter() - t0:.0f} s")
    with connection.cursor() as cursor:
        # What autovacuum would have done to a database that grew over ten months: the
        # statistics, and on PostgreSQL the visibility map that index-only scans need.
        cursor.execute("VACUUM ANALYZE" if pg else "ANALYZE")
    say(f"seeded in {time.perf_counter() - t0:.0f} s")


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection

    from tousu.cases.models import Clock, Complaint, Event
    from tousu.reports.monthly import monthly_statistics
    from tousu.reports.period import month
    from tousu.reports.scope import Scope

    as_of = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    scope = Scope(month(*MONTH), "property-office", as_of=as_of)
    totals = {"cases": Complaint.objects.count(), "clocks": Clock.objects.count(), "events": Event.objects.count()}
    say(
        f"database: {totals['cases']:,} cases, {totals['clocks']:,} clocks, {totals['events']:,} events"
        f" ({connection.vendor})"
    )
    baseline, figures, cpu = [], [], []
    stats = None
    for _ in range(args.repeat):
        t = time.perf_counter()
        in_month = scope.cases().count()
        baseline.append(time.perf_counter() - t)
        t, c = time.perf_counter(), time.process_time()
        stats = monthly_statistics(scope)
        figures.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    assert stats is not None
    result = {
        "database": connection.vendor,
        **totals,
        "month_cases": in_month,
        "figures_seconds": figures,
        "figures_median": statistics.median(figures),
        "process_cpu_median": statistics.median(cpu),
        "load_average": os.getloadavg(),
        "baseline_count_median": statistics.median(baseline),
        "received": stats.outcomes.received,
        "response": stats.rates.response.percent(),
        "resolution": stats.rates.resolution.percent(),
        "satisfaction": stats.rates.satisfaction.percent(),
    }
    say(f"month: {in_month:,} cases; COUNT(*) baseline {result['baseline_count_median'] * 1000:.0f} ms")
    # On SQLite all database work happens in this process: its CPU time is what the figures
    # cost on an idle machine; on a shared one the wall time also counts others' work.
    say(
        f"CPU time of this process (median): {result['process_cpu_median']:.2f} s;"
        f" load average {' '.join(f'{x:.1f}' for x in result['load_average'])} on {os.cpu_count()} cores"
    )
    say(
        "monthly statistics: "
        + ", ".join(f"{s:.2f} s" for s in figures)
        + f"; median {result['figures_median']:.2f} s (target < {TARGET_SECONDS:.0f} s),"
        + f" {result['figures_median'] / max(result['baseline_count_median'], 1e-9):.0f}× the COUNT(*)"
    )
    say(
        f"  rates: response {result['response']}, resolution {result['resolution']},"
        f" satisfaction {result['satisfaction']}"
    )
    viewed = measure_viewer(scope, args.repeat)
    result["executive_figures_median"] = viewed
    say(f"as the company's executive (their scope, rolled up over the company): median {viewed:.2f} s")
    if args.parts:
        measure_parts(scope, args.repeat, result["baseline_count_median"])
    return result


def measure_viewer(scope: Any, repeat: int) -> float:
    """The figures as the desk and the API compute them: for a reader, counting only the
    cases in their scope (an executive of the company: one more condition on the cases),
    with the unit roll-up over the company's root."""
    from dataclasses import replace

    from django.contrib.auth import get_user_model

    from tousu.org.models import Position
    from tousu.policies.models import Policy
    from tousu.reports.monthly import monthly_statistics

    policy = Policy.objects.get(name="property-office")
    root = policy.homes.order_by("pk").first()
    user, made = get_user_model().objects.get_or_create(username="bench-executive")
    if made:
        Position.objects.create(user=user, role="executive", unit=root)
    viewed = replace(scope, viewer=user, unit=root.code if root else None)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        monthly_statistics(viewed)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure_parts(scope: Any, repeat: int, baseline: float) -> None:
    """Each read of the monthly statistics alone (they run partly in parallel): where the
    time goes, as medians and as multiples of the COUNT(*) baseline."""
    from tousu.reports import counts, followup, repeats, responsibility, timeliness, trends
    from tousu.reports.scope import policy_specs

    specs = policy_specs(scope.policy)
    parts = {
        "cases: cube": lambda: counts.cube(scope, set(specs)),
        "cases: repeats": lambda: repeats.repeats(scope),
        "cases: determinations": lambda: responsibility.determinations(scope),
        "cases: trend (12 months)": lambda: trends.trend(scope, 12),
        "clocks: timeliness": lambda: timeliness.timeliness(scope, specs),
        "timeline: follow-up": lambda: followup.follow_up(scope),
    }
    for name, part in parts.items():
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            part()
            times.append(time.perf_counter() - t)
        median = statistics.median(times)
        say(f"  {name}: median {median * 1000:.0f} ms, {median / max(baseline, 1e-9):.0f}× the COUNT(*)")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    fresh = prepare(args)
    import django

    django.setup()
    if fresh:
        say(f"seeding {args.cases:,} cases ({args.database}) …")
        seed(args)
    result = measure(args)
    if result["figures_median"] >= TARGET_SECONDS:
        say("TARGET MISSED")


if __name__ == "__main__":
    main()
