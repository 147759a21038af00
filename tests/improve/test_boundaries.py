"""The improvement loop and the case library stay inside their organisation (issue 14):
a management review of the P5 company lists only its own cases (P5.6); corrective
actions (P3.i, P4.5.3), rewards (P2.10), proposals (P1.5), questionnaires (P3.e1),
contract services (P3.s1–s3), write-ups and reply templates (P1.6) of another
organisation answer like missing ones, and the departments offered are the actor's own."""

from __future__ import annotations

from typing import Any

import time_machine
from django.contrib.auth import get_user_model

from tests.improve.helpers import bureau, closed_report, docx_text, registered, signed_in
from tests.lifecycle.helpers import local
from tests.lifecycle.test_property_rules import PHONE_CASE
from tests.web.conftest import PROPERTY_CASE
from tousu.library.models import ReplyTemplate
from tousu.org.models import Position, Unit

AFTER_SALES_MAJOR: dict[str, Any] = {
    "policy": "after-sales",
    "channel": "phone",
    "complainant_name": "林晓东",
    "complainant_phone": "13711112222",
    "category": "leakage",
    "severity": "major",
    "content": "灌装机密封圈漏液，整条产线停产。",
}
ANSWER = {"root_cause": "维保漏项", "corrective_measures": "补做维保", "preventive_measures": "每月检查"}


def created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.content.decode()
    return response.json()  # type: ignore[no-any-return]


def test_a_p5_management_review_lists_none_of_the_regulator_s_or_the_manufacturer_s_cases_p5_6(staff):
    butler = staff("receptionist", "wg_customer_service")
    regulator = bureau(staff)
    after_sales = staff("receptionist", "sh_customer_service")
    chair = staff("executive", "property-rules")
    # The chair also helps the regulator's complaint office: they see its cases, and still
    # the P5 company's review is about the P5 company only.
    Position.objects.create(
        user=get_user_model().objects.get(username=chair.username),
        role="complaint_manager",
        unit=Unit.objects.get(code="special-equipment"),
    )
    with time_machine.travel(local(2026, 5, 6, 9, 0), tick=False):
        own = created(butler.post("/complaints", {**PHONE_CASE, "severity": "major"}))["number"]
        theirs = registered(regulator, severity="major")
        created(after_sales.post("/complaints", AFTER_SALES_MAJOR))
        assert chair.get(f"/complaints/{theirs}").status_code == 200
        their_action = created(
            regulator.manager.post("/improve/corrective-actions", {"department": "ts_special", "problem": "巡查漏项"})
        )
        their_proposal = created(
            regulator.hotline.post(
                "/improve/proposals", {"title": "热线排班", "area": "process", "problem": "x", "proposal": "y"}
            )
        )
        our_action = created(
            chair.post(
                "/improve/corrective-actions", {"cases": [own], "department": "wg_engineering", "problem": "水管"}
            )
        )
        review = created(
            chair.post(
                "/improve/reviews", {"title": "五月管理评审", "period_start": "2026-05-01", "period_end": "2026-05-31"}
            )
        )
    agenda = review["agenda"]
    assert [c["number"] for c in agenda["major_cases"]] == [own]
    assert [a["id"] for a in agenda["open_corrective_actions"]] == [our_action["id"]]  # not theirs
    # The regulator's action and proposal are open, and not on the P5 company's agenda.
    assert (their_action["state"], their_proposal["state"], agenda["open_proposals"]) == ("issued", "open", [])

    # The regulator's officer neither lists nor opens the P5 company's review.
    assert regulator.manager.get("/improve/reviews").json()["items"] == []
    assert regulator.manager.get(f"/improve/reviews/{review['id']}").status_code == 404
    # A decision becomes an action only for a department of the review's organisation.
    held = chair.post(f"/improve/reviews/{review['id']}/minutes", {"minutes": "讨论", "decisions": ["排查水管"]}).json()
    decision = held["decisions"][0]["id"]
    foreign = chair.post(f"/improve/reviews/{review['id']}/action", {"decision": decision, "department": "ts_special"})
    assert foreign.status_code == 422 and foreign.json()["details"] == {"department": ["没有这个部门。"]}
    page = signed_in(chair).get(f"/desk/improve/reviews/{review['id']}/").content.decode()
    assert 'value="wg_engineering"' in page and 'value="ts_special"' not in page


