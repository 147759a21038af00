"""The machinery a demo case walks with: the staff who act, a clock that only moves
forward and never past now, and every step through `register` / `perform`."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User

from tousu.cases.actions import perform
from tousu.cases.intake import register
from tousu.cases.models import Complaint
from tousu.cases.vocab import Role
from tousu.core.demo.content import Template
from tousu.org import tree as org_tree
from tousu.org.models import Position
from tousu.policies import registry
from tousu.policies.schema import Policy as PolicySpec

HOUR = 1.0
DAY = 24.0


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


class Cast:
    """The people who act in the demo, found the way the procedure names them: the unit
    that plays a policy department within the case's office, a role or a duty there, the
    butler whose area holds the building. Read once; a step nobody can take is a
    LookupError, reported as a problem of the run."""

    def __init__(self) -> None:
        self.tree = org_tree.current()
        self.at: dict[int, list[tuple[Position, User]]] = defaultdict(list)
        rows = Position.objects.select_related("user", "user__staff").filter(user__is_active=True, unit__isnull=False)
        for position in rows.order_by("pk"):
            self.at[position.unit_id].append((position, position.user))  # type: ignore[index]

    def homes(self, policy: str) -> list[int]:
        """The units the policy runs in (its offices), in a stable order."""
        return sorted(registry.placement(policy)[1])

    def unit(self, function: str, home: int) -> int:
        found = self.tree.resolve(function, home)
        if found is None:
            raise LookupError(f"no unit plays {function} in {self.tree.nodes[home].code}")
        return found

    def people(self, unit: int, role: Role | None = None, duty: str | None = None) -> list[User]:
        return [
            user
            for position, user in self.at.get(unit, [])
            if (role is None or position.role == role) and (duty is None or duty in position.duty_set)
        ]

    def within(self, top: int, role: Role | None = None, duty: str | None = None) -> list[User]:
        """The people of `top` and every unit under it (of this role, with this duty)."""
        return [user for unit in sorted(self.tree.subtree(top)) for user in self.people(unit, role, duty)]

    @staticmethod
    def one(rng: random.Random, users: list[User], what: str) -> User:
        if not users:
            raise LookupError(f"nobody in the demo organisations to {what}")
        return rng.choice(users)

    def receptionist(self, rng: random.Random, home: int, function: str) -> User:
        return self.one(rng, self.people(self.unit(function, home), Role.RECEPTIONIST), f"receive at {function}")

    def head(self, unit: int) -> User:
        """The head of this department (P4.5.3 signs off, P2.9 names who is responsible)."""
        heads = self.people(unit, Role.DEPARTMENT_HEAD)
        if not heads:
            raise LookupError(f"no head of {self.tree.nodes[unit].code}")
        return heads[0]

    def handler(self, rng: random.Random, unit: int) -> User:
        """A handler of this department; butlers only where nobody else handles there."""
        handlers = [(p, u) for p, u in self.at.get(unit, []) if p.role == Role.HANDLER]
        others = [u for p, u in handlers if "butler" not in p.duty_set]
        pool = others or [u for _, u in handlers]
        return rng.choice(pool) if pool else self.head(unit)

    def manager(self, home: int) -> User:
        """The complaint manager of the office (P2: the officer in charge of reports)."""
        found = self.within(home, Role.COMPLAINT_MANAGER)
        if not found:
            raise LookupError("no complaint manager")
        return found[0]

    def executive(self, home: int) -> User:
        """The office's or the organisation's executive nearest to the office."""
        for top in self.tree.ancestors(home):
            found = self.within(top, Role.EXECUTIVE)
            if found:
                return found[0]
        raise LookupError("no executive")

    def butler(self, home: int, area: str) -> User | None:
        """The butler whose area holds the building (P4.8, P5.2), if any."""
        for unit in sorted(self.tree.subtree(home)):
            for position, user in self.at.get(unit, []):
                if "butler" in position.duty_set and area and area in position.area_set:
                    return user
        return None

    def with_duty(self, rng: random.Random, top: int, duty: str) -> User:
        return self.one(rng, self.within(top, duty=duty), f"act as {duty}")


class Walk:
    """One case's life. Times move forward from the receipt; an office step lands in
    office hours; no step is ever later than `limit` (a little before now)."""

    def __init__(
        self,
        *,
        policy: str,
        spec: PolicySpec,
        template: Template,
        slots: dict[str, Any],
        rng: random.Random,
        cast: Cast,
        start: dt.datetime,
        limit: dt.datetime,
    ):
        self.policy = policy
        self.spec = spec
        self.template = template
        self.slots = slots
        self.rng = rng
        self.cast = cast
        self.t = start
        self.limit = limit
        self.case: Complaint | None = None
        self.tz = local_tz()

    # --- time -------------------------------------------------------------------------
    def later(self, lo_hours: float, hi_hours: float, *, office: bool = True) -> dt.datetime:
        when = self.t + dt.timedelta(hours=self.rng.uniform(lo_hours, hi_hours))
        if office:
            when = self.office_hours(when)
        if when >= self.limit:
            # The story runs into the present: squeeze the rest into the time left.
            room = max(self.limit - self.t, dt.timedelta(seconds=2))
            when = self.t + room * self.rng.uniform(0.3, 0.6)
        self.t = when
        return when

    def office_hours(self, when: dt.datetime) -> dt.datetime:
        """After 20:00 the step waits for the next morning, before 8:00 for this one."""
        local = when.astimezone(self.tz)
        if 8 <= local.hour < 20:
            return when
        day = local.date() + dt.timedelta(days=1) if local.hour >= 20 else local.date()
        at = dt.time(self.rng.choice((8, 9, 9, 10, 10, 11, 14, 15)), self.rng.randrange(60), self.rng.randrange(60))
        return dt.datetime.combine(day, at, tzinfo=self.tz)

    def day(self, offset_days: int) -> dt.date:
        return (self.t.astimezone(self.tz) + dt.timedelta(days=offset_days)).date()

    # --- text -------------------------------------------------------------------------
    def text(self, template: str) -> str:
        return template.format_map(self.slots)

    # --- acting -----------------------------------------------------------------------
    def register(self, payload: dict[str, Any], actor: User) -> Complaint:
        self.case = register({"policy": self.policy, **payload}, actor=actor, now=self.t).complaint
        return self.case

    def act(self, action: str, actor: User, lo: float, hi: float, *, office: bool = True, **payload: Any) -> Complaint:
        when = self.later(lo, hi, office=office)
        return self.act_at(when, action, actor, **payload)

    def act_at(self, when: dt.datetime, action: str, actor: User, **payload: Any) -> Complaint:
        self.t = max(self.t, when)
        self.case = perform(self.c, action, payload, actor=actor, now=when).complaint
        return self.case

    def act_on(
        self, other: Complaint, action: str, actor: User, lo: float, hi: float, *, office: bool = True, **payload: Any
    ) -> Complaint:
        """A step on another case at this story's time: the copy another organisation
        works on after a hand-off (P2.4)."""
        when = self.later(lo, hi, office=office)
        return perform(other, action, payload, actor=actor, now=when).complaint

    def reload(self) -> None:
        """Read the case again after a step on another case wrote onto its timeline."""
        self.c.refresh_from_db()

    @property
    def c(self) -> Complaint:
        if self.case is None:
            raise RuntimeError("register the case first")
        return self.case

    @property
    def dept(self) -> str:
        department = self.c.department
        return department.code if department is not None else (self.spec.default_department or "")

    @property
    def home(self) -> int:
        if self.c.home_id is None:
            raise LookupError(f"{self.c.number} belongs to no office")
        return self.c.home_id

    @property
    def dept_id(self) -> int:
        if self.c.department_id is None:
            raise LookupError(f"{self.c.number} has no department")
        return self.c.department_id

    def unit(self, function: str) -> int:
        """The unit playing a policy department within this case's office."""
        return self.cast.unit(function, self.home)

    # --- common steps -------------------------------------------------------------------
    def reply_channel(self, *, result: bool) -> str:
        channel = self.c.channel
        if result and channel in ("letter", "fax"):
            return channel  # P5.4: a letter is answered in writing
        if channel == "email" and self.c.complainant_email:
            return "email"
        if not self.c.complainant_phone:
            return "letter" if self.c.complainant_address else "web"
        return "phone"

    def first_reply(self, actor: User, lo: float = 0.1, hi: float = 1.5, *, office: bool = True) -> None:
        due = self.day(3)
        text = (
            f"您好，您反映的问题已登记（受理编号{self.c.number}），已转{self.c.department or '相关部门'}处理，"
            f"我们会在{due.month}月{due.day}日前再次答复您。"
        )
        payload: dict[str, Any] = {"reply_kind": "first", "channel": self.reply_channel(result=False), "text": text}
        if self.policy == "property-office":
            payload["second_reply_by"] = due.isoformat()  # P4.6.1 agreed time of the second reply
        self.act("reply", actor, lo, hi, office=office, **payload)

    def result_reply(self, actor: User, lo: float, hi: float, text: str | None = None) -> None:
        body = text or self.text(self.template.reply or self.template.resolution)
        self.act(
            "reply",
            actor,
            lo,
            hi,
            reply_kind="result",
            channel=self.reply_channel(result=True),
            text=f"您好，您反映的问题（受理编号{self.c.number}）处理结果如下：{body}",
        )

    def callback(self, actor: User, satisfaction: str, lo: float = 18, hi: float = 44, comments: str = "") -> None:
        if not comments:
            comments = self.rng.choice(SATISFIED if satisfaction != "basically_satisfied" else BASICALLY)
        self.act("callback", actor, lo, hi, reached=True, channel="phone", satisfaction=satisfaction, comments=comments)

    def satisfied_callback(self, actor: User, lo: float = 18, hi: float = 44) -> None:
        self.callback(actor, self.rng.choice(("satisfied", "satisfied", "satisfied", "basically_satisfied")), lo, hi)

    def responsibility(self, actor: User, lo: float, hi: float) -> None:
        tpl = self.template
        norm = tpl.norm if tpl.responsibility == "own_fault" else ""
        self.act(
            "determine_responsibility",
            actor,
            lo,
            hi,
            responsibility=tpl.responsibility,
            norm=norm or ("《服务规范》" if tpl.responsibility == "own_fault" else ""),
            responsible_department=self.dept if tpl.responsibility == "own_fault" else "",
        )

    def resolve(self, actor: User, lo: float, hi: float, *, again: bool = False) -> None:
        summary = self.text(self.template.resolution)
        if again:
            summary = "再次处理：" + summary
        self.act("resolve", actor, lo, hi, outcome=self.template.outcome, summary=summary)


SATISFIED = (
    "业主对处理结果表示满意。",
    "客户表示问题已经解决，感谢及时处理。",
    "满意，希望以后继续保持。",
    "对处理结果满意。",
)
BASICALLY = ("基本满意，希望今后响应再快一些。", "问题已解决，但等待时间偏长，基本满意。")
FOLLOW_UPS = (
    "已电话联系投诉人，告知目前处理进度。",
    "跟进处理进度：责任部门正在处理，预计两天内完成。",
    "到现场查看处理情况，已完成大部分工作。",
    "与责任部门核对进度，督促尽快完成。",
)
SIGN_OFFS = (
    "同意结案，督促班组做好预防措施。",
    "处理及时，纳入本月投诉分析。",
    "已落实纠正和预防措施，同意关闭。",
    "原因清楚、措施到位，同意。",
)
WITHDRAWALS = ("投诉人来电表示问题已自行解决，撤回投诉。", "投诉人表示已与对方协商解决，申请撤回投诉。")
