"""The monthly statistics as plain JSON (the API and the dashboard's charts)."""

from __future__ import annotations

from typing import Any

from tousu.reports import labels
from tousu.reports.monthly import MonthlyStatistics
from tousu.reports.numbers import Rate


def rate_json(rate: Rate) -> dict[str, Any]:
    return {"numerator": rate.numerator, "denominator": rate.denominator, "value": rate.value}


def statistics_json(s: MonthlyStatistics) -> dict[str, Any]:
    o = s.outcomes
    return {
        "period": s.scope.period.code,
        "policy": s.scope.policy,
        "department": s.scope.department,
        "unit": s.scope.unit,
        "as_of": s.scope.as_of.isoformat(),
        "outcomes": {
            "received": o.received,
            "resolved": o.resolved,
            "closed": o.closed,
            "open": o.open,
            "to_be_improved": o.to_be_improved,
            "set_out": o.set_out,
            "reopened": o.reopened,
            "callback_due": o.callback_due,
        },
        "rates": {
            name: rate_json(getattr(s.rates, name)) for name in ("response", "resolution", "satisfaction", "callback")
        },
        "by": {
            dimension: [
                {"code": code, "label": labels.value_label(dimension, code, s.specs), "cases": n}
                for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            ]
            for dimension, counts in s.by.items()
        },
        "departments": [
            {
                "code": d.code,
                "name": d.name,
                "rank": d.rank,
                "ranks": d.ranks,
                "received": d.outcomes.received,
                "resolved": d.outcomes.resolved,
                "open": d.outcomes.open,
                "score": d.rates.score,
                "rates": {
                    n: rate_json(getattr(d.rates, n)) for n in ("response", "resolution", "satisfaction", "callback")
                },
            }
            for d in s.departments
        ],
        "clocks": [
            {
                "policy": c.policy,
                "name": c.name,
                "label": labels.clock_of(c.policy, c.name, s.specs),
                "on_time": c.on_time,
                "late": c.late,
                "pending": c.pending,
                "extended": c.extended,
                "rate": rate_json(c.rate),
                "median_hours": c.median_hours,
            }
            for c in s.clocks
        ],
        "trend": [{"month": p.period.code, "received": p.received} for p in s.trend],
        "pareto": [
            {
                "code": r.code,
                "label": labels.category_of(r.code, s.specs),
                "cases": r.cases,
                "cumulative": r.cumulative,
                "vital": r.vital,
            }
            for r in s.pareto
        ],
        "repeats": {
            "complainants": s.repeats.complainants,
            "complainant_cases": s.repeats.complainant_cases,
            "units": s.repeats.units,
            "unit_cases": s.repeats.unit_cases,
            "top_complainants": [{"phone": r.key, "cases": r.cases} for r in s.repeats.top_complainants],
            "top_units": [{"unit": r.key, "cases": r.cases} for r in s.repeats.top_units],
        },
        "extensions": {"by_clock": dict(s.follow.extensions), "reasons": dict(s.follow.extension_reasons)},
        "responsibility": {"total": s.determinations.total, "norms": [list(n) for n in s.determinations.norms]},
    }
