"""`python -m bench.compare --against REV`: the reads of this checkout against those of an
earlier revision, measured in the same run.

Absolute times move 20–50 % from run to run on these machines, so a change is judged by
the ratio of its figures to a baseline measured alongside it. This command unpacks REV
into var/bench-compare/base (git archive), then runs `python -m bench.run` of each tree on
its own database, alternating base, current, current, base … for --rounds each (the first
round seeds, later ones reuse the kept database), and prints the server p95 of the
worklist, the overdue list, the case detail and the desk's pages of both, with the ratio
current / base and the SQL statements per request. Intake write phases run only briefly
(--seconds); `make bench` measures them.

Issue "Organisations and the people in them": the worklist and case detail must stay
within 1.2× of the figures before the change, with the scope still one SQL query.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.2
# Read kinds judged against the target; the others are shown.
JUDGED = ("worklist", "detail", "desk worklist", "desk case page")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.split("\n\n")[0])
    p.add_argument("--against", required=True, help="the baseline revision (a commit, tag or branch)")
    p.add_argument("--cases", type=int, default=100_000)
    p.add_argument("--rounds", type=int, default=2, help="runs of each tree (default 2)")
    p.add_argument("--reads", type=int, default=300, help="requests per read kind (default 300)")
    p.add_argument("--seconds", type=float, default=2, help="seconds of each intake write phase (default 2)")
    p.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--wait-quiet", type=float, default=60)
    p.add_argument("--keep", action="store_true", help="keep both databases afterwards")
    return p.parse_args(argv)


def unpack(revision: str, target: Path) -> Path:
    """REV's files in `target` (replaced), from `git archive`: no worktree bookkeeping."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tempfile.TemporaryFile() as archive:
        subprocess.run(["git", "-C", str(ROOT), "archive", revision], stdout=archive, check=True)
        archive.seek(0)
        with tarfile.open(fileobj=archive) as tar:
            tar.extractall(target, filter="data")
    return target


def newest_result(tree: Path, before: set[Path]) -> dict[str, Any]:
    found = sorted(set((tree / "bench" / "results").glob("*.json")) - before)
    if not found:
        raise RuntimeError(f"the run in {tree} wrote no results")
    return json.loads(found[-1].read_text())


def run_tree(tree: Path, name: str, args: argparse.Namespace, reuse: bool) -> dict[str, Any]:
    data_dir = ROOT / "var" / "bench-compare" / f"{name}-data"
    command = [
        sys.executable,
        "-m",
        "bench.run",
        "--cases",
        str(args.cases),
        "--seconds",
        str(args.seconds),
        "--rounds",
        "1",
        "--reads",
        str(args.reads),
        "--var-dir",
        str(data_dir),
        "--wait-quiet",
        str(args.wait_quiet),
        "--keep",
    ]
    if args.database == "postgres":
        command += ["--database-url", f"postgres://postgres@127.0.0.1:5432/tousu_bench_{name}"]
    if reuse:
        command.append("--reuse")
    results = tree / "bench" / "results"
    before = set(results.glob("*.json")) if results.exists() else set()
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("DATABASE_URL", None)
    print(f"\n### {name} ({tree}) ###", flush=True)
    subprocess.run(command, cwd=tree, env=env, check=False)
    return newest_result(tree, before)


def p95s(result: dict[str, Any]) -> dict[str, float]:
    out = {r["name"]: r["server_p95_ms"] for r in result["reads"]}
    out.update({r["name"]: r["server_p95_ms"] for r in result.get("desk_reads", [])})
    return out


def queries(result: dict[str, Any]) -> dict[str, str]:
    out = {k: "/".join(str(n) for n in sorted(set(v))) for k, v in result.get("sql_per_request", {}).items()}
    out.update({k: str(v) for k, v in result.get("desk_sql_per_request", {}).items()})
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    base_tree = unpack(args.against, ROOT / "var" / "bench-compare" / "base")
    trees = {"base": base_tree, "current": ROOT}
    runs: dict[str, list[dict[str, Any]]] = {"base": [], "current": []}
    for round_ in range(args.rounds):
        order = ["base", "current"] if round_ % 2 == 0 else ["current", "base"]
        for name in order:
            runs[name].append(run_tree(trees[name], name, args, reuse=round_ > 0))
    kinds = [k for k in p95s(runs["base"][0]) if k in p95s(runs["current"][0])]
    print(f"\n== Reads, server p95 in ms, median of {args.rounds} runs each, {args.cases:,} cases, {args.database} ==")
    print(f"{'request':<26}{'base':>10}{'current':>10}{'ratio':>8}   SQL/request base → current   runs")
    verdict = True
    for kind in kinds:
        base = [p95s(r)[kind] for r in runs["base"]]
        current = [p95s(r)[kind] for r in runs["current"]]
        ratio = statistics.median(current) / statistics.median(base)
        judged = kind in JUDGED
        ok = ratio <= TARGET_RATIO or not judged
        verdict &= ok
        sql = f"{queries(runs['base'][0]).get(kind, '?')} → {queries(runs['current'][0]).get(kind, '?')}"
        spread = f"{'/'.join(f'{b:.1f}' for b in base)} vs {'/'.join(f'{c:.1f}' for c in current)}"
        mark = ("PASS" if ok else "FAIL") if judged else ""
        print(
            f"{kind:<26}{statistics.median(base):>10.2f}{statistics.median(current):>10.2f}{ratio:>8.2f}"
            f"   {sql:<28} {spread} {mark}"
        )
    print(f"\ntarget: current / base ≤ {TARGET_RATIO} for {', '.join(JUDGED)}: {'PASS' if verdict else 'FAIL'}")
    if not args.keep:
        for name in trees:
            shutil.rmtree(ROOT / "var" / "bench-compare" / f"{name}-data", ignore_errors=True)
            if args.database == "postgres":
                import psycopg

                with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "tousu_bench_{name}" WITH (FORCE)')
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
