"""Contract service requests (P3.s1-s3) over the API: sales reviews the contract and
writes the service into it, splits a service plan into tasks for departments, the
departments report their tasks done, and sales verifies the result by the customer's
signature or a returned receipt."""

import time_machine

from tests.lifecycle.helpers import local


def test_service_request_from_contract_to_verification_p3_s1_s3(staff):
    sales = staff("handler", "sh_sales")
    technician = staff("handler", "sh_technical")
    quality = staff("handler", "sh_quality")
    with time_machine.travel(local(2026, 5, 6, 9, 0), tick=False):
        made = sales.post(
            "/improve/service-requests",
            {"contract_reference": "HT-2026-031", "customer": "汕头华信食品厂", "description": "两台灌装机年度保养"},
        )
        assert made.status_code == 201, made.content.decode()
        r = made.json()
        assert r["state"] == "requested"
        early = sales.post(f"/improve/service-requests/{r['id']}/plan", {"tasks": []})
        assert early.status_code == 422  # a plan has at least one task
        assert (
            technician.post(f"/improve/service-requests/{r['id']}/review", {"contract_review": "x"}).status_code == 403
        )
        r = sales.post(
            f"/improve/service-requests/{r['id']}/review",
            {"contract_review": "合同第7条约定每年保养一次，免费更换易损件；已写入服务条款。"},
        ).json()
        assert r["state"] == "reviewed"
        unknown = sales.post(
            f"/improve/service-requests/{r['id']}/plan",
            {"tasks": [{"department": "nope", "description": "x", "due": "2026-05-10"}]},
        )
        assert unknown.status_code == 422
        r = sales.post(
            f"/improve/service-requests/{r['id']}/plan",
            {
                "tasks": [
                    {"department": "sh_technical", "description": "现场保养两台灌装机", "due": "2026-05-12"},
                    {"department": "sh_quality", "description": "保养后性能检测", "due": "2026-05-13"},
                ]
            },
        ).json()
        assert r["state"] == "planned"
        technical, check = r["tasks"]
        assert (technical["department"], check["department"]) == ("sh_technical", "sh_quality")

    with time_machine.travel(local(2026, 5, 13, 9, 0), tick=False):
        r = sales.get(f"/improve/service-requests/{r['id']}").json()
        assert [t["overdue"] for t in r["tasks"]] == [True, False]
        # A department reports only its own tasks (P3.s2).
        refused = quality.post(
            f"/improve/service-requests/{r['id']}/task-done", {"task": technical["id"], "result": "x"}
        )
        assert refused.status_code == 403
        r = technician.post(
            f"/improve/service-requests/{r['id']}/task-done", {"task": technical["id"], "result": "已更换密封圈"}
        ).json()
        assert r["state"] == "planned"
        assert (
            sales.post(f"/improve/service-requests/{r['id']}/verify", {"verification": "signature"}).status_code == 409
        )
        r = quality.post(
            f"/improve/service-requests/{r['id']}/task-done", {"task": check["id"], "result": "检测合格"}
        ).json()
        assert r["state"] == "done"
        bad = sales.post(f"/improve/service-requests/{r['id']}/verify", {"verification": "email"})
        assert bad.status_code == 422
        r = sales.post(
            f"/improve/service-requests/{r['id']}/verify",
            {"verification": "receipt", "note": "客户回执已于5月13日寄回"},
        ).json()
        assert r["state"] == "verified" and r["verification"] == "receipt"
        assert [h["action"] for h in r["history"]] == ["create", "review", "plan", "task_done", "task_done", "verify"]
