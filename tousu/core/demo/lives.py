"""The life of a demo case under each of the five policies, step by step as the
procedure says, stopping where the story's outcome says (a case still open, or closed).

Outcomes: registered, accepted, assigned, in_progress, resolved, reopened, closed,
closed_reopened, withdrawn, merged, and per policy: to_be_improved, improved_closed (P4),
referred, malicious, extended, extended_open (P2), invalid (P5).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tousu.cases.models import Complaint
from tousu.core.demo.people import Person
from tousu.core.demo.walk import DAY, FOLLOW_UPS, SIGN_OFFS, WITHDRAWALS, Walk

DUPLICATED_FIELDS = (
    "complainant_name complainant_phone complainant_unit complainant_address contact_person complainant_email "
    "subject_org equipment_type equipment_stage location region category"
).split()


def _payload(w: Walk, base: dict[str, Any], duplicate_of: Complaint | None) -> dict[str, Any]:
    """The registration form; a repeated complaint carries the earlier one's details."""
    if duplicate_of is None:
        return base
    fields = {name: getattr(duplicate_of, name) for name in DUPLICATED_FIELDS if getattr(duplicate_of, name)}
    content = f"再次反映：{duplicate_of.content}"
    return {"channel": base["channel"], **fields, "content": content[:2000], "request": duplicate_of.request}


def _merge_or_withdraw(w: Walk, outcome: str, actor: Any, duplicate_of: Complaint | None) -> bool:
    if outcome == "merged" and duplicate_of is not None:
        w.act("merge", actor, 0.2, 2, into=duplicate_of.number, note="与此前投诉为同一事项，合并处理。")
        return True
    if outcome == "withdrawn":
        w.act("withdraw", actor, 2, 30, reason=w.rng.choice(WITHDRAWALS))
        return True
    return False


def _follow_ups(w: Walk, actor: Any, days: float) -> None:
    """P4.8: while the case is handled, someone follows up about every 3 days."""
    while days > 2.6:
        step = w.rng.uniform(1.8, 2.6)
        w.act("follow_up", actor, step * DAY, step * DAY, note=w.rng.choice(FOLLOW_UPS))
        days -= step


# --- P4 property-office ---------------------------------------------------------------
def property_office(w: Walk, person: Person, outcome: str, major: bool, duplicate_of: Complaint | None) -> None:
    tpl, rng, cast, policy = w.template, w.rng, w.cast, w.policy
    channel = w.slots["channel"]
    base = {
        "channel": channel,
        "complainant_name": person.name,
        "complainant_phone": person.phone,
        "complainant_unit": w.slots["unit"],
        "complainant_address": f"锦绣华庭{w.slots['unit']}",
        "category": tpl.category,
        "content": w.text(tpl.content),
        "request": w.text(tpl.request),
    }
    if tpl.severity:
        base["severity"] = tpl.severity
    recep = cast.receptionist(rng, policy, "wy_customer_service")
    w.register(_payload(w, base, duplicate_of), recep)  # P4.4.4: the first receiver follows it to the end
    urgent = w.c.urgent
    if outcome == "registered":
        if rng.random() < 0.5:
            w.first_reply(recep, office=not urgent)
        return
    w.first_reply(recep, 0.1, 1.6, office=not urgent)  # P4.6.1
    if major:
        w.act(
            "classify", recep, 0.1, 0.5, office=False, severity="major", note="影响人身安全，按重大投诉上报管理处主任。"
        )
    if _merge_or_withdraw(w, outcome, recep, duplicate_of):
        return
    head = cast.head(policy, w.dept)
    handler = cast.handler(rng, policy, w.dept)
    if urgent:
        w.act("assign", head, 0.1, 1.0, office=False, assignee=handler.username)  # P4.7.1 same day
    else:
        w.act("assign", head, 0.5, 5, assignee=handler.username)
    if outcome == "assigned":
        if rng.random() < 0.4:
            w.act("follow_up", recep, 1.5 * DAY, 2.5 * DAY, note=rng.choice(FOLLOW_UPS))
        return
    _follow_ups(w, recep, rng.uniform(0.2, 5.5))
    w.responsibility(handler, 1, 10)  # P4.5.3 cause-finding
    if outcome in ("to_be_improved", "improved_closed") and tpl.set_aside:
        reason, plan = tpl.set_aside
        w.act(
            "set_aside", handler, 2, 24, reason=reason, improvement_plan=plan, target_date=w.day(rng.randint(30, 120))
        )
        w.act(
            "reply", recep, 1, 6, reply_kind="explanation", channel=w.reply_channel(result=True), text=f"{reason}{plan}"
        )
        if outcome == "to_be_improved":
            if rng.random() < 0.5:
                w.callback(recep, "basically_satisfied", comments="业主表示理解，希望按计划落实整改。")
            return
        w.callback(recep, "basically_satisfied", comments="业主认可改进计划，同意先行结案并持续关注。")
        w.act("sign_off", head, 2, 30, opinion="属历史遗留问题，按改进计划跟进，同意结案。")
        w.act("close", recep, 0.2, 4)
        return
    w.resolve(handler, 1, 30)
    w.result_reply(recep, 0.3, 4)
    if outcome == "resolved":
        return
    if outcome in ("reopened", "closed_reopened"):
        w.callback(recep, "unsatisfied", comments=tpl.again)
        w.act("reopen", recep, 0.2, 2, reason=tpl.again)  # P4.10
        if outcome == "reopened":
            return
        w.act("follow_up", recep, 0.5 * DAY, 1.5 * DAY, note="返工处理中，已通知责任部门重新排查。")
        w.resolve(handler, 2, 30, again=True)
        w.result_reply(recep, 0.3, 4)
    w.satisfied_callback(recep)  # P4.9 within 2 working days
    w.act("sign_off", head, 1, 30, opinion=rng.choice(SIGN_OFFS))  # P4.5.3
    w.act("close", recep, 0.2, 4)


