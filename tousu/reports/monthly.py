"""The monthly complaint statistics (KH-07-R02, P4.8, P4.11): every figure of a scope,
computed once and handed to the renderers. Which rows; never which format."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tousu.policies.schema import Policy as PolicySpec
from tousu.reports import counts, followup, rates, repeats, responsibility, timeliness, trends
from tousu.reports.concurrent import run_all
from tousu.reports.counts import Outcomes
from tousu.reports.numbers import Rate
from tousu.reports.rates import DepartmentFigures, Rates
from tousu.reports.scope import Scope, policy_specs


@dataclass
class MonthlyStatistics:
    scope: Scope
    specs: dict[str, PolicySpec]
    outcomes: Outcomes
    by: dict[str, Counter[str]]
    clocks: list[timeliness.ClockFigure]
    on_time: dict[int | None, Rate]  # every decided clock cycle, per department
    rates: Rates
    departments: list[DepartmentFigures]
    follow: followup.FollowUp
    repeats: repeats.Repeats
    determinations: responsibility.Determinations
    pareto: list[trends.ParetoRow]
    trend: list[trends.MonthPoint]


def monthly_statistics(scope: Scope, *, trend_months: int = 12) -> MonthlyStatistics:
    specs = policy_specs(scope.policy)
    callback_policies = {name for name, spec in specs.items() if spec.steps.callback}

    def cases() -> tuple[counts.Cube, responsibility.Determinations, list[trends.MonthPoint]]:
        return (
            counts.cube(scope, callback_policies),
            responsibility.determinations(scope),
            trends.trend(scope, trend_months),
        )

    # Four independent reads of about the same cost: the cases, their search entries
    # (repeats), their clocks, their timeline (bench/reports.py --parts).
    done = run_all(
        {
            "cases": cases,
            "repeats": lambda: repeats.repeats(scope),
            "clocks": lambda: timeliness.timeliness(scope, specs),
            "timeline": lambda: followup.follow_up(scope),
        }
    )
    cube, determined, trend = done["cases"]
    repeated: repeats.Repeats = done["repeats"]
    deadlines: timeliness.Timeliness = done["clocks"]
    follow: followup.FollowUp = done["timeline"]
    response = deadlines.response
    overall_response = sum(response.values(), Rate(0, 0))
    for clock in deadlines.clocks:
        clock.extended = follow.extensions.get(clock.name, 0)
    return MonthlyStatistics(
        scope=scope,
        specs=specs,
        outcomes=cube.outcomes,
        by=cube.by,
        clocks=deadlines.clocks,
        on_time=deadlines.on_time,
        rates=rates.rates_of(cube.outcomes, overall_response, follow, None, overall=True),
        departments=rates.department_figures(cube, response, follow),
        follow=follow,
        repeats=repeated,
        determinations=determined,
        pareto=trends.pareto(cube.by["category"]),
        trend=trend,
    )
