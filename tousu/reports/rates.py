"""The three rates Chinese hotline work is evaluated on — response rate (响应率),
resolution rate (解决率), satisfaction rate (满意率) — plus the callback rate (P4.9.2), for
the whole scope and per department, and the departments ranked on them.

The definitions are in docs/reports.md; each rate keeps its numerator and denominator.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tousu.org import tree as org_tree
from tousu.org.models import Unit
from tousu.reports.counts import Cube, Outcomes
from tousu.reports.followup import FollowUp
from tousu.reports.numbers import Rate


@dataclass
class Rates:
    response: Rate
    resolution: Rate
    satisfaction: Rate
    callback: Rate

    @property
    def score(self) -> float | None:
        """The unweighted mean of the three rates that have data (the ranking key)."""
        values = [r.value for r in (self.response, self.resolution, self.satisfaction) if r.value is not None]
        return sum(values) / len(values) if values else None


@dataclass
class DepartmentFigures:
    department_id: int | None
    code: str
    name: str
    outcomes: Outcomes
    rates: Rates
    rank: int = 0  # by score, 1 = best
    ranks: dict[str, int] | None = None  # rank on each rate


def rates_of(outcomes: Outcomes, response: Rate, follow: FollowUp, department: int | None, overall: bool) -> Rates:
    d = follow.total() if overall else follow.departments.get(department)
    called_back_due = d.called_back_due if d else 0
    return Rates(
        response=response,
        resolution=Rate(outcomes.resolved, outcomes.handled),
        satisfaction=follow.satisfaction(department, overall=overall),
        callback=Rate(called_back_due, outcomes.callback_due),
    )


def _names(ids: list[int]) -> dict[int, tuple[str, str]]:
    """Each department's code and name. Rolled up over offices, every office has its
    工程部: a name that repeats goes with its office's (阳光花园管理处 工程部)."""
    names = {d.pk: (d.code, d.name) for d in Unit.objects.filter(pk__in=ids)}
    repeated = {name for name, n in Counter(name for _code, name in names.values()).items() if n > 1}
    tree = org_tree.current()
    for pk, (code, name) in names.items():
        if name in repeated and pk in tree.nodes:
            names[pk] = (code, f"{tree.name(tree.nodes[pk].parent_id)} {name}")
    return names


def department_figures(cube: Cube, response: dict[int | None, Rate], follow: FollowUp) -> list[DepartmentFigures]:
    ids = [i for i in cube.departments if i is not None]
    names = _names(ids)
    out = []
    for department_id, outcomes in cube.departments.items():
        code, name = names.get(department_id, ("", "")) if department_id is not None else ("", "")
        rates = rates_of(outcomes, response.get(department_id, Rate(0, 0)), follow, department_id, overall=False)
        out.append(DepartmentFigures(department_id, code, name, outcomes, rates))
    rank(out)
    return out


def _rank_by(items: list[DepartmentFigures], key: str) -> dict[int | None, int]:
    def value(d: DepartmentFigures) -> float:
        v = d.rates.score if key == "score" else getattr(d.rates, key).value
        return -1.0 if v is None else v

    ordered = sorted(items, key=lambda d: (-value(d), -d.outcomes.received, d.code))
    ranks: dict[int | None, int] = {}
    previous: float | None = None
    place = 0
    for position, d in enumerate(ordered, start=1):
        # Equal values share a place (1, 2, 2, 4).
        if value(d) != previous:
            place = position
            previous = value(d)
        ranks[d.department_id] = place
    return ranks


def rank(items: list[DepartmentFigures]) -> None:
    """Best first by score; each department also gets its place on each rate."""
    per_rate = {key: _rank_by(items, key) for key in ("response", "resolution", "satisfaction")}
    overall = _rank_by(items, "score")
    for d in items:
        d.rank = overall[d.department_id]
        d.ranks = {key: ranks[d.department_id] for key, ranks in per_rate.items()}
    items.sort(key=lambda d: (d.rank, d.code))