# --- P2 special-equipment -------------------------------------------------------------
def special_equipment(w: Walk, person: Person, outcome: str, major: bool, duplicate_of: Complaint | None) -> None:
    tpl, rng, cast, policy = w.template, w.rng, w.cast, w.policy
    channel = w.slots["channel"]
    equipment_type, stage = tpl.equipment or ("elevator", "use")
    anonymous = rng.random() < 0.15 and not tpl.malicious
    base: dict[str, Any] = {
        "channel": channel,
        "kind": "report" if tpl.subject or tpl.malicious else rng.choice(("complaint", "report")),
        "equipment_type": equipment_type,
        "equipment_stage": stage,
        "category": tpl.category,
        "location": w.text(f"汕头市{{district}}{{road}}{{number}}号{'' if not tpl.subject else ' ' + tpl.subject}"),
        "subject_org": w.text(tpl.subject),
        "content": w.text(tpl.content),
        "request": w.text(tpl.request),
        "anonymous": anonymous,
        "confidential": anonymous or rng.random() < 0.5,  # P2.11
    }
    if not anonymous:
        base |= {"complainant_name": person.name, "complainant_phone": person.phone}
    if channel == "email" and not anonymous:
        base["complainant_email"] = f"jubao{rng.randrange(1000, 9999)}@163.com"
    if channel == "letter" and not anonymous:
        base["complainant_address"] = w.text("汕头市{district}{road}{number}号")
    if tpl.severity:
        base["severity"] = tpl.severity
    if major:
        base["severity"] = "major"
    intake_dept = "ts_12365" if channel == "hotline" else "ts_supervision"
    recep = cast.receptionist(rng, policy, intake_dept)
    manager = cast.manager(policy)
    w.register(_payload(w, base, duplicate_of), recep)
    if outcome == "registered":
        return
    # P2.8 screening by the supervision body; referral and malicious cases end here.
    if outcome == "referred" and tpl.referral:
        target, explanation = tpl.referral
        w.act("screen", manager, 0.3, 4, decision="out_of_scope", referral_target=target, explanation=explanation)
        return
    if outcome == "malicious" and tpl.malicious:
        record, passed_to = tpl.malicious
        w.act("screen", manager, 2, 30, decision="malicious", passed_to=passed_to, note=record)
        return
    w.act("screen", manager, 0.2, 3, decision="in_scope")
    if w.c.escalation_level:
        chief = cast.executive(policy)
        w.act("note", chief, 0.2, 3, note="局领导批示：立即组织检查，消除隐患，确保人身安全（P2.15）。")
    if outcome == "accepted" or _merge_or_withdraw(w, outcome, manager, duplicate_of):
        return
    head = cast.head(policy, w.dept)
    handler = cast.handler(rng, policy, w.dept)
    w.act("assign", head, 0.3, 5, assignee=handler.username)  # P2.6 same day, P2.9 who is responsible
    if outcome == "assigned":
        return
    w.act("plan", handler, 3, 2 * DAY, plan=w.text(tpl.plan or "由承办科室3日内赴现场核查，依法处理。"))  # P2.9
    if outcome in ("extended", "extended_open") and tpl.transfer:
        # P2.4: testing goes to the inspection institute, a formal investigation to the
        # enforcement brigade; P2.9 the 15 days are extended (顺延) as those require.
        target = "ts_inspection" if tpl.transfer == "inspection" else "ts_enforcement"
        why = "涉及检验检测" if tpl.transfer == "inspection" else "需立案查处"
        w.act("transfer", head, 2, 2 * DAY, department=target, reason=f"{why}，依规移交（P2.4）")
        w.act("assign", cast.head(policy, target), 0.5, 6, assignee=cast.handler(rng, policy, target).username)
        w.act(
            "extend",
            cast.head(policy, "ts_supervision"),
            1,
            DAY,
            clock="result",
            amount=rng.choice((15, 20, 30)),
            unit="calendar_days",
            reason=f"{why}，处理期限按程序顺延（P2.9）",
        )
        handler = w.c.assignee or handler
        if outcome == "extended_open":
            w.act("note", handler, 1 * DAY, 4 * DAY, note="已完成现场取证，等待检验报告/案件审理结果。")
            return
        w.act("note", handler, 3 * DAY, 10 * DAY, note="检验/调查结果已报安全监察机构备存（P2.4）。")
        w.resolve(handler, 2 * DAY, 10 * DAY)
    else:
        if outcome in ("in_progress", "extended_open"):
            return
        w.resolve(handler, 1 * DAY, 9 * DAY)
    if tpl.outcome == "penalty" and not w.c.anonymous:
        reward = int(w.slots["penalty"] * 0.08)
        w.act("note", manager, 2, 3 * DAY, note=f"举报属实，按罚没到位款8%给予举报人奖励{reward}元（P2.10）。")
    if outcome == "resolved":
        return
    w.result_reply(manager, 0.5, 2 * DAY)  # P2.9 the reporter is told
    w.act("close", manager, 0.2, 6)


