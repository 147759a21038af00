"""`python -m bench.search`: search and similar-case lookup at 1,000,000 cases.

1. A database kept between runs (SQLite `var/bench-search/tousu.sqlite3`, or PostgreSQL
   `tousu_search_bench`): seeded once with batched INSERTs of cases and their index rows
   (segmented with the product's own segmenter, cached per sentence), then reused.
2. In-process timings of `tousu.search.service.search_cases` for a mix of queries (one,
   two and more characters, mixed Chinese/ASCII, phone numbers, tracking numbers, with
   and without filters) and of `tousu.search.similar.similar_cases` for registered cases.
3. The baseline, measured in the same run: the substring scan the list endpoint did
   before (`content`/`request` icontains, newest 20), on a few of the same words.

The target is p95 < 50 ms for both at 1,000,000 cases on both databases.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.load import wait_quiet

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/tousu_search_bench"
TARGET_P95_MS = 50.0
BATCH = 5000
# Cases generated in Python; the rest of the million are SQL copies of them.
BASE = 100_000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=1_000_000)
    p.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--database-url", default=DEFAULT_PG_URL)
    p.add_argument("--queries", type=int, default=300, help="timed searches (default 300)")
    p.add_argument("--similar", type=int, default=200, help="timed similar-case lookups (default 200)")
    p.add_argument("--base", type=int, default=BASE, help="cases generated in Python; the rest are SQL copies")
    p.add_argument("--wait-quiet", type=float, default=120, help="wait up to S s for a quiet CPU first")
    p.add_argument("--seed-only", action="store_true", help="prepare the database and stop")
    p.add_argument("--var-dir", type=Path, default=ROOT / "var" / "bench-search")
    return p.parse_args(argv)


def configure(args: argparse.Namespace) -> None:
    args.var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["TOUSU_VAR_DIR"] = str(args.var_dir)
    if args.database == "postgres":
        os.environ["DATABASE_URL"] = args.database_url
        _create_pg_database(args.database_url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.var_dir / 'tousu.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
    import django

    django.setup()


def _create_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(total: int, base: int = BASE, log: Any = print) -> None:
    """Cases without timelines (search reads only the case and its index row).

    Up to BASE cases are generated in Python (with the product's segmenter); the rest are
    copies made by INSERT … SELECT with new ids, numbers and phone numbers, so that a
    million rows take minutes on a shared machine. Copies repeat the words of the base
    cases: matches are as dense as in the base, which is what the timings depend on.
    """
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    from tousu.cases.models import Complaint

    call_command("setup", verbosity=0)
    have = Complaint.objects.count()
    if have >= total:
        log(f"reusing {have:,} cases")
        return
    if have:
        raise SystemExit(f"the bench database has {have:,} cases, fewer than {total:,}: remove it and run again")
    base = min(total, base)
    started = time.perf_counter()
    vendor_index_off(connection.vendor)
    _seed_base(base, log)
    copies = (total - base + base - 1) // base
    for k in range(1, copies + 1):
        _copy(base, k, min(base, total - k * base))
        log(f"  copied {min(total, (k + 1) * base):>9,} / {total:,} ({time.perf_counter() - started:6.1f} s)")
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Complaint]):
            cursor.execute(statement)
    vendor_index_on(connection.vendor, log)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _seed_base(total: int, log: Any) -> None:
    from django.db import transaction
    from django.utils import timezone

    from bench.seed import Writer, _case, _policies, _staff
    from tousu.cases.models import Complaint
    from tousu.org.models import Unit
    from tousu.search import segment
    from tousu.search.document import phone_key, place_key
    from tousu.search.models import SearchEntry

    rng = random.Random(20261129)
    policies = _policies()
    handlers = _staff()
    receptionists = [u for users in handlers.values() for u in users]
    dept_ids = dict(Unit.objects.values_list("code", "id"))
    now = timezone.now()
    cases_writer, entries_writer = Writer(Complaint, now, with_id=True), Writer(SearchEntry, now, with_id=True)

    @functools.lru_cache(maxsize=300_000)
    def tokens(sentence: str) -> frozenset[str]:
        return frozenset(segment.index_tokens(sentence))

    @functools.lru_cache(maxsize=300_000)
    def terms(sentence: str) -> frozenset[str]:
        return frozenset(segment.content_terms(sentence))

    started = time.perf_counter()
    next_id = 1
    while next_id <= total:
        size = min(BATCH, total - next_id + 1)
        cases, entries = [], []
        for _ in range(size):
            info = rng.choice(policies)
            c, path = _case(rng, info, now, dept_ids, handlers, receptionists)
            c.update(id=next_id, number=f"{info.prefix}{next_id:08d}-0", version=len(path))
            sentences = [s for s in c["content"].split("。") if s] + [c["request"], c["complainant_name"]]
            words = set().union(*(tokens(s) for s in sentences), tokens(c["complainant_unit"]))
            key = phone_key(c["complainant_phone"])
            if key:
                words.add(key)
            entries.append(
                {
                    "complaint_id": next_id,
                    "words": " ".join(sorted(words)),
                    "body": "\n".join(x for x in (c["content"], c["request"], c["complainant_unit"]) if x),
                    "terms": " ".join(sorted(set().union(*(terms(s) for s in sentences)))),
                    "place": place_key("", c["complainant_unit"]),
                    "phone": key,
                }
            )
            cases.append(c)
            next_id += 1
        with transaction.atomic():
            cases_writer.insert(cases)
            entries_writer.insert(entries)
        if (next_id - 1) % 20_000 == 0 or next_id > total:
            log(f"  seeded {next_id - 1:>9,} / {total:,} ({time.perf_counter() - started:6.1f} s)")


def _copy(base: int, k: int, size: int) -> None:
    """Copy cases 1..size (and their index rows) as ids k*base+1.., with their own numbers
    and phone numbers (second digit replaced by k)."""
    from django.db import connection, transaction

    from tousu.cases.models import Complaint

    offset = k * base
    columns = [f.column for f in Complaint._meta.concrete_fields]
    new_phone = f"CASE WHEN complainant_phone = '' THEN '' ELSE '1' || '{k % 10}' || substr(complainant_phone, 3) END"
    exprs = {
        "id": f"id + {offset}",
        "number": f"number || '{k}'",
        "verification_code": "verification_code",
        "complainant_phone": new_phone,
    }
    select = ", ".join(exprs.get(c, c) for c in columns)
    entry_phone = f"CASE WHEN phone = '' THEN '' ELSE '1' || '{k % 10}' || substr(phone, 3) END"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO cases_complaint ({', '.join(columns)}) SELECT {select} "  # noqa: S608 - own columns
            f"FROM cases_complaint WHERE id <= {size}"
        )
        cursor.execute(
            "INSERT INTO search_entry (complaint_id, words, body, terms, place, phone) "  # noqa: S608
            f"SELECT complaint_id + {offset}, "
            f"CASE WHEN phone = '' THEN words ELSE replace(words, phone, {entry_phone}) END, "
            f"body, terms, place, {entry_phone} FROM search_entry WHERE complaint_id <= {size}"
        )


def _existing_staff() -> dict[int, list[int]]:
    from tousu.org.models import Staff

    out: dict[int, list[int]] = {}
    for user_id, dept_id in Staff.objects.values_list("user_id", "department_id"):
        out.setdefault(dept_id, []).append(user_id)
    return out


def vendor_index_off(vendor: str) -> None:
    """Bulk loading is faster with the full-text index built once at the end."""
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_entry_vector")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS search_entry_ai")


def vendor_index_on(vendor: str, log: Any) -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("CREATE INDEX IF NOT EXISTS search_entry_vector ON search_entry USING gin (vector)")
        else:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            cursor.execute(
                "CREATE TRIGGER IF NOT EXISTS search_entry_ai AFTER INSERT ON search_entry BEGIN "
                "INSERT INTO search_fts(rowid, words) VALUES (-new.complaint_id, new.words); END"
            )
    log(f"  full-text index built in {time.perf_counter() - started:.1f} s")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def workload(rng: random.Random, total: int) -> list[tuple[str, dict[str, Any]]]:
    from tousu.cases.models import Complaint

    sample_ids = [rng.randint(1, total) for _ in range(40)]
    rows = list(Complaint.objects.filter(pk__in=sample_ids).values_list("number", "complainant_phone"))
    words = ["水", "梯", "电梯", "漏水", "噪音", "物业费", "电梯 故障", "3栋 电梯", "12栋2单元 漏水", "消防通道"]
    words += ["维修后没几天又坏了", "安全隐患", "楼道灯", "门禁", "地下车库 漏水", "收费 不合理", "锦绣花园 电梯"]
    filters: list[dict[str, Any]] = [{}, {"open": True}, {"policy": "property-office"}, {"state": ["closed"]}]
    out: list[tuple[str, dict[str, Any]]] = []
    for _ in range(400):
        kind = rng.random()
        if kind < 0.15 and rows:
            out.append((rng.choice(rows)[0], {}))
        elif kind < 0.3 and rows:
            phone = rng.choice(rows)[1] or "13800000000"
            out.append((phone, {}))
        else:
            out.append((rng.choice(words), rng.choice(filters)))
    return out


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.db.models import Q

    from tousu.cases.models import Complaint
    from tousu.cases.selectors import CaseFilters
    from tousu.search.service import search_cases
    from tousu.search.similar import draft_of, similar_cases

    total = Complaint.objects.count()
    rng = random.Random(7)
    queries = workload(rng, total)
    for text, f in queries[:20]:  # warm the caches and the segmenter
        search_cases(None, text, CaseFilters(**f))
    timings: dict[str, list[float]] = {}
    for text, f in queries[: args.queries]:
        started = time.perf_counter()
        search_cases(None, text, CaseFilters(**f))
        elapsed = (time.perf_counter() - started) * 1000
        label = "number" if text[:1].isalpha() and text[-1].isdigit() else "phone" if text.isdigit() else "words"
        timings.setdefault(label, []).append(elapsed)
        timings.setdefault("all", []).append(elapsed)
    similar_ms = []
    ids = [rng.randint(1, total) for _ in range(args.similar)]
    cases = {c.pk: c for c in Complaint.objects.filter(pk__in=ids)}
    for pk in ids:
        if pk not in cases:
            continue
        started = time.perf_counter()
        similar_cases(None, draft_of(cases[pk]))
        similar_ms.append((time.perf_counter() - started) * 1000)
    baseline = []
    for word in ["漏水", "电梯", "安全隐患"]:
        started = time.perf_counter()
        list(
            Complaint.objects.filter(Q(content__icontains=word) | Q(request__icontains=word))
            .order_by("-id")
            .values_list("id", flat=True)[:20]
        )
        baseline.append((time.perf_counter() - started) * 1000)
    # A rare word: the substring scan must read every row to find nothing.
    started = time.perf_counter()
    list(Complaint.objects.filter(content__icontains="摩天轮困人").values_list("id", flat=True)[:20])
    rare_scan = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    search_cases(None, "摩天轮困人")
    rare_search = (time.perf_counter() - started) * 1000
    reset_queries()

    def stats(values: list[float]) -> dict[str, float]:
        return {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 95), 2),
            "max_ms": round(max(values), 2),
        }

    return {
        "database": connection.vendor,
        "cases": total,
        "search": {label: stats(v) for label, v in timings.items()},
        "similar": stats(similar_ms),
        "baseline_icontains_newest20_ms": [round(b, 1) for b in baseline],
        "rare_word": {"icontains_ms": round(rare_scan, 1), "search_ms": round(rare_search, 2)},
        # The machine is shared: the load says how much of it the run had.
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure(args)
    started = time.perf_counter()
    seed(args.cases, args.base)
    print(f"database ready in {time.perf_counter() - started:.1f} s")
    if args.seed_only:
        return 0
    busy = wait_quiet(args.wait_quiet)
    print(f"CPU busy before measuring: {busy:.0%}")
    result = measure(args)
    result["machine"]["cpu_busy_before"] = round(busy, 2)
    out = ROOT / "bench" / "results" / f"search-{result['database']}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    ok = result["search"]["all"]["p95_ms"] < TARGET_P95_MS and result["similar"]["p95_ms"] < TARGET_P95_MS
    print(f"target p95 < {TARGET_P95_MS:.0f} ms: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
