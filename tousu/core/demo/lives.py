"""The life of a demo case under each of the five policies, step by step as the
procedure says, stopping where the story's outcome says (a case still open, or closed).

Every step is taken by the person the procedure names, found in the demo organisations
(tousu.core.demo.walk.Cast): the receptionist of the office that took the call, the head
of the department the case was routed to, the butler of the building, the inspector of
the institute the case was handed to.

Outcomes: registered, accepted, assigned, in_progress, resolved, reopened, closed,
closed_reopened, withdrawn, merged, and per policy: to_be_improved, improved_closed (P4),
referred, malicious, extended and extended_open (handed to the inspection institute),
investigated and investigating (transferred to the enforcement brigade) (P2), invalid (P5).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tousu.cases.models import Complaint, Handoff
from tousu.cases.vocab import Role
from tousu.core.demo import safety
from tousu.core.demo.people import Person
from tousu.core.demo.walk import DAY, FOLLOW_UPS, SIGN_OFFS, WITHDRAWALS, Walk

DUPLICATED_FIELDS = (
    "complainant_name complainant_phone complainant_unit complainant_address contact_person complainant_email "
    "subject_org subject_person equipment_type equipment_stage location region category"
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
    tpl, rng, cast = w.template, w.rng, w.cast
    homes = cast.homes(w.policy)
    # Both offices take complaints; a repeated complaint comes to the office of the first.
    home = duplicate_of.home_id if duplicate_of is not None and duplicate_of.home_id in homes else rng.choice(homes)
    estate = cast.tree.nodes[home].name.removesuffix("管理处")
    channel = w.slots["channel"]
    base = {
        "channel": channel,
        "complainant_name": person.name,
        "complainant_phone": person.phone,
        "complainant_unit": w.slots["unit"],
        "complainant_address": f"{estate}{w.slots['unit']}",
        "category": tpl.category,
        "content": w.text(tpl.content),
        "request": w.text(tpl.request),
    }
    if tpl.severity:
        base["severity"] = tpl.severity
    recep = cast.receptionist(rng, home, "wy_customer_service")
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
        # P4.5.3: major problems go to the office manager at once.
        w.act("note", cast.executive(w.home), 0.2, 2, office=False, note="管理处主任批示：立即组织排查，落实整改。")
    if _merge_or_withdraw(w, outcome, recep, duplicate_of):
        return
    head = cast.head(w.dept_id)
    handler = cast.handler(rng, w.dept_id)
    # P4.8: the butler of the building follows the complaint up; customer service where none covers it.
    follower = cast.butler(w.home, w.c.area) or recep
    if urgent:
        w.act("assign", head, 0.1, 1.0, office=False, assignee=handler.username)  # P4.7.1 same day
    else:
        w.act("assign", head, 0.5, 5, assignee=handler.username)
    if outcome == "assigned":
        if rng.random() < 0.4:
            w.act("follow_up", follower, 1.5 * DAY, 2.5 * DAY, note=rng.choice(FOLLOW_UPS))
        return
    _follow_ups(w, follower, rng.uniform(0.2, 5.5))
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
        w.act("follow_up", follower, 0.5 * DAY, 1.5 * DAY, note="返工处理中，已通知责任部门重新排查。")
        w.resolve(handler, 2, 30, again=True)
        w.result_reply(recep, 0.3, 4)
    w.satisfied_callback(recep)  # P4.9 within 2 working days
    w.act("sign_off", head, 1, 30, opinion=rng.choice(SIGN_OFFS))  # P4.5.3 the head of the department concerned
    w.act("close", recep, 0.2, 4)


# --- P2 special-equipment -------------------------------------------------------------
def special_equipment(w: Walk, person: Person, outcome: str, major: bool, duplicate_of: Complaint | None) -> None:
    tpl, rng, cast = w.template, w.rng, w.cast
    home = cast.homes(w.policy)[0]
    channel = w.slots["channel"]
    equipment_type, stage = tpl.equipment or ("elevator", "use")
    anonymous = rng.random() < 0.15 and not tpl.malicious
    kind = "report" if tpl.subject or tpl.malicious else rng.choice(("complaint", "report"))
    base: dict[str, Any] = {
        "channel": channel,
        "kind": kind,
        "equipment_type": equipment_type,
        "equipment_stage": stage,
        "category": tpl.category,
        "location": w.text(f"汕头市{{district}}{{road}}{{number}}号{'' if not tpl.subject else ' ' + tpl.subject}"),
        "subject_org": w.text(tpl.subject),
        "subject_person": tpl.subject_person,
        "content": w.text(tpl.content),
        "request": w.text(tpl.request),
        "anonymous": anonymous,
    }
    # P2.11: a report is confidential unless the reporter waives it (recorded); a
    # complaint may ask for it.
    if kind == "report" and not anonymous and not tpl.subject_person and rng.random() < 0.15:
        base |= {"confidential": False, "confidentiality_waived": True}
    elif kind == "complaint":
        base["confidential"] = anonymous or rng.random() < 0.3
    if not anonymous:
        base |= {"complainant_name": person.name, "complainant_phone": person.phone}
    if channel == "email" and not anonymous:
        base["complainant_email"] = safety.email(rng, f"jubao{rng.randrange(1000, 9999)}")
    if channel == "letter" and not anonymous:
        base["complainant_address"] = w.text("汕头市{district}{road}{number}号")
    if tpl.severity:
        base["severity"] = tpl.severity
    if major:
        base["severity"] = "major"
    # P2.6: the 12365 centre takes the hotline; the supervision body what comes to it.
    recep = cast.receptionist(rng, home, "ts_12365" if channel == "hotline" else "ts_supervision")
    manager = cast.manager(home)  # the officer in charge of complaints and reports
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
        chief = cast.executive(home)
        w.act("note", chief, 0.2, 3, note="局领导批示：立即组织检查，消除隐患，确保人身安全（P2.15）。")
    if outcome == "accepted" or _merge_or_withdraw(w, outcome, manager, duplicate_of):
        return
    head = cast.head(w.dept_id)
    handler = cast.handler(rng, w.dept_id)
    w.act("assign", head, 0.3, 5, assignee=handler.username)  # P2.6 same day, P2.9 who is responsible
    if outcome == "assigned":
        return
    w.act("plan", handler, 3, 2 * DAY, plan=w.text(tpl.plan or "由承办科室3日内赴现场核查，依法处理。"))  # P2.9
    if outcome in ("extended", "extended_open") and tpl.transfer == "inspection":
        # P2.4: testing is for the inspection institute, another organisation: a copy of
        # what it needs goes there (never the reporter), its result comes back here.
        w.act(
            "hand_off", head, 2, 2 * DAY, handoff="inspection", reason="涉及检验检测，依规移交特种设备检验机构（P2.4）"
        )
        _extend(w, manager, "涉及检验检测")
        copy = Handoff.objects.filter(origin=w.c, code="inspection").latest("sent_at").copy
        if not _inspected(w, copy, finish=outcome == "extended"):
            return
        w.reload()
        w.act("note", handler, 1, DAY, note="已收到检验所报回的检验结论，据此依法处理（P2.4）。")
        w.resolve(handler, 2 * DAY, 6 * DAY)
    elif outcome in ("investigated", "investigating") and tpl.transfer == "enforcement":
        # P2.4: a formal investigation (立案查处) goes to the bureau's enforcement brigade.
        w.act("transfer", head, 2, 2 * DAY, department="ts_enforcement", reason="需立案查处，依规移交稽查大队（P2.4）")
        brigade = w.dept_id
        investigator = cast.handler(rng, brigade)
        w.act("assign", cast.head(brigade), 0.5, 6, assignee=investigator.username)
        _extend(w, manager, "需立案查处")
        if outcome == "investigating":
            w.act("note", investigator, 1 * DAY, 4 * DAY, note="已完成现场取证，等待案件审理结果。")
            return
        w.act("note", investigator, 3 * DAY, 10 * DAY, note="调查结果已报安全监察机构备存（P2.4）。")
        w.resolve(investigator, 2 * DAY, 10 * DAY)
    else:
        if outcome in ("in_progress", "extended_open", "investigating"):
            return
        w.resolve(handler, 1 * DAY, 9 * DAY)
    if tpl.outcome == "penalty" and not w.c.anonymous:
        reward = int(w.slots["penalty"] * 0.08)
        w.act("note", manager, 2, 3 * DAY, note=f"举报属实，按罚没到位款8%给予举报人奖励{reward}元（P2.10）。")
    if outcome == "resolved":
        return
    w.result_reply(manager, 0.5, 2 * DAY)  # P2.9 the reporter is told
    w.act("close", manager, 0.2, 6)


def _extend(w: Walk, approver: Any, why: str) -> None:
    """P2.9: the 15 days are extended (顺延) as inspection or investigation requires."""
    w.act(
        "extend",
        approver,
        1,
        DAY,
        clock="result",
        amount=w.rng.choice((15, 20, 30)),
        unit="calendar_days",
        reason=f"{why}，处理期限按程序顺延（P2.9）",
    )


def _inspected(w: Walk, copy: Complaint, *, finish: bool) -> bool:
    """The institute's side of P2.4, by its own people: the head of the laboratory the
    copy was routed to names a certified inspector, who plans the inspection and, when
    it is done, reports the result back onto the bureau's case. True when reported back."""
    cast, rng = w.cast, w.rng
    home = copy.home_id
    lab = copy.department_id
    if home is None or lab is None:
        raise LookupError(f"{copy.number} was not placed in the institute")
    inspectors = [u for u in cast.people(lab, duty="inspector") if u not in cast.people(lab, role=Role.DEPARTMENT_HEAD)]
    inspector = cast.one(rng, inspectors or cast.within(home, duty="inspector"), "inspect")
    head = cast.head(lab) if cast.people(lab, role=Role.DEPARTMENT_HEAD) else cast.executive(home)
    who = inspector.staff.display_name
    if not finish and rng.random() < 0.3:
        return False  # just arrived: waiting for the laboratory to name an inspector
    copy = w.act_on(copy, "assign", head, 1, 8, assignee=inspector.username)
    plan = f"由{who}于5个工作日内赴现场对设备进行检验，出具检验报告后报回安全监察机构。"
    copy = w.act_on(copy, "plan", inspector, 2, DAY, plan=plan)
    if not finish:
        return False
    summary = "检验结论：" + w.text(w.template.findings or "设备存在安全隐患，已出具检验意见书，需整改后复检。")
    copy = w.act_on(copy, "resolve", inspector, 2 * DAY, 8 * DAY, outcome="rectification", summary=summary)
    w.act_on(copy, "report_back", inspector, 1, 6, outcome="rectification", summary=summary)
    return True


