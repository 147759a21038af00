"""Similar cases at intake and on the case page: the same caller, the same unit, or a
measured text similarity; a one-click merge into the earlier case, on both timelines."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tousu.cases.actions import perform
from tousu.cases.models import Event
from tousu.search.similar import Draft, cosine, draft_of, similar_cases


def test_same_caller_same_unit_and_similar_text_are_found_with_their_reasons(receptionist, file_case):
    lift = file_case("3栋1单元电梯停在8楼不动，里面有老人被困。", category="elevator", complainant_phone="13911112222")
    other_unit_same_lift_story = file_case(
        "电梯停在8楼不动，老人被困在里面。",
        category="elevator",
        complainant_phone="13700000001",
        complainant_unit="9栋2单元1101",
    )
    unrelated = file_case(
        "小区草坪很久没修剪了。", category="greening", complainant_phone="13600000002", complainant_unit="1栋"
    )
    draft = Draft(
        content="电梯又停在8楼了，老人被困",
        phones=("139-1111-2222",),
        unit="3栋1单元502",
    )
    result = similar_cases(receptionist, draft)
    found = {c.complaint_id: c for c in result.cases}
    assert set(found[lift.pk].reasons) == {"same_phone", "same_place", "similar_text"}
    assert found[other_unit_same_lift_story.pk].reasons == ("similar_text",)
    assert found[other_unit_same_lift_story.pk].similarity >= 0.3
    assert unrelated.pk not in found
    # The strongest match comes first; repeat caller and repeat place are flagged.
    assert result.cases[0].complaint_id == lift.pk
    assert (result.same_phone, result.same_place) == (1, 1)


def test_similarity_is_measured_not_substring():
    assert cosine({"电梯", "困人", "8楼"}, {"电梯", "困人", "8楼"}) == 1.0
    assert round(cosine({"电梯", "困人"}, {"电梯", "维保", "年检", "过期"}), 3) == 0.354
    assert cosine({"电梯"}, set()) == 0.0


def test_old_closed_cases_are_not_offered(receptionist, file_case):
    old = file_case("电梯困人。", category="elevator", received_at=timezone.now() - dt.timedelta(days=200))
    perform(old, "withdraw", {"reason": "重复登记"}, actor=receptionist)
    result = similar_cases(receptionist, Draft(content="电梯困人", phones=("13800001234",)))
    assert old.pk not in {c.complaint_id for c in result.cases}


def test_case_page_excludes_the_case_itself(receptionist, file_case):
    first = file_case("楼道灯坏了，晚上很黑。")
    second = file_case("楼道灯坏了，一直没人修。")
    result = similar_cases(receptionist, draft_of(second))
    assert [c.complaint_id for c in result.cases] == [first.pk]


def test_merge_into_the_earlier_case_is_recorded_on_both_timelines(receptionist, file_case):
    earlier = file_case("3栋电梯困人。", category="elevator")
    repeat = file_case("3栋电梯困人，还没人来！", category="elevator")
    done = perform(repeat, "merge", {"into": earlier.number}, actor=receptionist)
    assert done.complaint.state == "merged" and done.complaint.merged_into_id == earlier.pk
    assert Event.objects.get(complaint=repeat, action="merge").data == {"into": earlier.number}
    assert Event.objects.get(complaint=earlier, action="merged_in").data == {"from": repeat.number}


def test_repeat_callers_and_places_for_the_reports(receptionist, file_case):
    from tousu.search.repeats import repeat_callers, repeat_places

    file_case("电梯又坏了。", category="elevator", complainant_phone="13911112222", complainant_unit="3栋1单元502")
    file_case(
        "电梯还是坏的。", category="elevator", complainant_phone="139 1111 2222", complainant_unit="3栋-1单元 502"
    )
    file_case("草坪没人修剪。", category="greening", complainant_phone="13600000000", complainant_unit="9栋")
    since, until = timezone.now() - dt.timedelta(days=30), timezone.now() + dt.timedelta(days=1)
    [caller] = repeat_callers(receptionist, since, until)
    assert (caller.key, caller.cases, caller.open_cases) == ("13911112222", 2, 2)
    [place] = repeat_places(receptionist, since, until)
    assert (place.key, place.cases) == ("3栋1单元502", 2)
