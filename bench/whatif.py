"""What-if: the product fixes this benchmark suggests, applied as in-process patches.

`python -m bench.run --what-if` applies them in the benchmark process and (through
TOUSU_BENCH_WHATIF=1, read by bench.bareapp) in the server it starts, so a run shows what
the suggested changes would give. Nothing here changes product files; each patch names
the product change it stands for.

`python -m bench.whatif` compares in one process, on a database kept by
`bench.run --keep`, each request as it is and with the patches, alternating request by
request, so that other load on the machine affects both sides alike.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from typing import Any

from django.db.models import Subquery, Value
from django.db.models.lookups import Exact
from django.db.models.sql.where import WhereNode

APPLIED: list[str] = []
ENABLED = {"on": True}  # switched off and on by the in-process A/B comparison


def _code(function: Any) -> str:
    """A function's source without comments: patches skip what the product already does."""
    import inspect

    try:
        return "\n".join(line.split("#")[0] for line in inspect.getsource(function).splitlines())
    except (OSError, TypeError):
        return ""


def _explicit_booleans(node: WhereNode) -> None:
    """Rewrite `boolfield = True` lookups, which Django renders as a bare `WHERE "is_open"`
    that SQLite cannot match to an index column, into `"is_open" = %s`."""
    for i, child in enumerate(node.children):
        if isinstance(child, WhereNode):
            _explicit_booleans(child)
        elif isinstance(child, Exact) and isinstance(child.rhs, bool):
            node.children[i] = Exact(child.lhs, Value(child.rhs))


def _without_department(filters: Any) -> Any:
    """A copy of the filters (a dataclass or a pydantic model) without the department."""
    if dataclasses.is_dataclass(filters) and not isinstance(filters, type):
        return dataclasses.replace(filters, department=None)
    if hasattr(filters, "model_copy"):
        return filters.model_copy(update={"department": None})
    clone = copy.copy(filters)
    clone.department = None
    return clone


def patch_selectors() -> None:
    """Product fix, in tousu.cases.selectors.filtered:
    1. filter open cases with an explicit comparison, e.g. `Exact(F("is_open"), Value(True))`
       or `is_open__in=[True]`, not `is_open=True` (rendered as a bare `WHERE "is_open"`,
       which SQLite cannot use as an index column);
    2. filter the department by id, e.g. `department_id=Subquery(Department.objects.filter(
       code=code).values("id")[:1])`, not through a join on its code (PostgreSQL then cannot
       walk complaint_dept_due in order and sorts the department's open cases)."""
    from tousu.cases import selectors
    from tousu.org.models import Department

    original = selectors.filtered
    code = _code(original)
    if "department__code" not in code and "is_open=" not in code:
        APPLIED.append("selectors: skipped, the product already filters by department id and `is_open IN (…)`")
        return

    def filtered(filters: Any, now: dt.datetime | None = None) -> Any:
        if not ENABLED["on"]:
            return original(filters, now)
        code = filters.department
        qs = original(_without_department(filters), now)
        if code:
            qs = qs.filter(department_id=Subquery(Department.objects.filter(code=code).values("id")[:1]))
        _explicit_booleans(qs.query.where)
        return qs

    selectors.filtered = filtered
    APPLIED.append("selectors: explicit `is_open = true`; department by id (subquery), not a join on its code")


# What render.summary reads (and keyset pagination orders by).
SUMMARY_FIELDS = (
    "number",
    "policy_name",
    "kind",
    "channel",
    "state",
    "version",
    "received_at",
    "category",
    "urgent",
    "severity",
    "department__code",
    "assignee__username",
    "next_due_at",
    "is_open",
    "complainant_name",
    "content",
)


def patch_list_columns() -> None:
    """Product fix: the list endpoint reads only the columns of a case summary
    (`qs.only(*SUMMARY_FIELDS)` before paging) instead of ~60 complaint columns plus whole
    department and auth_user rows (password hash included) for each of the 51 rows."""
    from tousu.api import complaints
    from tousu.cases import selectors

    code = _code(complaints.list_cases)
    if ".values(" in code or ".only(" in code:
        APPLIED.append("list columns: skipped, the product already reads only the summary's columns")
        return
    original = selectors.page

    def page(qs: Any, ordering: Any, cursor: str | None, limit: int) -> Any:
        if not ENABLED["on"]:
            return original(qs, ordering, cursor, limit)
        return original(qs.only(*SUMMARY_FIELDS), ordering, cursor, limit)

    selectors.page = page
    APPLIED.append("list: only the summary's columns (16 fields) instead of full complaint/department/user rows")