# --- P3 after-sales -------------------------------------------------------------------
def after_sales(w: Walk, person: Person, outcome: str, major: bool, duplicate_of: Complaint | None) -> None:
    tpl, rng, cast = w.template, w.rng, w.cast
    home = cast.homes(w.policy)[0]
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
        base["complainant_email"] = safety.email(rng, rng.choice(("purchase", "sbk", "equipment", "service")))
    if tpl.severity:
        base["severity"] = tpl.severity
    recep = cast.receptionist(rng, home, "sh_customer_service")  # P3.a the named person
    w.register(_payload(w, base, duplicate_of), recep)
    if w.c.escalation_level:
        w.act("note", cast.executive(home), 0.3, 4, note="总经理批示：立即停用同批次产品，全面排查并召回（P3.h1）。")
    if outcome == "registered" or _merge_or_withdraw(w, outcome, recep, duplicate_of):
        return
    quality_case = cast.tree.nodes[w.dept_id].plays == "sh_quality"
    head = cast.head(w.dept_id)
    if quality_case:
        # P3.d the quality department writes its handling opinion and hands the form to a
        # technician; P3.f only its own or the technical service's qualified staff.
        doer = _technician(w)
        opinion = f"质检部处理意见：会同技术部门分析，派{doer.staff.display_name}赴现场检查处理。"
        w.act("assign", head, 0.3, 5, assignee=doer.username, note=opinion)
        judge = cast.with_duty(rng, w.unit("sh_quality"), "inspector")
    elif w.c.kind == "service_request":
        # P3.s2 sales' service plan divides the work: the technical service sends one.
        doer = _technician(w)
        unit = cast.tree.nodes[_unit_of(w, doer)].code
        plan = f"服务实施计划：派技术员{doer.staff.display_name}赴现场服务。"
        w.act("assign", head, 0.3, 5, department=unit, assignee=doer.username, note=plan)
        judge = doer
    else:
        doer = cast.handler(rng, w.dept_id)
        w.act("assign", head, 0.5, 8, assignee=doer.username)  # P3.b the receiver negotiates
        judge = doer
    if outcome == "assigned":
        return
    travel = {"same_province": (0.5, 2.5), "other_province": (2, 6), "remote": (4, 9)}[w.slots["region"]]
    on_site = quality_case or w.c.kind == "service_request"
    if on_site:
        _site_visit(w, doer, travel, person)  # P3.e-h
    else:
        w.act("note", doer, 2, DAY, note="已与客户电话协商处理方案，客户同意按此办理（P3.b）。")
    if outcome == "in_progress":
        return
    w.responsibility(judge, 2, 2 * DAY)  # P3.g
    w.resolve(doer, 1, 2 * DAY)
    if tpl.responsibility == "own_fault" and quality_case:
        w.act("note", head, 2, 2 * DAY, note="已向责任部门发出纠正措施通知单，纳入改进控制（P3.i）。")
    w.result_reply(recep, 1, 2 * DAY)
    if outcome == "resolved":
        return
    if outcome in ("reopened", "closed_reopened"):
        w.callback(recep, "unsatisfied", lo=2 * DAY, hi=6 * DAY, comments=tpl.again)
        w.act("reopen", recep, 0.3, 4, reason=tpl.again)
        if outcome == "reopened":
            return
        if on_site:
            _site_visit(w, doer, travel, person)
        w.resolve(doer, 1, DAY, again=True)
        w.result_reply(recep, 1, DAY)
    w.satisfied_callback(recep, lo=2 * DAY, hi=7 * DAY)  # P3.b until the customer is satisfied
    w.act("close", recep, 0.5, DAY)


