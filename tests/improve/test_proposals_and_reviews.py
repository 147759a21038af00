"""Improvement proposals (P1.5) and the management review (P5.6) over the API: a proposal
linked to the cases that show the problem; a review whose agenda gathers the period's major
complaints, open proposals and open corrective actions; minutes and decisions recorded; a
decision turned into a corrective action."""

import time_machine

from tests.improve.helpers import assert_no_reporter, bureau, registered
from tests.lifecycle.helpers import local


def test_proposal_review_and_decision_to_action_p1_5_p5_6(staff):
    b = bureau(staff)
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        major = registered(b, severity="major")
        general = registered(b)

        proposal = b.inspector.post(
            "/improve/proposals",
            {
                "title": "检验到期自动提醒",
                "area": "system",
                "problem": "多起举报（陈建国等）显示电梯超期未检无人发现。",
                "proposal": "在监察系统中加入检验到期前30天的自动提醒。",
                "cases": [major, general],
            },
        )
        assert proposal.status_code == 201, proposal.content.decode()
        p = proposal.json()
        assert p["state"] == "open" and p["cases"] == sorted([major, general])
        assert_no_reporter(p["problem"])
        # A handler proposes; deciding is for heads and managers.
        assert b.inspector.post(f"/improve/proposals/{p['id']}/accept", {}).status_code == 403
        bad = b.inspector.post(
            "/improve/proposals", {**{k: p[k] for k in ("title", "problem", "proposal")}, "area": "x"}
        )
        assert bad.status_code == 422

        assert (
            b.inspector.post(
                "/improve/reviews", {"title": "x", "period_start": "2026-03-01", "period_end": "2026-03-31"}
            ).status_code
            == 403
        )
        backwards = b.manager.post(
            "/improve/reviews", {"title": "x", "period_start": "2026-03-31", "period_end": "2026-03-01"}
        )
        assert backwards.status_code == 422
        review = b.manager.post(
            "/improve/reviews",
            {"title": "2026年一季度管理评审", "period_start": "2026-01-01", "period_end": "2026-03-31"},
        )
        assert review.status_code == 201, review.content.decode()
        r = review.json()
        assert [c["number"] for c in r["agenda"]["major_cases"]] == [major]  # only the major one (P5.6)
        assert [x["id"] for x in r["agenda"]["open_proposals"]] == [p["id"]]
        assert_no_reporter(str(r["agenda"]))

        assert b.manager.post(f"/improve/reviews/{r['id']}/close", {}).status_code == 409
        r = b.manager.post(
            f"/improve/reviews/{r['id']}/minutes",
            {
                "minutes": "会议讨论了电梯超期未检问题和自动提醒建议。",
                "decisions": ["特监科一个月内完成辖区电梯检验到期排查", "采纳自动提醒建议"],
            },
        ).json()
        assert r["state"] == "held"
        first = r["decisions"][0]
        r = b.manager.post(
            f"/improve/reviews/{r['id']}/action",
            {"decision": first["id"], "department": "ts_special", "answer_days": 5},
        ).json()
        made = r["decisions"][0]
        assert made["number"].startswith("CA2026-")
        again = b.manager.post(
            f"/improve/reviews/{r['id']}/action", {"decision": first["id"], "department": "ts_special"}
        )
        assert again.status_code == 422  # a decision becomes one action
        ca = b.head.get(f"/improve/corrective-actions/{made['corrective_action']}").json()
        assert ca["problem"] == "特监科一个月内完成辖区电梯检验到期排查"
        assert ca["department"] == "ts_special" and ca["state"] == "issued"

        p = b.manager.post(f"/improve/proposals/{p['id']}/accept", {"note": "评审会采纳"}).json()
        assert p["state"] == "accepted"
        assert b.manager.post(f"/improve/proposals/{p['id']}/reject", {}).status_code == 409
        p = b.inspector.post(f"/improve/proposals/{p['id']}/implement", {"note": "提醒功能已上线"}).json()
        assert p["state"] == "implemented"
        assert [h["action"] for h in p["history"]] == ["create", "accept", "implement"]

        r = b.manager.post(f"/improve/reviews/{r['id']}/close", {"note": "决议均已落实到责任部门"}).json()
        assert r["state"] == "closed"
        assert [h["action"] for h in r["history"]] == ["plan", "minutes", "action", "close"]
