"""Every figure of the monthly statistics (KH-07-R02, P4.8, P4.11) on the hand-built
October of tests/reports/dataset.py; the right answers are worked out in the comments."""

from tests.reports.dataset import AS_OF
from tousu.reports.monthly import monthly_statistics
from tousu.reports.numbers import Rate
from tousu.reports.period import month
from tousu.reports.scope import Scope
from tousu.reports.words import rising_words


def test_cases_received_by_each_breakdown(scope):
    s = monthly_statistics(scope)
    # A–H; the September cases and the one at 1 November 00:00 are outside.
    assert s.outcomes.received == 8
    assert dict(s.by["channel"]) == {"phone": 5, "visit": 1, "web": 1, "letter": 1}
    assert dict(s.by["category"]) == {
        "elevator": 2,
        "power_water": 1,
        "cleaning": 1,
        "greening": 1,
        "security": 1,
        "staff_service": 1,
        "fire_safety": 1,
    }
    assert dict(s.by["severity"]) == {"general": 6, "serious": 1, "major": 1}
    assert dict(s.by["kind"]) == {"complaint": 8}
    # P4 has no screening or verification: every case is "not decided".
    assert dict(s.by["validity"]) == {"": 8}
    assert dict(s.by["scope"]) == {"": 8}
    # P4.7.1 same-day categories: elevator ×2, power/water, fire safety.
    assert dict(s.by["urgent"]) == {"true": 4, "false": 4}
    assert dict(s.by["state"]) == {
        "closed": 3,
        "to_be_improved": 1,
        "assigned": 1,
        "registered": 1,
        "withdrawn": 1,
        "resolved": 1,
    }


def test_what_became_of_the_cases(scope):
    o = monthly_statistics(scope).outcomes
    assert o.resolved == 4  # A, B, C closed; H resolved
    assert o.closed == 3
    assert o.open == 4  # D to be improved, E assigned, F registered, H resolved
    assert o.to_be_improved == 1  # D (P4.4.3.2)
    assert o.set_out == 1  # G withdrawn
    assert o.reopened == 1  # B (P4.10)
    assert o.callback_due == 5  # A, B, C, D, H


def test_clocks_on_time_and_median_time_taken(scope):
    clocks = {c.name: c for c in monthly_statistics(scope).clocks}
    assert list(clocks) == ["first_reply", "second_reply", "same_day_dispatch", "handling", "follow_up", "callback"]
    # P4.6.1 first reply in 2 h: A, C, D (30 min), E (1 h), H (10 min) on time; B (3 h)
    # breached; F never answered, still running past due at the cut-off; G cancelled.
    first = clocks["first_reply"]
    assert (first.on_time, first.late, first.pending) == (5, 2, 0)
    assert first.rate == Rate(5, 7)
    # Finished: 10 min, 30 min ×3, 1 h, 3 h -> the middle two are 30 min.
    assert first.median_hours == 0.5
    # P4.6.2 second reply in 3 days: stopped by resolving for A (24.5 h), B (46 h), C
    # (23.5 h), H (8.83 h); D (set aside) and E still running past due.
    second = clocks["second_reply"]
    assert (second.on_time, second.late, second.median_hours) == (4, 2, 24.0)
    # P4.7.1 same day: A (40 min) and B (3 h 10) assigned the same day; H registered at
    # 23:30 and assigned next morning: breached. G was withdrawn (cancelled).
    dispatch = clocks["same_day_dispatch"]
    assert (dispatch.on_time, dispatch.late, dispatch.median_hours) == (2, 1, 3.17)
    # P4.7.2 handling in 3 days: A 25 h, B 49 h and, reopened, 42.83 h, C 24 h, D 24 h,
    # H 9 h met; E (extended by 2 days to 25 Oct) and F still running past due.
    handling = clocks["handling"]
    assert (handling.on_time, handling.late, handling.extended) == (6, 2, 1)
    assert handling.median_hours == 24.5
    # P4.8 follow-up every 3 days: E and F were never followed up; the others' cycles
    # were cancelled when the case was resolved or withdrawn.
    assert (clocks["follow_up"].on_time, clocks["follow_up"].late, clocks["follow_up"].median_hours) == (0, 2, None)
    # P4.9.1 callback in 2 working days: five callbacks 5 h after resolving (B twice);
    # H's callback is not due yet.
    callback = clocks["callback"]
    assert (callback.on_time, callback.late, callback.pending, callback.median_hours) == (5, 0, 1, 5.0)


def test_the_three_rates_and_the_callback_rate(scope):
    rates = monthly_statistics(scope).rates
    # Response: first cycle of the first-reply clock, decided: 5 on time of 7.
    assert rates.response == Rate(5, 7)
    # Resolution: resolved or closed (4) over received minus set out (8 - 1).
    assert rates.resolution == Rate(4, 7)
    # Satisfaction: first answer of each case called back: A satisfied, B unsatisfied
    # (reopened, later satisfied), C basically satisfied, D satisfied -> 3 of 4.
    assert rates.satisfaction == Rate(3, 4)
    # Callback (P4.9.2 wants 100%): A, B, C, D called back of A, B, C, D, H.
    assert rates.callback == Rate(4, 5)
    assert rates.callback.percent() == "80.0%"


