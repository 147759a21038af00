"""The month's four independent reads (cases, repeats, clocks, timeline) run side by side on their own connections when
the caller is not inside a transaction; the figures are the same as read one by one."""

from django.db import connection

from tests.reports.dataset import AS_OF, build
from tousu.reports import concurrent
from tousu.reports.monthly import monthly_statistics
from tousu.reports.numbers import Rate
from tousu.reports.period import month
from tousu.reports.scope import Scope


def test_figures_read_on_four_connections_match(transactional_db, setup_data, monkeypatch):
    build()  # committed: other connections see it
    assert not connection.in_atomic_block
    threads = []
    original = concurrent._in_thread
    monkeypatch.setattr(concurrent, "_in_thread", lambda task: threads.append(1) or original(task))
    s = monthly_statistics(Scope(month(2026, 10), "property-office", as_of=AS_OF))
    assert len(threads) == 4
    assert s.outcomes.received == 8
    assert (s.rates.response, s.rates.resolution, s.rates.satisfaction, s.rates.callback) == (
        Rate(5, 7),
        Rate(4, 7),
        Rate(3, 4),
        Rate(4, 5),
    )
    assert [c.median_hours for c in s.clocks][:1] == [0.5]