def patch_get_case() -> None:
    """Product fix: tousu.api.complaints.get_case does not load the policy version's YAML
    source and JSON spec (the detail shows only its number) nor the merged-into complaint
    (read only when set), and takes `[:1]` instead of `.first()` (no ORDER BY on a unique
    lookup)."""
    from tousu.api import complaints
    from tousu.cases.errors import NotFound
    from tousu.cases.models import Complaint

    original = complaints.get_case
    if '"merged_into"' not in _code(original):
        APPLIED.append("get_case: skipped, the product already reads the case without the heavy relations")
        return

    def get_case(number: str) -> Complaint:
        if not ENABLED["on"]:
            return original(number)
        found = list(
            Complaint.objects.select_related("department", "assignee", "received_by", "policy_version")
            .defer("policy_version__source", "policy_version__spec")
            .filter(number=number)[:1]
        )
        if not found:
            raise NotFound("No case with this tracking number.")
        return found[0]

    complaints.get_case = get_case
    APPLIED.append("get_case: no PolicyVersion source/spec, no merged_into join, [:1] instead of .first()")


def patch_current_version() -> None:
    """Product fix: tousu.policies.registry.current_version reads only `current_id` and keeps
    the (immutable) PolicyVersion per id in process, instead of loading the version's YAML
    source and JSON spec on every intake."""
    from tousu.cases import intake
    from tousu.policies.models import Policy, PolicyVersion
    from tousu.policies.registry import UnknownPolicy

    if not hasattr(intake, "current_version"):
        APPLIED.append("current_version: skipped, the product no longer loads the whole current version")
        return
    cache: dict[int, PolicyVersion] = {}

    original = intake.current_version

    def current_version(name: str) -> PolicyVersion:
        if not ENABLED["on"]:
            return original(name)
        ids = list(Policy.objects.filter(name=name).values_list("current_id", flat=True)[:1])
        if not ids or ids[0] is None:
            raise UnknownPolicy(name)
        version = cache.get(ids[0])
        if version is None:
            version = cache[ids[0]] = PolicyVersion.objects.only("id", "policy_id", "number").get(pk=ids[0])
        return version

    intake.current_version = current_version
    APPLIED.append("current_version: current_id only, PolicyVersion cached per id")


def patch_token_auth() -> None:
    """Product fix: tousu.api.auth.TokenAuth takes `[:1]` instead of `.first()`."""
    from tousu.api.auth import TokenAuth
    from tousu.org.models import ApiToken, hash_token

    if ".first()" not in _code(TokenAuth.authenticate):
        APPLIED.append("TokenAuth [:1]: skipped, the product no longer uses .first() there")
        return
    original = TokenAuth.authenticate

    def authenticate(self: Any, request: Any, token: str) -> Any:
        if not ENABLED["on"]:
            return original(self, request, token)
        found = list(
            ApiToken.objects.select_related("user", "user__staff").filter(
                digest=hash_token(token), revoked_at__isnull=True, user__is_active=True
            )[:1]
        )
        if not found:
            return None
        request.user = found[0].user
        return found[0].user

    TokenAuth.authenticate = authenticate  # type: ignore[method-assign]
    APPLIED.append("TokenAuth: [:1] instead of .first()")


class _TTLCache:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.items: dict[Any, tuple[float, Any]] = {}

    def get(self, key: Any, load: Any) -> Any:
        import time

        now = time.monotonic()
        hit = self.items.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        self.items[key] = (now + self.seconds, value)
        return value


