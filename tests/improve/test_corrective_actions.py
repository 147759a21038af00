"""Corrective and preventive actions (纠正措施通知单) over the API: issued from cases to the
responsible department (P3.i, P4.5.3), answered with cause and measures on their own clock,
overdue when late, verified for recurrence (P5.5), sent back when the problem recurs, closed;
the notice never names a confidential reporter (P2.11)."""

import datetime as dt

import time_machine

from tests.improve.helpers import assert_no_reporter, bureau, closed_report, docx_text, registered
from tests.lifecycle.helpers import local


def test_corrective_action_from_issue_to_close_p3_i_p4_5_3_p5_5(staff):
    b = bureau(staff)
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        number = closed_report(b)

    with time_machine.travel(local(2026, 3, 2, 15, 0), tick=False):
        # A handler does not issue notices; the department head or a manager does (P4.5.3).
        refused = b.inspector.post(
            "/improve/corrective-actions", {"cases": [number], "department": "ts_special", "problem": "x"}
        )
        assert refused.status_code == 403
        issued = b.manager.post(
            "/improve/corrective-actions",
            {
                "cases": [number],
                "department": "ts_special",
                # Typed carelessly with the reporter's name and phone: removed (P2.11).
                "problem": "举报人陈建国（13622220000）反映：在用电梯超期未检验，巡查未发现。",
                "owner": b.head.username,
                "answer_days": 3,
            },
        )
        assert issued.status_code == 201, issued.content.decode()
        ca = issued.json()
        assert ca["state"] == "issued"
        assert ca["cases"] == [number]
        # 3 working days from Monday 2 March 2026: Thursday 5 March.
        assert ca["answer_due"] == "2026-03-05"
        assert_no_reporter(ca["problem"])
        assert "超期未检验" in ca["problem"]
        assert [h["action"] for h in ca["history"]] == ["issue"]

        # Another department's handler may not answer for ts_special.
        other = staff("handler", "ts_enforcement")
        refused = other.post(
            f"/improve/corrective-actions/{ca['id']}/answer",
            {"root_cause": "x", "corrective_measures": "x", "preventive_measures": "x"},
        )
        assert refused.status_code in (403, 404), refused.content.decode()

    with time_machine.travel(local(2026, 3, 6, 9, 0), tick=False):
        late = b.manager.get("/improve/corrective-actions", overdue="true").json()["items"]
        assert [a["id"] for a in late] == [ca["id"]]
        assert late[0]["overdue"] is True
        missing = b.head.post(f"/improve/corrective-actions/{ca['id']}/answer", {"root_cause": "巡查计划漏项"})
        assert missing.status_code == 422
        assert {"corrective_measures", "preventive_measures"} <= set(missing.json()["details"])
        answered = b.head.post(
            f"/improve/corrective-actions/{ca['id']}/answer",
            {
                "version": ca["version"],
                "root_cause": "巡查计划未覆盖商场观光电梯，检验到期无提醒。",
                "corrective_measures": "对辖区商场电梯全面排查，超期者责令停用。",
                "preventive_measures": "检验到期前30天自动提醒使用单位和监察员。",
                "verify_days": 30,
            },
        )
        assert answered.status_code == 200, answered.content.decode()
        ca = answered.json()
        assert ca["state"] == "answered"
        assert ca["verify_due"] == "2026-04-05"
        assert b.manager.get("/improve/corrective-actions", overdue="true").json()["items"] == []

        stale = b.manager.post(
            f"/improve/corrective-actions/{ca['id']}/verify", {"version": 1, "verification": "已核查"}
        )
        assert stale.status_code == 409
        assert stale.json()["code"] == "conflict"

    with time_machine.travel(local(2026, 3, 20, 10, 0), tick=False):
        # The same problem comes back: a new report of the same category in the department.
        again = registered(b, content="另一商场扶梯检验合格证过期仍在运行。", request="")
        ca = b.manager.get(f"/improve/corrective-actions/{ca['id']}").json()
        assert ca["similar_since_issue"]["count"] == 1
        assert ca["similar_since_issue"]["cases"] == [again]
        ca = b.manager.post(
            f"/improve/corrective-actions/{ca['id']}/verify",
            {"version": ca["version"], "verification": "又发现一起同类问题，措施未落实到位。", "recurred": True},
        ).json()
        assert ca["state"] == "issued"  # back to the department on a new clock (P5.5)
        assert ca["recurred"] is True
        assert ca["answer_due"] == "2026-03-27"

    with time_machine.travel(local(2026, 3, 23, 10, 0), tick=False):
        ca = b.head.post(
            f"/improve/corrective-actions/{ca['id']}/answer",
            {
                "root_cause": "提醒只发给了使用单位。",
                "corrective_measures": "提醒同时发给监察员，逐台销号。",
                "preventive_measures": "每月核对到期清单。",
                "verify_days": 30,
            },
        ).json()
    with time_machine.travel(local(2026, 4, 30, 10, 0), tick=False):
        ca = b.manager.post(
            f"/improve/corrective-actions/{ca['id']}/verify", {"verification": "一个月内未再发生同类问题。"}
        ).json()
        assert ca["state"] == "closed"
        assert [h["action"] for h in ca["history"]] == ["issue", "answer", "verify", "answer", "verify"]
        refused = b.head.post(
            f"/improve/corrective-actions/{ca['id']}/extend", {"answer_due": "2026-05-01", "reason": "x"}
        )
        assert refused.status_code == 409
        assert refused.json()["code"] == "wrong_state"

    notice = b.manager.client.get(f"/api/v1/improve/corrective-actions/{ca['id']}/notice.docx", **b.manager.headers)
    assert notice.status_code == 200
    text = docx_text(notice.content)
    assert number in text and "每月核对到期清单" in text
    assert_no_reporter(text)  # P2.11: the notice never names the reporter