# --- P3 after-sales -------------------------------------------------------------------
def after_sales(w: Walk, person: Person, outcome: str, major: bool, duplicate_of: Complaint | None) -> None:
    tpl, rng, cast, policy = w.template, w.rng, w.cast, w.policy
    channel = w.slots["channel"]
    base: dict[str, Any] = {
        "channel": channel,
        "kind": tpl.kind or "complaint",
        "complainant_name": person.name,
        "complainant_phone": person.phone,
        "contact_person": person.name,
        "complainant_address": w.text("{province}{city}市 {company}"),
        "subject_org": w.text("{model}"),
        "location": w.text("{company}"),
        "region": w.slots["region"],
        "category": tpl.category,
        "content": w.text(tpl.content),
        "request": w.text(tpl.request),
    }
    if tpl.quality:
        base["quality"] = tpl.quality
    if channel == "email":
        base["complainant_email"] = (
            f"{rng.choice(('purchase', 'sbk', 'equipment', 'service'))}@{rng.randrange(100, 999)}.cn"
        )
    if tpl.severity:
        base["severity"] = tpl.severity
    recep = cast.receptionist(rng, policy, "sh_customer_service")  # P3.a the named person
    w.register(_payload(w, base, duplicate_of), recep)
    if w.c.escalation_level:
        w.act("note", cast.executive(policy), 0.3, 4, note="总经理批示：立即停用同批次产品，全面排查并召回（P3.h1）。")
    if outcome == "registered" or _merge_or_withdraw(w, outcome, recep, duplicate_of):
        return
    quality_case = w.dept == "sh_quality"
    head = cast.head(policy, w.dept)
    if quality_case or w.c.kind == "service_request":
        # P3.d the quality department's handling opinion / P3.s2 sales' service plan, then
        # a technician of the technical service department is sent.
        technician = cast.handler(rng, policy, "sh_technical")
        opinion = "质检部处理意见" if quality_case else "服务实施计划"
        w.act(
            "assign",
            head,
            0.3,
            5,
            department="sh_technical" if cast.member_of(technician, "sh_technical") else w.dept,
            assignee=technician.username,
            note=f"{opinion}：会同技术部门分析，派技术员{technician.staff.display_name}赴现场检查处理。",
        )
        doer = technician
        judge = cast.handler(rng, policy, "sh_quality") if quality_case else doer
    else:
        doer = cast.handler(rng, policy, w.dept)
        w.act("assign", head, 0.5, 8, assignee=doer.username)  # P3.b the receiver negotiates
        judge = doer
    if outcome == "assigned":
        return
    travel = {"same_province": (0.5, 2.5), "other_province": (2, 6), "remote": (4, 9)}[w.slots["region"]]
    _site_visit(w, doer, travel, person)  # P3.e-h
    if outcome == "in_progress":
        return
    w.responsibility(judge, 2, 2 * DAY)  # P3.g
    w.resolve(doer, 1, 2 * DAY)
    if tpl.responsibility == "own_fault" and quality_case:
        w.act(
            "note",
            cast.head(policy, "sh_quality"),
            2,
            2 * DAY,
            note="已向责任部门发出纠正措施通知单，纳入改进控制（P3.i）。",
        )
    w.result_reply(recep, 1, 2 * DAY)
    if outcome == "resolved":
        return
    if outcome in ("reopened", "closed_reopened"):
        w.callback(recep, "unsatisfied", lo=2 * DAY, hi=6 * DAY, comments=tpl.again)
        w.act("reopen", recep, 0.3, 4, reason=tpl.again)
        if outcome == "reopened":
            return
        _site_visit(w, doer, travel, person)
        w.resolve(doer, 1, DAY, again=True)
        w.result_reply(recep, 1, DAY)
    w.satisfied_callback(recep, lo=2 * DAY, hi=7 * DAY)  # P3.b until the customer is satisfied
    w.act("close", recep, 0.5, DAY)