def test_corrective_actions_of_another_organisation_are_invisible_p3_i_p4_5_3(staff):
    regulator = bureau(staff)
    theirs = created(
        regulator.manager.post("/improve/corrective-actions", {"department": "ts_special", "problem": "巡查漏项"})
    )
    receptionist = staff("receptionist", "wy_customer_service")
    manager = staff("complaint_manager", "property-office")
    engineering_head = staff("department_head", "wy_engineering")
    cleaning_head = staff("department_head", "wy_cleaning")
    engineer = staff("handler", "wy_engineering")
    case = created(receptionist.post("/complaints", PROPERTY_CASE))["number"]

    assert manager.get("/improve/corrective-actions").json()["items"] == []
    for path in ("", "/notice.docx"):
        assert manager.get(f"/improve/corrective-actions/{theirs['id']}{path}").status_code == 404
    assert manager.post(f"/improve/corrective-actions/{theirs['id']}/answer", ANSWER).status_code == 404
    # Neither another organisation's department, nor its case, nor its staff as owner.
    for body, field in (
        ({"department": "ts_special"}, "department"),
        ({"department": "wy_engineering", "cases": [registered(regulator)]}, "cases"),
        ({"department": "wy_engineering", "owner": regulator.head.username}, "owner"),
    ):
        refused = manager.post("/improve/corrective-actions", {"problem": "x", **body})
        assert refused.status_code == 422 and field in refused.json()["details"], body
    form = signed_in(manager).get("/desk/improve/issue/").context["form"]
    offered = [code for code, _name in form.fields["department"].choices if code]
    assert "wy_engineering" in offered and not [c for c in offered if not c.startswith(("wy_", "property-office"))]

    ours = created(
        manager.post(
            "/improve/corrective-actions", {"cases": [case], "department": "wy_engineering", "problem": "电梯"}
        )
    )
    # P4.5.3: the head of the department concerned answers; another head does not even see it.
    assert cleaning_head.post(f"/improve/corrective-actions/{ours['id']}/answer", ANSWER).status_code == 404
    assert [a["id"] for a in engineering_head.get("/improve/corrective-actions").json()["items"]] == [ours["id"]]
    assert [a["id"] for a in engineer.get("/improve/corrective-actions").json()["items"]] == [ours["id"]]
    answered = engineering_head.post(f"/improve/corrective-actions/{ours['id']}/answer", ANSWER)
    assert answered.status_code == 200, answered.content.decode()
    # The answering department does not verify its own answer (P5.5): its issuer does.
    refused = engineering_head.post(f"/improve/corrective-actions/{ours['id']}/verify", {"verification": "好了"})
    assert refused.status_code == 403
    assert (
        manager.post(f"/improve/corrective-actions/{ours['id']}/verify", {"verification": "未再发生"}).status_code
        == 200
    )
    assert regulator.manager.get("/improve/corrective-actions").json()["items"][0]["id"] == theirs["id"]
    assert len(regulator.manager.get("/improve/corrective-actions").json()["items"]) == 1


def test_the_case_library_of_another_organisation_is_invisible_p1_6(staff):
    regulator = bureau(staff)
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        number = closed_report(regulator)
    w = created(regulator.inspector.post(f"/library/writeups/from-case/{number}"))
    regulator.inspector.post(f"/library/writeups/{w['id']}/edit", {"title": "观光电梯超期未检", "facts": w["facts"]})
    regulator.inspector.post(f"/library/writeups/{w['id']}/submit", {})
    assert regulator.head.post(f"/library/writeups/{w['id']}/publish", {}).json()["state"] == "published"
    assert [x["id"] for x in regulator.hotline.get("/library/writeups", q="电梯").json()["items"]] == [w["id"]]

    receptionist = staff("receptionist", "wy_customer_service")
    head = staff("department_head", "wy_customer_service")  # a reviewer, of another organisation
    assert receptionist.get("/library/writeups").json()["items"] == []
    assert head.get("/library/writeups").json()["items"] == []
    assert receptionist.get(f"/library/writeups/{w['id']}").status_code == 404
    assert head.post(f"/library/writeups/{w['id']}/withdraw", {}).status_code == 404
    exported = receptionist.client.get("/api/v1/library/writeups/export.docx", **receptionist.headers)
    assert "观光电梯超期未检" not in docx_text(exported.content)
    draft = created(receptionist.post("/library/writeups", {"title": "电梯困人", "facts": "三栋电梯困人"}))
    assert regulator.head.get(f"/library/writeups/{draft['id']}").status_code == 404  # not their reviewer

    # Reply templates and guides: the case's organisation's own, and the installation's.
    ReplyTemplate.objects.create(name="举报结果", policy_name="special-equipment", text="举报{{ number }}已办结")
    their_general = ReplyTemplate.objects.create(
        name="监管通用", organisation=Unit.objects.get(code="special-equipment").organisation, text="监管局"
    )
    ReplyTemplate.objects.create(name="通用", text="您好")
    case = created(receptionist.post("/complaints", PROPERTY_CASE))["number"]
    aids = receptionist.get(f"/library/complaints/{case}/aids").json()
    assert [t["name"] for t in aids["templates"]] == ["通用"]
    use = signed_in(receptionist).get(f"/desk/library/templates/{their_general.pk}/use/{case}/")
    assert use.status_code == 404