def patch_caches() -> None:
    """Product fix (a trade-off): keep near-static look-ups in process for a few seconds:
    the API token's user (30 s: a revoked token keeps working up to 30 s in each worker),
    a policy's current version (5 s after a new version is loaded) and a department by code
    (60 s). Each saves a query and its ORM work on every intake."""
    from tousu.api.auth import TokenAuth
    from tousu.cases import intake
    from tousu.org.models import Department, hash_token

    tokens = _TTLCache(30)
    authenticate = TokenAuth.authenticate

    def cached_authenticate(self: Any, request: Any, token: str) -> Any:
        if not ENABLED["on"]:
            return authenticate(self, request, token)
        user = tokens.get(hash_token(token), lambda: authenticate(self, request, token))
        if user is not None:
            request.user = user
        return user

    TokenAuth.authenticate = cached_authenticate  # type: ignore[method-assign]
    done = ["token user 30 s"]

    if hasattr(intake, "current_version"):
        versions = _TTLCache(5)
        current_version = intake.current_version

        def cached_current_version(name: str) -> Any:
            if not ENABLED["on"]:
                return current_version(name)
            return versions.get(name, lambda: current_version(name))

        intake.current_version = cached_current_version
        done.append("current policy version 5 s")

    if hasattr(intake, "Department") and not hasattr(intake, "department_by_code"):
        departments = _TTLCache(60)

        class _Departments:
            """Stands in for `Department.objects` in tousu.cases.intake: filter(code=…).first()."""

            def __init__(self, code: str | None = None):
                self.code = code

            def filter(self, code: str) -> Any:
                if not ENABLED["on"]:
                    return Department.objects.filter(code=code)
                return _Departments(code)

            def first(self) -> Any:
                return departments.get(self.code, lambda: Department.objects.filter(code=self.code).first())

        class _Department:
            objects = _Departments()
            DoesNotExist = Department.DoesNotExist

        intake.Department = _Department
        done.append("department by code 60 s")
    APPLIED.append(f"caches (per process): {', '.join(done)}; the product caches what is not listed")


def patch_sqlite_write_lock() -> None:
    """Product fix for SQLite (an experiment): let writers queue on an OS file lock taken
    just before BEGIN IMMEDIATE and released after COMMIT/ROLLBACK. A waiting process then
    wakes when the lock is released, instead of polling in SQLite's busy handler, which
    sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries and so often sleeps past the release."""
    import fcntl
    import os
    from pathlib import Path

    from django.conf import settings
    from django.db import connection
    from django.db.backends.sqlite3.base import DatabaseWrapper

    if connection.vendor != "sqlite":
        APPLIED.append("SQLite write-lock queue: skipped, not SQLite")
        return
    path = Path(settings.VAR_DIR) / "bench-write.lock"
    start = DatabaseWrapper._start_transaction_under_autocommit
    commit = DatabaseWrapper._commit
    rollback = DatabaseWrapper._rollback

    def release(self: Any) -> None:
        if getattr(self, "bench_flocked", False):
            fcntl.flock(self.bench_flock_fd, fcntl.LOCK_UN)
            self.bench_flocked = False

    def _start(self: Any) -> Any:
        if ENABLED["on"]:
            if getattr(self, "bench_flock_pid", None) != os.getpid():  # not a descriptor from before a fork
                self.bench_flock_fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
                self.bench_flock_pid = os.getpid()
            fcntl.flock(self.bench_flock_fd, fcntl.LOCK_EX)
            self.bench_flocked = True
        try:
            return start(self)
        except BaseException:
            release(self)
            raise

    def _commit(self: Any) -> Any:
        try:
            return commit(self)
        finally:
            release(self)

    def _rollback(self: Any) -> Any:
        try:
            return rollback(self)
        finally:
            release(self)

    DatabaseWrapper._start_transaction_under_autocommit = _start  # type: ignore[method-assign]
    DatabaseWrapper._commit = _commit  # type: ignore[method-assign]
    DatabaseWrapper._rollback = _rollback  # type: ignore[method-assign]
    APPLIED.append("SQLite write-lock queue: fcntl.flock before BEGIN IMMEDIATE, released after COMMIT/ROLLBACK")