def test_extend_moves_the_answer_date_with_a_reason(staff):
    b = bureau(staff)
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        ca = b.head.post(
            "/improve/corrective-actions", {"department": "ts_special", "problem": "巡查记录不全", "answer_days": 5}
        ).json()
        assert ca["answer_due"] == "2026-03-09"
        past = b.head.post(
            f"/improve/corrective-actions/{ca['id']}/extend", {"answer_due": "2026-03-01", "reason": "x"}
        )
        assert past.status_code == 422
        ca = b.head.post(
            f"/improve/corrective-actions/{ca['id']}/extend", {"answer_due": "2026-03-20", "reason": "等待检验所报告"}
        ).json()
        assert ca["answer_due"] == "2026-03-20"
        assert ca["history"][-1]["data"] == {
            "answer_due": "2026-03-20",
            "reason": "等待检验所报告",
            "previous_due": "2026-03-09",
        }


def test_a_department_head_sees_only_the_department_s_actions(staff):
    b = bureau(staff)
    b.manager.post("/improve/corrective-actions", {"department": "ts_enforcement", "problem": "立案不及时"})
    mine = b.manager.post("/improve/corrective-actions", {"department": "ts_special", "problem": "巡查漏项"}).json()
    seen = [a["id"] for a in b.head.get("/improve/corrective-actions").json()["items"]]
    assert seen == [mine["id"]]
    assert len(b.manager.get("/improve/corrective-actions").json()["items"]) == 2


def test_unknown_case_and_department_are_refused_in_the_user_s_language(staff):
    b = bureau(staff)
    bad = b.manager.post(
        "/improve/corrective-actions", {"cases": ["TS-NOPE"], "department": "ts_special", "problem": "x"}
    )
    assert bad.status_code == 422
    assert "TS-NOPE" in bad.json()["message"]
    bad = b.manager.post("/improve/corrective-actions", {"department": "nope", "problem": "x"})
    assert bad.status_code == 422
    assert bad.json()["details"] == {"department": ["没有这个部门。"]}


def test_working_day_clock_skips_the_national_day_holiday(staff):
    b = bureau(staff)
    with time_machine.travel(local(2026, 9, 30, 9, 0), tick=False):
        ca = b.manager.post(
            "/improve/corrective-actions", {"department": "ts_special", "problem": "x", "answer_days": 1}
        )
        assert dt.date.fromisoformat(ca.json()["answer_due"]) == dt.date(2026, 10, 8)