def test_departments_ranked_on_the_three_rates(scope):
    departments = {d.code: d for d in monthly_statistics(scope).departments}
    eng, cln, sec, cs = (
        departments[c] for c in ("wy_engineering", "wy_cleaning", "wy_security", "wy_customer_service")
    )
    assert (eng.rates.response, eng.rates.resolution, eng.rates.satisfaction) == (Rate(1, 2), Rate(2, 2), Rate(1, 2))
    assert (cln.rates.response, cln.rates.resolution, cln.rates.satisfaction) == (Rate(2, 2), Rate(1, 2), Rate(2, 2))
    assert (sec.rates.response, sec.rates.resolution, sec.rates.satisfaction) == (Rate(2, 2), Rate(1, 2), Rate(0, 0))
    assert (cs.rates.response, cs.rates.resolution) == (Rate(0, 1), Rate(0, 1))
    assert sec.rates.callback == Rate(0, 1)  # H resolved, not called back yet
    # Score = mean of the rates with data: cleaning 0.833, security 0.75 (no satisfaction
    # data), engineering 0.667, customer service 0.
    assert [d.code for d in monthly_statistics(scope).departments] == [
        "wy_cleaning",
        "wy_security",
        "wy_engineering",
        "wy_customer_service",
    ]
    assert (cln.rank, sec.rank, eng.rank, cs.rank) == (1, 2, 3, 4)
    # Places on each rate; equal values share a place.
    assert cln.ranks == {"response": 1, "resolution": 2, "satisfaction": 1}
    assert eng.ranks == {"response": 3, "resolution": 1, "satisfaction": 2}
    assert sec.ranks["satisfaction"] == 3  # no data ranks last
    assert (eng.outcomes.received, cln.outcomes.received, sec.outcomes.received, cs.outcomes.received) == (3, 2, 2, 1)


def test_extensions_reopened_repeats_and_responsibility(scope):
    s = monthly_statistics(scope)
    assert dict(s.follow.extensions) == {"handling": 1}  # P2.9-style extension of E
    assert dict(s.follow.extension_reasons) == {"等待监控设备配件": 1}
    assert (s.follow.callbacks, s.follow.unreached) == (5, 0)
    # A and B share a phone and a unit; C and D share a unit. N (November) is outside.
    assert (s.repeats.complainants, s.repeats.complainant_cases) == (1, 2)
    assert [(r.key, r.cases) for r in s.repeats.top_complainants] == [("138****0001", 2)]
    assert (s.repeats.units, s.repeats.unit_cases) == (2, 4)
    assert [(r.key, r.cases) for r in s.repeats.top_units] == [("1-101", 2), ("2-202", 2)]
    # P1.4: C own fault (cleaning, 保洁作业规范), H outside party (security).
    d = s.determinations
    assert d.total == 2
    assert d.norms == [("保洁作业规范", 1)]
    by_code = {code: dict(counts) for code, counts in _by_code(s, d.by_department).items()}
    assert by_code == {"wy_cleaning": {"own_fault": 1}, "wy_security": {"outside_party": 1}}


def _by_code(s, mapping):
    codes = {d.department_id: d.code for d in s.departments}
    return {codes[k]: v for k, v in mapping.items()}


def test_trend_and_pareto(scope):
    s = monthly_statistics(scope)
    assert [(p.period.code, p.received) for p in s.trend[-3:]] == [("2026-08", 0), ("2026-09", 4), ("2026-10", 8)]
    assert len(s.trend) == 12 and s.trend[0].period.code == "2025-11"
    # Elevator 2 of 8, then six categories of 1 (by code). The share before a category
    # must be under 80% for it to be among the vital few: all but staff service (87.5%).
    assert [(r.code, r.cases, r.cumulative, r.vital) for r in s.pareto] == [
        ("elevator", 2, 0.25, True),
        ("cleaning", 1, 0.375, True),
        ("fire_safety", 1, 0.5, True),
        ("greening", 1, 0.625, True),
        ("power_water", 1, 0.75, True),
        ("security", 1, 0.875, True),
        ("staff_service", 1, 1.0, False),
    ]


def test_rising_words_against_the_previous_months(scope):
    # 漏水 is in B, D and H (3 of 8 October cases) and in none of the 4 September cases:
    # rise = (3+1)/(8+1) / ((0+1)/(4+1)) = 2.22. 楼下 (D, H): (2+1)/9 / (1/5) = 1.67.
    # 电梯 is in all September cases and only 2 of October's (A, G): it does not rise.
    words = rising_words(scope)
    assert [(w.word, w.cases, w.rise) for w in words] == [("漏水", 3, 2.22), ("楼下", 2, 1.67)]


def test_a_department_scope_counts_only_its_cases(october):
    s = monthly_statistics(Scope(month(2026, 10), "property-office", "wy_engineering", as_of=AS_OF))
    assert s.outcomes.received == 3
    assert s.rates.resolution == Rate(2, 2)
    assert s.rates.satisfaction == Rate(1, 2)