def _technician(w: Walk) -> Any:
    """P3.e-f: a qualified technician whose area is the customer's region (the technical
    service department for the province, its service stations beyond)."""
    region = w.slots["region"]
    units = w.cast.tree.subtree(w.unit("sh_technical"))
    if w.cast.tree.nodes[w.dept_id].plays == "sh_quality":
        units.append(w.dept_id)  # the quality department's own technicians too (P3.f)
    pool = [
        user
        for unit in sorted(units)
        for position, user in w.cast.at.get(unit, [])
        if "technician" in position.duty_set and region in position.area_set
    ]
    return w.cast.one(w.rng, pool, f"serve customers in {region}")


def _unit_of(w: Walk, user: Any) -> int:
    return next(unit for unit, held in w.cast.at.items() for _, who in held if who == user)


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
    tpl, rng, cast = w.template, w.rng, w.cast
    home = cast.homes(w.policy)[0]
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
        base["complainant_email"] = safety.email(rng, f"tenant{rng.randrange(10000, 99999)}")
    recep = cast.receptionist(rng, home, "zl_complaints")
    if channel == "front_line":
        intake = cast.handler(rng, cast.unit("zl_housekeepers", home))  # P1.2 front-line staff file the case
    elif channel == "internal":
        intake = cast.handler(rng, cast.unit("zl_complaints", home))
    else:
        intake = recep
    w.register(_payload(w, base, duplicate_of), intake)
    if w.c.escalation_level == "executive":
        note = "总经理批示：公共关系部立即启动危机公关预案，统一对外口径，跟进媒体动态。"
        w.act("note", cast.executive(home), 0.5, 6, note=note)
    if outcome == "registered":
        return
    if w.c.kind != "filing":
        w.first_reply(recep, 0.3, 12)  # first contact within 24 hours
    if _merge_or_withdraw(w, outcome, recep, duplicate_of):
        return
    complaints_department = cast.unit("zl_complaints", home)
    router = cast.manager(home) if w.dept_id == complaints_department else cast.head(w.dept_id)
    handler = cast.handler(rng, w.dept_id)
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
    w.responsibility(cast.manager(home), 0.5 * DAY, 3 * DAY)  # P1.4 责任判定 by the complaints department
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
    tpl, rng, cast = w.template, w.rng, w.cast
    home = cast.homes(w.policy)[0]
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
        base["complainant_email"] = safety.email(rng, f"yezhu{rng.randrange(1000, 99999)}")
    if tpl.severity:
        base["severity"] = tpl.severity
    if major:
        base["severity"] = "major"
    recep = cast.receptionist(rng, home, "wg_customer_service")  # P5.1 reception log
    w.register(_payload(w, base, duplicate_of), recep)
    if outcome == "registered":
        return
    # P5.2: the butler of the owner's building verifies; the receptionist where none covers it.
    butler = cast.butler(home, w.c.area) or recep
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
    if w.c.escalation_level in ("manager", "executive"):
        # P5.3: the company manager has the departments analyse a serious complaint;
        # P5.6: a major one goes to management review.
        major_case = w.c.escalation_level == "executive"
        note = (
            "重大投诉，提交管理评审（P5.6）。"
            if major_case
            else "经理批示：相关部门分析原因，采取有效措施，结果报客服部（P5.3）。"
        )
        w.act("note", cast.executive(home), 1, 8, note=note)
    if outcome == "accepted" or _merge_or_withdraw(w, outcome, recep, duplicate_of):
        return
    head = cast.head(w.dept_id)
    # What no department owns stays with customer service, where the butler handles it.
    handler = butler if w.dept_id == cast.unit("wg_customer_service", home) else cast.handler(rng, w.dept_id)
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