def apply(level: int = 1) -> list[str]:
    """Level 1: the query fixes. Level 2: also the per-process caches (a trade-off).
    Level 3: also the SQLite write-lock queue (an experiment)."""
    if not APPLIED:
        patch_selectors()
        patch_list_columns()
        patch_get_case()
        patch_current_version()
        patch_token_auth()
        if level >= 2:
            patch_caches()
        if level >= 3:
            patch_sqlite_write_lock()
    return APPLIED


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import os
    import random
    import sys
    import time
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m bench.whatif", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help="default: the database bench.run keeps")
    parser.add_argument("--requests", type=int, default=200, help="requests per kind and side (default 200)")
    parser.add_argument("--level", type=int, default=1, help="patch level: 1 query fixes, 2 + caches, 3 + SQLite lock")
    parser.add_argument("--var-dir", type=Path, default=Path(__file__).resolve().parent.parent / "var" / "bench")
    args = parser.parse_args(argv)
    var_dir = args.var_dir.resolve()
    if args.database_url:
        url = args.database_url
    elif args.database == "postgres":
        url = "postgres://postgres@127.0.0.1:5432/tousu_bench"
    else:
        path = var_dir / "bench.sqlite3"
        if not path.exists():
            sys.exit(f"no kept database at {path}: run `python -m bench.run --keep` first")
        url = f"sqlite:///{path}"
    os.environ.update({"DJANGO_SETTINGS_MODULE": "tousu.settings", "DATABASE_URL": url, "TOUSU_VAR_DIR": str(var_dir)})
    os.environ["TOUSU_BENCH"] = "1"
    import django

    django.setup()
    from django.test import Client

    from bench.fake import intake_payload
    from bench.load import percentile
    from bench.run import read_targets, tokens

    lines = apply(args.level)
    intake_token, reader_token = tokens()
    departments, numbers, categories, _ = read_targets()
    rng = random.Random(5)
    client = Client()
    reader = {"HTTP_AUTHORIZATION": f"Bearer {reader_token}"}
    writer = {"HTTP_AUTHORIZATION": f"Bearer {intake_token}"}

    def worklist() -> Any:
        path = f"/api/v1/complaints?department={rng.choice(departments)}&open=true&ordering=due&limit=50"
        return client.get(path, **reader)

    def overdue() -> Any:
        return client.get("/api/v1/complaints?overdue=true&ordering=due", **reader)

    def detail() -> Any:
        return client.get(f"/api/v1/complaints/{rng.choice(numbers)}", **reader)

    def intake_() -> Any:
        body = json.dumps(intake_payload(rng, categories))
        return client.post("/api/v1/complaints", body, content_type="application/json", **writer)

    print(f"in-process A/B on {url}, {args.requests} requests per kind and side, alternating:")
    for line in lines:
        print(f"  patch: {line}")
    print("times in ms, p50 (p95); wall includes the database's own time, CPU only this process's")
    print(f"{'request':10} {'as is: wall':>16} {'CPU':>14} {'patched: wall':>16} {'CPU':>14} {'wall change':>12}")
    for name, call in (("worklist", worklist), ("overdue", overdue), ("detail", detail), ("intake", intake_)):
        cpu: dict[bool, list[float]] = {False: [], True: []}
        wall: dict[bool, list[float]] = {False: [], True: []}
        for side in (False, True, False, True):  # warm both sides
            ENABLED["on"] = side
            call()
        for i in range(2 * args.requests):
            side = bool(i % 2)
            ENABLED["on"] = side
            started, started_wall = time.process_time(), time.perf_counter()
            response = call()
            cpu[side].append((time.process_time() - started) * 1000)
            wall[side].append((time.perf_counter() - started_wall) * 1000)
            if response.status_code >= 400:
                sys.exit(f"{name} answered {response.status_code}: {response.content[:300]!r}")

        def cell(values: list[float]) -> str:
            return f"{percentile(values, 50):.2f} ({percentile(values, 95):.2f})"

        before, after = percentile(wall[False], 50), percentile(wall[True], 50)
        print(
            f"{name:10} {cell(wall[False]):>16} {cell(cpu[False]):>14} {cell(wall[True]):>16} "
            f"{cell(cpu[True]):>14} {(after - before) / before:+12.0%}"
        )
    ENABLED["on"] = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