def _site_visit(w: Walk, technician: Any, travel: tuple[float, float], person: Person) -> None:
    start = w.t
    done_at = w.later(travel[0] * DAY, travel[1] * DAY)
    arrived = max(start, done_at - (done_at - start) * w.rng.uniform(0.05, 0.2))
    w.act_at(
        done_at,
        "site_visit",
        technician,
        technician=technician.staff.display_name,
        arrived_at=arrived.isoformat(),
        findings=w.text(w.template.findings or "现场检查，查明原因。"),
        work_done=w.text(w.template.work_done or "已现场处理。"),
        customer_confirmed=True,
        customer_signature=person.name,
    )


# --- P1 rental-complaints -------------------------------------------------------------
def rental_complaints(w: Walk, person: Person, outcome: str, major: bool, duplicate_of: Complaint | None) -> None:
    tpl, rng, cast, policy = w.template, w.rng, w.cast, w.policy
    channel = w.slots["channel"]
    base: dict[str, Any] = {
        "channel": channel,
        "kind": tpl.kind or "complaint",
        "complainant_name": person.name,
        "complainant_phone": person.phone,
        "complainant_unit": w.text("{room}"),
        "complainant_address": w.text("深圳市 {apartment} {room}"),
        "subject_department": "",
        "category": tpl.category,
        "content": w.text(tpl.content),
        "request": w.text(tpl.request),
    }
    if tpl.severity:
        base["severity"] = tpl.severity
    if channel == "email":
        base["complainant_email"] = f"tenant{rng.randrange(10000, 99999)}@qq.com"
    recep = cast.receptionist(rng, policy, "zl_complaints")
    if channel == "front_line":
        intake = cast.handler(rng, policy, "zl_housekeepers")  # P1.2 front-line staff file the case
    elif channel == "internal":
        intake = cast.handler(rng, policy, "zl_complaints")
    else:
        intake = recep
    w.register(_payload(w, base, duplicate_of), intake)
    if w.c.escalation_level == "executive":
        w.act("note", cast.head(policy, "zl_pr"), 0.5, 6, note="已启动危机公关预案，统一对外口径，跟进媒体动态。")
    if outcome == "registered":
        return
    if w.c.kind != "filing":
        w.first_reply(recep, 0.3, 12)  # first contact within 24 hours
    if _merge_or_withdraw(w, outcome, recep, duplicate_of):
        return
    router = cast.manager(policy) if w.dept == "zl_complaints" else cast.head(policy, w.dept)
    handler = cast.handler(rng, policy, w.dept)
    w.act("assign", router, 0.3, 6, office=not w.c.urgent, assignee=handler.username)
    if outcome == "assigned":
        return
    w.act("plan", handler, 1, 20, plan=w.text(tpl.plan or "按公司服务规范处理并答复客户。"))  # P1.2 方案回复
    if w.c.kind != "filing":
        w.act(
            "reply",
            recep,
            0.5,
            6,
            reply_kind="second",
            channel=w.reply_channel(result=False),
            text=w.text(tpl.plan or tpl.resolution),
        )
    if outcome == "in_progress":
        return
    w.responsibility(cast.manager(policy), 0.5 * DAY, 3 * DAY)  # P1.4 责任判定
    w.resolve(handler, 2, 3 * DAY)
    if outcome == "resolved":
        return
    if outcome in ("reopened", "closed_reopened"):
        w.callback(recep, "unsatisfied", comments=tpl.again)
        w.act("reopen", recep, 0.3, 4, reason=tpl.again)
        if outcome == "reopened":
            return
        w.resolve(handler, 0.5 * DAY, 4 * DAY, again=True)
    w.satisfied_callback(recep)
    w.act("close", recep, 0.2, 6)


