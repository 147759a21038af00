"""Searching by the complainant never finds a confidential reporter outside the
need-to-know list (P2.11): not by phone (as words or as the `phone` filter), not by
name, not as a count; the index holds none of their identity."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from tousu.cases.intake import register
from tousu.cases.selectors import CaseFilters
from tousu.org.management.commands.user import add_user
from tousu.search.models import SearchEntry
from tousu.search.service import scope_for, search_cases

PHONE, NAME = "13698765432", "上官婉清"


def _user(username: str, role: str, unit: str):
    add_user(username, role, unit, username, "pw-" + username)
    return get_user_model().objects.get(username=username)


def test_a_confidential_reporter_is_not_found_by_phone_or_name_p2_11(setup_data):
    hotline = _user("hotline", "receptionist", "ts_12365")
    colleague = _user("colleague", "handler", "ts_special")
    case = register(
        {
            "policy": "special-equipment",
            "channel": "hotline",
            "complainant_name": NAME,
            "complainant_phone": PHONE,
            "equipment_type": "elevator",
            "category": "elevator",
            "content": f"观光电梯超期运行。举报人{NAME}要求保密。",
        },
        actor=hotline,
    ).complaint
    assert case.confidential  # a report (P2.11)
    entry = SearchEntry.objects.get(complaint=case)
    assert NAME not in entry.body and PHONE not in entry.words and entry.phone == ""

    # The colleague sees the case, and finds it by its words ...
    assert [h.complaint_id for h in search_cases(colleague, "观光电梯").hits] == [case.pk]
    # ... but never by the reporter, not even as a count.
    for text in (PHONE, NAME):
        assert search_cases(colleague, text).hits == []
    assert not scope_for(colleague, CaseFilters(phone=PHONE)).exists()
    assert scope_for(colleague, CaseFilters()).filter(pk=case.pk).exists()
    # Whoever took it in finds it by the phone filter (the index holds no phone).
    assert list(scope_for(hotline, CaseFilters(phone=PHONE)).values_list("pk", flat=True)) == [case.pk]
