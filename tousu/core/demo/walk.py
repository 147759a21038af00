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
from tousu.org.models import Position
from tousu.policies.schema import Policy as PolicySpec

HOUR = 1.0
DAY = 24.0


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


class Cast:
    """The staff who act in the demo, by department and role, read once."""

    def __init__(self, departments_of: dict[str, list[str]]):
        self.departments_of = departments_of  # policy -> its department codes
        self.by_dept: dict[str, dict[str, list[User]]] = defaultdict(lambda: defaultdict(list))
        positions = Position.objects.select_related("user", "user__staff", "unit").filter(user__is_active=True)
        users: dict[int, User] = {}
        for position in positions.order_by("pk"):
            user = users.setdefault(position.user_id, position.user)
            code = position.unit.code if position.unit else ""
            self.by_dept[code][position.role].append(user)

    def _in(self, dept: str, role: Role) -> list[User]:
        return self.by_dept.get(dept, {}).get(role, [])

    def _policy(self, policy: str, role: Role) -> list[User]:
        return [u for code in self.departments_of.get(policy, []) for u in self._in(code, role)]

    def first(self, *candidates: list[User]) -> User:
        for users in candidates:
            if users:
                return users[0]
        raise LookupError("no staff member can do this step; run `tousu demo` on a database set up by `tousu setup`")

    def manager(self, policy: str) -> User:
        return self.first(self._policy(policy, Role.COMPLAINT_MANAGER), self._policy(policy, Role.DEPARTMENT_HEAD))

    def executive(self, policy: str) -> User:
        return self.first(self._policy(policy, Role.EXECUTIVE), [self.manager(policy)])

    def receptionist(self, rng: random.Random, policy: str, dept: str | None = None) -> User:
        here = self._in(dept, Role.RECEPTIONIST) if dept else []
        pool = here or self._policy(policy, Role.RECEPTIONIST)
        return rng.choice(pool) if pool else self.manager(policy)

    def head(self, policy: str, dept: str) -> User:
        return self.first(self._in(dept, Role.DEPARTMENT_HEAD), [self.manager(policy)])

    def handler(self, rng: random.Random, policy: str, dept: str) -> User:
        pool = self._in(dept, Role.HANDLER)
        return rng.choice(pool) if pool else self.head(policy, dept)

    def member_of(self, user: User, dept: str) -> bool:
        return any(user in users for users in self.by_dept.get(dept, {}).values())


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

    @property
    def c(self) -> Complaint:
        if self.case is None:
            raise RuntimeError("register the case first")
        return self.case

    @property
    def dept(self) -> str:
        department = self.c.department
        return department.code if department is not None else (self.spec.default_department or "")

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
