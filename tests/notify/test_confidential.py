"""P2.11: a confidential reporter never leaves the need-to-know list by a notice or a
webhook. A report carrying canary values (name, phone, e-mail, ID number) is registered,
escalated, transferred to the enforcement brigade with a reason naming the reporter,
resolved with a summary naming him, answered and handed to the inspection institute;
then every rendered notice to a person outside the need-to-know list and every webhook
body the receiver got is scanned for the canaries and their masked forms: none."""

from __future__ import annotations

from django.contrib.auth.models import User

from tests.servers import running_sink
from tousu.cases import personal
from tousu.cases.models import Complaint
from tousu.notify.models import Delivery, DeliveryState, WebhookEndpoint

from .helpers import drain, with_email

NAME, PHONE, EMAIL, ID_NUMBER = "甄秘密", "13912345678", "zhen.canary@example.cn", "440507198803071234"
CANARIES = [NAME, PHONE, EMAIL, ID_NUMBER]
MASKED = [
    personal.mask_name(NAME),
    personal.mask_phone(PHONE),
    personal.mask_email(EMAIL),
    personal.mask_id_number(ID_NUMBER),
]
REPORT = {
    "policy": "special-equipment",
    "channel": "hotline",
    "kind": "report",  # confidential by default (P2.11)
    "complainant_name": NAME,
    "complainant_phone": PHONE,
    "complainant_email": EMAIL,
    "complainant_id_number": ID_NUMBER,
    "category": "elevator",
    "equipment_type": "elevator",
    "equipment_stage": "inspection",
    "severity": "major",
    "content": f"我是{NAME}，电话{PHONE}。某商场扶梯维保记录造假，检验标志过期仍在运行。",
    "location": "龙湖区某商场",
}


def leaks(text: str) -> list[str]:
    return [value for value in CANARIES + MASKED if value in text]


def test_a_confidential_reporter_is_in_no_notice_outside_need_to_know_nor_in_any_webhook_p2_11(staff, smtp, settings):
    settings.TOUSU_JOBS_BACKOFF_SECONDS = 0
    receptionist = staff("receptionist", "ts_supervision")
    chief = staff("department_head", "ts_supervision")
    section_head = staff("department_head", "ts_special")
    brigade_head = staff("department_head", "ts_enforcement")
    investigator = staff("handler", "ts_enforcement")
    staff("executive", "special-equipment", username="director")
    staff("complaint_manager", "ts_supervision", username="acceptance_officer")
    for user in User.objects.all():
        with_email(user.username, f"{user.username}@bureau.example.cn")

    for sink in running_sink():
        WebhookEndpoint.objects.create(name="12345热线平台", url=f"{sink.url}/hook", secret="s", actions=[])
        created = receptionist.post("/complaints", REPORT)
        assert created.status_code == 201, created.content.decode()
        number = created.json()["number"]
        case = Complaint.objects.get(number=number)
        assert case.confidential and case.escalation_level == "executive"  # P2.15
        drain()  # the section the case was routed to hears of it before it moves on
        chief.act(number, "screen", decision="in_scope")
        chief.act(number, "hand_off", handoff="inspection", reason=f"请对{NAME}举报的扶梯复检")
        reason = f"举报人{NAME}（{PHONE}）反映的情况需立案查处"
        chief.act(number, "transfer", department="ts_enforcement", reason=reason)
        brigade_head.act(number, "assign", assignee=investigator.username)
        investigator.act(number, "plan", plan="调取维保记录，现场检查")
        summary = f"已立案查处，处罚到位；已电话告知举报人{NAME}（{PHONE}，{EMAIL}）。"
        investigator.act(number, "resolve", outcome="penalty", summary=summary)
        investigator.act(number, "reply", reply_kind="result", channel="email", text=f"{NAME}您好：{summary}")
        drain()
        drain()
        bodies = [request.body.decode() for request in sink.requests]

    # The webhook receiver is outside the organisation: no reporter at all, and it is
    # told whose case it is.
    assert len(bodies) >= 8
    for body in bodies:
        assert leaks(body) == [], body
    assert '"organisation": "special-equipment"' in bodies[0]

    case.refresh_from_db()
    sent = Delivery.objects.filter(complaint=case, user__isnull=False, state=DeliveryState.SENT)
    outside = [d for d in sent.select_related("user") if not personal.need_to_know(d.user, case)]
    told = {d.user.username for d in outside}
    # The chief, the section head, the brigade head and the director were told (the new
    # case, the transfer, the escalation P2.15, the result for filing P2.4) ...
    assert {chief.username, section_head.username, brigade_head.username, "director"} <= told
    assert any(NAME not in d.body and "立案查处" in d.body for d in outside)  # the texts still say what happened
    # ... and not one of their notices names the reporter, in full or masked.
    for delivery in outside:
        assert leaks(delivery.subject + delivery.body) == [], (delivery.kind, delivery.user, delivery.body)
    # The complainant's own mail keeps their name; the need-to-know list is not cut off.
    [own] = Delivery.objects.filter(complaint=case, user=None, kind="result", channel="email")
    assert NAME in own.body
    # Nor do the institute's people hear of him on their copy.
    for delivery in Delivery.objects.exclude(complaint=case).filter(user__isnull=False):
        assert leaks(delivery.subject + delivery.body) == []