def test_rewards_proposals_questionnaires_and_services_stay_in_their_organisation(staff):
    regulator = bureau(staff)
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        number = closed_report(regulator)
    reward = created(regulator.manager.post("/improve/rewards", {"case": number, "penalty_collected": "1000"}))
    proposal = created(
        regulator.hotline.post(
            "/improve/proposals", {"title": "热线排班", "area": "process", "problem": "x", "proposal": "y"}
        )
    )
    admin = staff("administrator", "after-sales")
    survey = created(
        admin.post(
            "/improve/surveys", {"title": "征询单", "questions": [{"id": "q", "text": "满意吗", "type": "rating"}]}
        )
    )
    sales = staff("handler", "sh_sales")
    service = created(
        sales.post(
            "/improve/service-requests", {"contract_reference": "HT-1", "customer": "华信", "description": "保养"}
        )
    )
    created(
        sales.post(
            "/improve/feedback", {"customer": "华信", "visited_on": "2026-05-20", "topic": "quality", "opinion": "好"}
        )
    )

    executive = staff("executive", "property-office")
    manager = staff("complaint_manager", "property-office")
    engineer = staff("handler", "wy_engineering")
    # P2.10: another organisation's rewards are not even known to exist, nor can its cases be rewarded.
    assert manager.get("/improve/rewards").json()["items"] == []
    assert manager.get(f"/improve/rewards/{reward['id']}").status_code == 404
    assert executive.post(f"/improve/rewards/{reward['id']}/approve", {}).status_code == 404
    assert manager.post("/improve/rewards", {"case": number, "penalty_collected": "1"}).status_code == 422
    assert engineer.get("/improve/proposals").json()["items"] == []
    assert engineer.get(f"/improve/proposals/{proposal['id']}").status_code == 404
    assert executive.post(f"/improve/proposals/{proposal['id']}/accept", {}).status_code == 404
    assert manager.get("/improve/surveys").json()["items"] == []
    assert manager.post(f"/improve/surveys/{survey['id']}/send", {"cases": [number]}).status_code == 404
    assert engineer.get(f"/improve/service-requests/{service['id']}").status_code == 404
    assert manager.get("/improve/customer-summary", start="2026-05-01", end="2026-05-31").json()["feedback"] == 0
    assert sales.get("/improve/customer-summary", start="2026-05-01", end="2026-05-31").json()["feedback"] == 1
    # P3.s2: the service plan's tasks go to the manufacturer's own departments only.
    sales.post(f"/improve/service-requests/{service['id']}/review", {"contract_review": "已写入合同"})
    plan = sales.post(
        f"/improve/service-requests/{service['id']}/plan",
        {"tasks": [{"department": "wy_engineering", "description": "保养", "due": "2026-06-01"}]},
    )
    assert plan.status_code == 422
    page = signed_in(sales).get(f"/desk/improve/services/{service['id']}/").content.decode()
    assert 'value="sh_technical"' in page and 'value="wy_engineering"' not in page
    # The regulator's officer still sees their own.
    assert [r["id"] for r in regulator.manager.get("/improve/rewards").json()["items"]] == [reward["id"]]
