"""Rewards for substantiated reports (P2.10) over the API: the special-equipment policy's
share (8%) of the penalty actually collected, approved by an executive other than the
proposer, the payment recorded; visible only to the roles allowed; the reporter never
named (P2.11)."""

import time_machine

from tests.improve.helpers import assert_no_reporter, bureau, closed_report, registered
from tests.lifecycle.helpers import local
from tests.web.conftest import PROPERTY_CASE


def test_reward_of_8_percent_approved_and_paid_p2_10_p2_11(staff):
    b = bureau(staff)
    executive = staff("executive", "ts_supervision")
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        number = closed_report(b)
        unproven = registered(b)

    # Handlers and heads do not see that rewards exist (P2.11): not found, not forbidden.
    assert b.head.get("/improve/rewards").status_code == 404
    assert b.head.post("/improve/rewards", {"case": number, "penalty_collected": "50000"}).status_code == 404

    not_true = b.manager.post("/improve/rewards", {"case": unproven, "penalty_collected": "1000"})
    assert not_true.status_code == 409
    assert not_true.json()["code"] == "not_substantiated"
    negative = b.manager.post("/improve/rewards", {"case": number, "penalty_collected": "-5"})
    assert negative.status_code == 422

    made = b.manager.post("/improve/rewards", {"case": number, "penalty_collected": "52345.67"})
    assert made.status_code == 201, made.content.decode()
    reward = made.json()
    assert reward["share"] == "0.0800"
    assert reward["amount"] == "4187.65"  # 52,345.67 × 8% = 4,187.6536 → 4,187.65
    assert reward["state"] == "proposed"
    again = b.manager.post("/improve/rewards", {"case": number, "penalty_collected": "1"})
    assert again.status_code == 409 and again.json()["code"] == "duplicate"

    early = b.manager.post(f"/improve/rewards/{reward['id']}/pay", {"payment_reference": "x", "paid_on": "2026-04-01"})
    assert early.status_code == 409  # not approved yet
    assert b.manager.post(f"/improve/rewards/{reward['id']}/approve", {}).status_code == 403  # not an approver
    reward = executive.post(f"/improve/rewards/{reward['id']}/approve", {"note": "同意按8%奖励"}).json()
    assert reward["state"] == "approved" and reward["approved_by"] == executive.username
    reward = b.manager.post(
        f"/improve/rewards/{reward['id']}/pay", {"payment_reference": "财务凭证2026-0412", "paid_on": "2026-04-12"}
    ).json()
    assert reward["state"] == "paid" and reward["paid_on"] == "2026-04-12"
    assert [h["action"] for h in reward["history"]] == ["propose", "approve", "pay"]
    assert_no_reporter(str(b.manager.get("/improve/rewards").json()))


def test_a_policy_without_reward_share_pays_none(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    manager = staff("complaint_manager", "wy_office")
    case = receptionist.post("/complaints", PROPERTY_CASE).json()
    refused = manager.post("/improve/rewards", {"case": case["number"], "penalty_collected": "100"})
    assert refused.status_code == 409 and refused.json()["code"] == "no_rewards"