# --- P5 property-rules ----------------------------------------------------------------
def property_rules(w: Walk, person: Person, outcome: str, major: bool, duplicate_of: Complaint | None) -> None:
    tpl, rng, cast, policy = w.template, w.rng, w.cast, w.policy
    channel = w.slots["channel"]
    relative = rng.random() < 0.2
    base: dict[str, Any] = {
        "channel": channel,
        "complainant_name": person.name,
        "complainant_phone": person.phone,
        "complainant_unit": w.text("{estate}{unit}"),
        "contact_person": person.name[0] + rng.choice(GIVEN_SHORT) if relative else person.name,
        "category": tpl.category,
        "content": w.text(tpl.content),
        "request": w.text(tpl.request),
    }
    if channel == "letter":
        base["complainant_address"] = w.text("{estate}{unit}")
    if channel == "email":
        base["complainant_email"] = f"yezhu{rng.randrange(1000, 99999)}@126.com"
    if tpl.severity:
        base["severity"] = tpl.severity
    if major:
        base["severity"] = "major"
    recep = cast.receptionist(rng, policy, "wg_customer_service")  # P5.1 reception log
    w.register(_payload(w, base, duplicate_of), recep)
    if outcome == "registered":
        return
    butler = cast.handler(rng, policy, "wg_customer_service")
    hours = (0.3, 5) if channel in ("phone", "visit") else (2, 20)
    if outcome == "invalid" and tpl.invalid:
        w.act(
            "verify",
            butler,
            *hours,
            decision="invalid",
            findings="经现场核实，不属于物业责任。",
            explanation=tpl.invalid,
        )
        return  # P5.2 the butler explains to the owner
    w.act("verify", butler, *hours, decision="valid", findings="经与相关部门现场核实，情况属实。")
    if w.c.escalation_level == "executive":
        w.act("note", cast.executive(policy), 1, 8, note="重大投诉，提交管理评审（P5.6）。")
    if outcome == "accepted" or _merge_or_withdraw(w, outcome, recep, duplicate_of):
        return
    head = cast.head(policy, w.dept)
    handler = cast.handler(rng, policy, w.dept)
    w.act("assign", head, 0.2, 3, assignee=handler.username)  # P5.2 to the department concerned
    if outcome == "assigned":
        return
    serious = w.c.severity != "general"
    w.resolve(handler, 1 * DAY if serious else 1, 6 * DAY if serious else 20)  # P5.3
    if outcome == "resolved":
        return
    w.result_reply(recep, 0.5, 8)  # P5.4, in writing for a letter
    if outcome in ("reopened", "closed_reopened"):
        w.callback(recep, "unsatisfied", comments=tpl.again)
        w.act("reopen", recep, 0.3, 4, reason=tpl.again)
        if outcome == "reopened":
            return
        w.resolve(handler, 3, 2 * DAY, again=True)
        w.result_reply(recep, 0.5, 8)
    if rng.random() < 0.15:
        w.act("callback", recep, 18, 30, reached=False, channel="phone", comments="电话无人接听，次日再次回访。")
    w.satisfied_callback(recep)  # P5.5
    w.act("close", recep, 0.2, 6)


GIVEN_SHORT = ("伟", "芳", "娜", "强", "敏", "静", "军", "丽", "杰", "婷")

Life = Callable[[Walk, Person, str, bool, "Complaint | None"], None]
LIVES: dict[str, Life] = {
    "property-office": property_office,
    "special-equipment": special_equipment,
    "after-sales": after_sales,
    "rental-complaints": rental_complaints,
    "property-rules": property_rules,
}
