"""`python -m bench.sweep`: the clock sweep over 100,000 open cases on SQLite (issue 4:
under 2 s).

1. a fresh SQLite database under var/bench-sweep/, `tousu setup`, 100,000 seeded cases,
   all open (bench.seed, direct batched INSERTs), each with its running clock due
   between 3 days ago and 9 days ahead (about a quarter overdue);
2. the steady state of a sweep that has run every minute: what is already overdue or
   due within a day has been handled (its ClockAlert rows exist);
3. the sweep at now + 1 minute (the periodic job's interval), + 10 minutes and + 1 hour
   (a worker that was down): each new breach goes through `perform` with its escalation
   and outbox rows, each announcement to the outbox;
4. the baseline in the same run: one bare COUNT over the same index range.

`--cases N` and `--database postgres` (a database `tousu_bench_sweep`) are available.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.sweep", description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=100_000)
    p.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--var-dir", type=Path, default=ROOT / "var" / "bench-sweep")
    p.add_argument("--repeat", type=int, default=5, help="repeats of the steady sweep and the baseline")
    return p.parse_args(argv)


def prepare(args: argparse.Namespace) -> None:
    var_dir = args.var_dir.resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    if args.database == "sqlite":
        path = var_dir / "sweep.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        from bench.run import recreate_postgres

        url = "postgres://postgres@127.0.0.1:5432/tousu_bench_sweep"
        recreate_postgres(url)
    os.environ.update({"DJANGO_SETTINGS_MODULE": "tousu.settings", "DATABASE_URL": url, "TOUSU_VAR_DIR": str(var_dir)})


def steady_state(now: dt.datetime) -> int:
    """What sweeps running every minute until `now` have left behind."""
    from tousu.cases.models import Clock
    from tousu.cases.vocab import ClockState
    from tousu.deadlines.models import ClockAlert

    running = Clock.objects.filter(state=ClockState.RUNNING)
    overdue = list(running.filter(due_at__lte=now).values_list("pk", flat=True))
    soon = list(running.filter(due_at__gt=now, due_at__lte=now + dt.timedelta(days=1)).values_list("pk", flat=True))
    stages = ["breached", "department_head", "manager", "executive"]
    rows = [ClockAlert(clock_id=pk, stage=stage) for pk in overdue for stage in stages]
    rows += [ClockAlert(clock_id=pk, stage="due_soon") for pk in soon]
    ClockAlert.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def baseline_seconds(now: dt.datetime) -> float:
    from tousu.cases.models import Clock
    from tousu.cases.vocab import ClockState

    started = time.perf_counter()
    Clock.objects.filter(state=ClockState.RUNNING, due_at__lte=now + dt.timedelta(days=1)).count()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    prepare(args)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    import bench.seed
    from tousu.cases.models import Complaint
    from tousu.deadlines.sweep import sweep

    call_command("setup", verbosity=0)
    bench.seed.OPEN_SHARE = 1.0  # every case open: the sweep's worst realistic table
    t0 = time.perf_counter()
    seeded = bench.seed.seed(args.cases, log=lambda line: None)
    print(f"seeded {seeded.cases:,} open cases, {seeded.overdue_cases:,} overdue, in {time.perf_counter() - t0:.1f} s")
    now = timezone.now()
    print(f"steady state: {steady_state(now):,} alert rows of earlier sweeps")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    base = [baseline_seconds(now) for _ in range(args.repeat)]
    idle = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        sweep(now)
        idle.append(time.perf_counter() - started)
    rows = []
    for label, offset in (("+1 min", 1), ("+10 min", 10), ("+1 h", 60)):
        started = time.perf_counter()
        result = sweep(now + dt.timedelta(minutes=offset))
        seconds = time.perf_counter() - started
        rows.append((label, seconds, result))
    open_cases = Complaint.objects.filter(is_open=True).count()
    base_ms = statistics.median(base) * 1000
    print()
    print(f"clock sweep over {open_cases:,} open cases ({connection.vendor}, {platform.python_version()})")
    print(f"  baseline: bare COUNT of running clocks due within a day: {base_ms:.1f} ms (median of {args.repeat})")
    idle_ms = statistics.median(idle) * 1000
    print(f"  sweep with nothing new: {idle_ms:.1f} ms ({idle_ms / base_ms:.1f}× baseline)")
    for label, seconds, result in rows:
        print(
            f"  sweep at {label:7}: {seconds * 1000:7.1f} ms — {result.breached} breaches recorded, "
            f"{result.escalated} escalations, {result.due_soon} due soon, {result.follow_ups} follow-up reminders"
        )
    worst = max(seconds for _, seconds, _ in rows[:1])
    verdict = "met" if worst < TARGET_SECONDS else "MISSED"
    print(f"  target: the per-minute sweep under {TARGET_SECONDS:.0f} s: {verdict}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    record = {
        "database": connection.vendor,
        "open_cases": open_cases,
        "baseline_ms": round(base_ms, 2),
        "idle_ms": round(statistics.median(idle) * 1000, 2),
        "sweeps": [
            {"at": label, "ms": round(seconds * 1000, 1), **{k: v for k, v in vars(result).items() if k != "skipped"}}
            for label, seconds, result in rows
        ],
    }
    (out / f"sweep-{connection.vendor}-{int(time.time())}.json").write_text(json.dumps(record, indent=2))
    return 0 if verdict == "met" else 1


if __name__ == "__main__":
    raise SystemExit(main())
