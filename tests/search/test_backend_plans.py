"""The backend's ways to the newest matching cases give the same answer as reading every
match: on PostgreSQL the newest rows first, then (by the density found there) a walk back
over a range of ids, or the GIN index cut to a range of ids, then every older match; on
SQLite the FTS5 index. At a test's size the newest rows hold everything, so the sample
is made small here and each way is forced in turn."""

from __future__ import annotations

import pytest

from tousu.cases.models import Complaint
from tousu.cases.selectors import CaseFilters
from tousu.search import backend
from tousu.search.service import scope_for


@pytest.mark.parametrize("gin_match_cost", [10**6, 0], ids=["walk back", "GIN within a range"])
def test_every_way_finds_the_newest_matches_within_the_scope(file_case, monkeypatch, gin_match_cost):
    for n in range(60):
        # Every case has the word; one in six is in the scope (the elevator category) ...
        file_case(f"第{n}次报修：电梯按钮失灵。", category="elevator" if n % 6 == 0 else "maintenance")
    for n in range(6):
        # ... but all of the newest: the density they show overstates the older rows', so
        # the range read by the estimate falls short and the rest is read after it.
        file_case(f"电梯又坏了，第{n}次。", category="elevator")
    monkeypatch.setattr(backend, "RECENT_ROWS", 6)
    monkeypatch.setattr(backend, "GIN_MATCH_COST", gin_match_cost)
    scope = scope_for(None, CaseFilters(category="elevator"))
    expected = list(Complaint.objects.filter(category="elevator").order_by("-id").values_list("id", flat=True))
    assert len(expected) == 16
    for limit in (1, 3, 6, 8, 10, 16, 20):
        assert backend.matching_ids(["电梯"], scope, limit) == expected[:limit], limit
    # Without a scope, and with words no case has.
    newest = list(Complaint.objects.order_by("-id").values_list("id", flat=True))
    assert backend.matching_ids(["电梯"], None, 25) == newest[:25]
    assert backend.matching_ids(["摩天轮"], scope, 5) == []
