"""Issue 14, acceptance: every position holder of the demo organisations × every case ×
every surface, compared with the rule.

The organisations are imported from `tousu/core/demo/organisations.yaml` and their
people live `tousu demo`'s stories through the real write path, plus the situations the
stories may miss (tests/access/world.py). The rule is read a second time, independently
of the product, from the policies' `people` sections and docs/access.md
(tests/access/rule.py). Then, for every person, what each surface does is compared with
what the rule says:

- the API: the list (all pages) and every filter take every case (`phone=` finds a
  confidential reporter only for the need-to-know list); a case's detail (visible → 200
  with the personal data, the attachments and the actions the rule gives; else byte for
  byte a missing case's 404) every case of the person's own organisations and, in turn,
  a few of the others (so that the run stays within minutes: across the people every
  case is asked for); search and similar cases, a refused action's POST, a restricted
  attachment;
- the desk: the worklist, the case page, the printed record and letter, the oversight
  page, the notifications page;
- reports, the dashboard and its drill-down, the case register export: counting only the
  reader's cases (an executive of one organisation reads 0 cases of another);
- notifications (every staff recipient sees the case), webhooks and Open311 (no report
  in the public list, no confidential reporter anywhere), the admin pages (no case
  contents without break-glass).

A surface showing what the rule forbids is a leak; hiding or refusing what it allows is a
wrongful refusal. Both must be 0; the counts per surface are printed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.test import Client
from django.utils import timezone

from tests.access.rule import Rule, reporter_forms
from tests.access.world import Login, World, all_cases, build_world
from tests.notify.helpers import drain
from tousu.cases.lifecycle import MOVES, SYSTEM_ACTIONS
from tousu.cases.models import Attachment, Complaint, Event
from tousu.notify.models import Delivery, InAppNotification, WebhookEndpoint

MISSING = "WY20200101-9999"
# A year up to today: every case of the world, and the trailing twelve months of the trend.
TODAY = dt.date.today()
PERIOD = f"{TODAY - dt.timedelta(days=360)}..{TODAY + dt.timedelta(days=1)}"
OPEN311 = "/open311/v2/requests.json"
LEVELS = ["absent", "masked", "full"]
READERS = {"department_head", "complaint_manager", "executive"}
EXPORTERS = {"complaint_manager", "executive"}

# A schema-valid body for each action: a refused POST must be refused for who asks, not
# for what it says.
PAYLOADS: dict[str, dict[str, Any]] = {
    "screen": {"decision": "in_scope"},
    "verify": {"decision": "valid"},
    "classify": {"urgent": True},
    "transfer": {"department": "wy_cleaning", "reason": "矩阵测试"},
    "assign": {},
    "plan": {"plan": "矩阵测试"},
    "reply": {"reply_kind": "first", "channel": "phone", "text": "矩阵测试"},
    "note": {"note": "矩阵测试"},
    "follow_up": {"note": "矩阵测试"},
    "site_visit": {"technician": "矩阵", "arrived_at": "2026-11-10T10:00:00+08:00", "findings": "矩阵测试"},
    "determine_responsibility": {"responsibility": "own_fault"},
    "resolve": {"outcome": "repair", "summary": "矩阵测试"},
    "extend": {"clock": "finish", "amount": 1, "reason": "矩阵测试"},
    "pause_clock": {"clock": "finish", "reason": "矩阵测试"},
    "resume_clock": {"clock": "finish", "reason": "矩阵测试"},
    "set_aside": {"reason": "矩阵测试", "improvement_plan": "矩阵测试", "target_date": "2027-01-01"},
    "callback": {"reached": True},
    "reopen": {"reason": "矩阵测试"},
    "sign_off": {},
    "close": {},
    "escalate": {"level": "manager", "reason": "矩阵测试"},
    "merge": {"into": MISSING},
    "withdraw": {"reason": "矩阵测试"},
    "hand_off": {"handoff": "inspection"},
    "report_back": {"outcome": "repair", "summary": "矩阵测试"},
}


@dataclass
class Tally:
    """Every comparison of a surface with the rule, by surface."""

    checks: Counter[str] = field(default_factory=Counter)
    leaks: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    refusals: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def check(self, surface: str, who: Any, *, shown: bool, allowed: bool, what: str = "") -> None:
        self.checks[surface] += 1
        if shown and not allowed:
            self.leaks[surface].append(f"{who}: {what}")
        elif allowed and not shown:
            self.refusals[surface].append(f"{who}: {what}")

    def sets(self, surface: str, who: Any, shown: set[str], expected: set[str], *, exact: bool = True) -> None:
        """`shown` must lie within `expected` (else leaks) and, if `exact`, hold all of it."""
        self.checks[surface] += 1
        for number in sorted(shown - expected):
            self.leaks[surface].append(f"{who}: {number}")
        if exact:
            for number in sorted(expected - shown):
                self.refusals[surface].append(f"{who}: {number}")

    def ranked(self, surface: str, who: Any, shown: str, allowed: str, what: str = "") -> None:
        """How much of the complainant is shown (absent < masked < full) against the rule."""
        self.checks[surface] += 1
        if LEVELS.index(shown) > LEVELS.index(allowed):
            self.leaks[surface].append(f"{who}: {what} {shown} (rule: {allowed})")
        elif LEVELS.index(shown) < LEVELS.index(allowed):
            self.refusals[surface].append(f"{who}: {what} {shown} (rule: {allowed})")

    def report(self) -> str:
        lines = [f"{'surface':<28}{'checks':>8}{'leaks':>7}{'refusals':>10}"]
        for surface in sorted(self.checks):
            lines.append(
                f"{surface:<28}{self.checks[surface]:>8}{len(self.leaks[surface]):>7}{len(self.refusals[surface]):>10}"
            )
        leaks = sum(len(v) for v in self.leaks.values())
        refusals = sum(len(v) for v in self.refusals.values())
        lines.append(f"{'total':<28}{sum(self.checks.values()):>8}{leaks:>7}{refusals:>10}")
        for kind, found in (("LEAK", self.leaks), ("WRONGFUL REFUSAL", self.refusals)):
            for surface, items in sorted(found.items()):
                lines += [f"{kind} {surface}: {item}" for item in items[:8]]
        return "\n".join(lines)


class Matrix:
    """The world, the rule over it, and each person's view of every case by the rule."""

    def __init__(self, world: World, rule: Rule):
        self.world, self.rule = world, rule
        self.cases = all_cases()
        self.by_number = {c.number: c for c in self.cases}
        self.numbers = set(self.by_number)
        self.tally = Tally()
        self.people = [w for w in world.logins.values()]
        self.visible: dict[str, set[str]] = {}
        for login in self.people:
            self.visible[login.username] = {c.number for c in self.cases if rule.sees(login.user.pk, c)}
        self.attachments: dict[int, list[Attachment]] = defaultdict(list)
        for a in Attachment.objects.order_by("pk"):
            self.attachments[a.complaint_id].append(a)
        self.letters = self._with_letters()
        self.organisations = {login.username: self._organisations(login) for login in self.people}

    def _with_letters(self) -> set[str]:
        """Cases with a reply the printed letter is made from (a letter, else a result)."""
        found = set()
        for e in Event.objects.filter(action="reply").select_related("complaint"):
            if e.data.get("channel") == "letter" or e.data.get("reply_kind") == "result":
                found.add(e.complaint.number)
        return found

    def _organisations(self, login: Login) -> set[int]:
        return {self.rule.organisation[s.unit] for s in self.rule.seats(login.user.pk) if s.unit is not None}

    def roles(self, login: Login) -> set[str]:
        return {s.role for s in self.rule.seats(login.user.pk)}

    def sees(self, login: Login, case: Complaint) -> bool:
        return case.number in self.visible[login.username]

    def near(self, login: Login, others: int = 1) -> list[Complaint]:
        """The cases one person's checks of a single case take: every case of their own
        organisations (those they see, and those a wrong rule would give away) and, in
        turn, `others` of other organisations. Lists and filters take every case."""
        mine = self.organisations[login.username]
        if not mine:  # the administrator: no organisation, every case
            return list(self.cases)
        own = [c for c in self.cases if c.organisation_id in mine]
        other = [c for c in self.cases if c.organisation_id not in mine]
        start = self.people.index(login) * others
        return own + [other[(start + k) % len(other)] for k in range(min(others, len(other)))]

    def pick(self, login: Login, salt: int, visible: bool) -> Complaint | None:
        """A case of the person's own organisations they see (or not), chosen in turn."""
        mine = self.organisations[login.username]
        pool = [c for c in self.cases if self.sees(login, c) == visible and (visible or c.organisation_id in mine)]
        if not pool and not visible:
            pool = [c for c in self.cases if not self.sees(login, c)]
        return pool[(self.people.index(login) + salt) % len(pool)] if pool else None


def readable(response: Any) -> str:
    """A response as a person reads it: JSON with its \\u escapes read back into Chinese."""
    text = response.content.decode("utf-8", "replace")
    if text[:1] in ("{", "["):
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


def numbers_in(text: str, numbers: set[str]) -> set[str]:
    return {n for n in numbers if n in text}


def linked(text: str, numbers: set[str]) -> set[str]:
    """The cases a page links to (/desk/cases/<number>/)."""
    return {n for n in re.findall(r"/desk/cases/([A-Z]+\d{8}-\d{4})/", text) if n in numbers}


def identity_forms(case: Complaint) -> list[str]:
    return reporter_forms(
        case.complainant_name, case.complainant_phone, case.complainant_email, case.complainant_id_number
    )


# --- the API --------------------------------------------------------------------------


def api_list(m: Matrix, login: Login, limit: int = 200, **params: Any) -> tuple[list[str], str]:
    numbers: list[str] = []
    bodies = []
    cursor = None
    while True:
        answer = login.api.get("/complaints", limit=limit, **params, **({"cursor": cursor} if cursor else {}))
        assert answer.status_code == 200, (login, params, answer.content.decode())
        body = answer.json()
        bodies.append(readable(answer))
        numbers += [item["number"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return numbers, "".join(bodies)


def check_api_detail(m: Matrix, login: Login) -> None:
    t, rule, uid = m.tally, m.rule, login.user.pk
    missing = login.api.get(f"/complaints/{MISSING}")
    for case in m.near(login, others=4):
        answer = login.api.get(f"/complaints/{case.number}")
        visible = m.sees(login, case)
        if not visible:
            same = (answer.status_code, answer.content) == (missing.status_code, missing.content)
            t.check("api detail", login, shown=not same, allowed=False, what=case.number)
            continue
        t.check("api detail", login, shown=answer.status_code == 200, allowed=True, what=case.number)
        if answer.status_code != 200:
            continue
        body = answer.json()
        level = rule.personal_level(uid, case)
        t.ranked("personal data", login, body["personal_data"], level, what=case.number)
        if case.confidential and level == "absent":
            text = readable(answer)
            found = [f for f in identity_forms(case) if f in text]
            t.check("api detail", login, shown=bool(found), allowed=False, what=f"{case.number} reporter {found}")
        # The actions the desk and the API offer are the rule's (available_actions).
        offered, allowed = set(body["available_actions"]), rule.actions(uid, case)
        t.sets(
            "actions offered", login, {f"{case.number}:{a}" for a in offered}, {f"{case.number}:{a}" for a in allowed}
        )
        # Attachments: restricted ones only for whoever may know a confidential reporter.
        files = m.attachments.get(case.pk, [])
        knows = rule.sees_restricted(uid, case)
        listed = {a["token"] for a in body["attachments"]}
        t.sets("attachments", login, listed, {a.token for a in files if knows or not a.restricted})
        for a in files:
            if not a.restricted:
                continue
            url = f"/api/v1/complaints/{case.number}/attachments/{a.token}"
            got = login.api.client.get(url, **login.api.headers)
            t.check("attachments", login, shown=got.status_code == 200, allowed=knows, what=f"{case.number} {a.name}")
            gone = login.api.client.get(url.replace(a.token, "0" * 32), **login.api.headers)
            if got.status_code != 200 and (got.status_code, got.content) != (gone.status_code, gone.content):
                t.leaks["attachments"].append(f"{login}: {case.number} {a.name} answers unlike a missing file")
        # The party reported (P2.11): no business of anyone outside the need-to-know list.
        if case.reported_person_id or case.reported_unit_id:
            named = bool(body["reported_party"])
            t.check("reported party", login, shown=named, allowed=knows, what=f"{case.number} {body['reported_party']}")


def check_api_lists(m: Matrix, login: Login) -> None:
    t, rule, uid = m.tally, m.rule, login.user.pk
    visible = m.visible[login.username]
    # Small pages: every page is read.
    numbers, text = api_list(m, login, limit=3)
    t.sets("api list", login, set(numbers), visible)
    t.check("api list", login, shown=len(numbers) != len(set(numbers)), allowed=False, what="a case twice")
    for n in numbers_in(text, {c.number for c in m.cases if c.confidential and c.number in visible}):
        case = m.by_number[n]
        if not rule.knows_complainant(uid, case):
            found = [f for f in identity_forms(case) if f in text]
            t.check("api list", login, shown=bool(found), allowed=False, what=f"{n} reporter {found}")
    # Every filter, with a value taken in turn from a case the person sees or does not.
    now = timezone.now()
    for i, (name, value_of, holds) in enumerate(FILTERS):
        case = m.pick(login, i, visible=(m.people.index(login) + i) % 2 == 0) or m.cases[0]
        value = value_of(case, now)
        if value is None:
            continue
        found, _text = api_list(m, login, **{name: value})
        expected = {c.number for c in m.cases if c.number in visible and holds(c, value, now)}
        t.sets(f"filter {name}", login, set(found), expected)
    # phone=: a confidential reporter only for the need-to-know list (P2.11).
    phones = {c.complainant_phone for c in m.cases if c.confidential and c.complainant_phone}
    for salt, seen in ((0, True), (1, False)):
        case = m.pick(login, salt, visible=seen)
        if case is not None and case.complainant_phone:
            phones.add(case.complainant_phone)
    for phone in sorted(phones):
        found, _text = api_list(m, login, phone=phone)
        expected = {
            c.number
            for c in m.cases
            if c.number in visible
            and phone in (c.complainant_phone, c.complainant_alt_phone)
            and rule.knows_complainant(uid, c)
        }
        t.sets("filter phone", login, set(found), expected)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _overdue(c: Complaint, now: dt.datetime) -> bool:
    return bool(c.is_open and c.next_due_at and c.next_due_at < now)


FILTERS: list[tuple[str, Any, Any]] = [
    ("state", lambda c, now: c.state, lambda c, v, now: c.state == v),
    ("policy", lambda c, now: c.policy_name, lambda c, v, now: c.policy_name == v),
    (
        "department",
        lambda c, now: c.department.code if c.department else None,
        lambda c, v, now: c.department is not None and c.department.code == v,
    ),
    (
        "assignee",
        lambda c, now: c.assignee.username if c.assignee_id else None,
        lambda c, v, now: c.assignee_id is not None and c.assignee.username == v,
    ),
    (
        "received_by",
        lambda c, now: c.received_by.username if c.received_by_id else None,
        lambda c, v, now: c.received_by_id is not None and c.received_by.username == v,
    ),
    ("category", lambda c, now: c.category, lambda c, v, now: c.category == v),
    ("kind", lambda c, now: c.kind, lambda c, v, now: c.kind == v),
    ("channel", lambda c, now: c.channel, lambda c, v, now: c.channel == v),
    ("open", lambda c, now: str(c.is_open).lower(), lambda c, v, now: str(c.is_open).lower() == v),
    ("overdue", lambda c, now: str(_overdue(c, now)).lower(), lambda c, v, now: str(_overdue(c, now)).lower() == v),
    (
        "due_before",
        lambda c, now: _iso(c.next_due_at + dt.timedelta(seconds=1)) if c.next_due_at else None,
        lambda c, v, now: bool(c.is_open and c.next_due_at and c.next_due_at < dt.datetime.fromisoformat(v)),
    ),
    (
        "received_after",
        lambda c, now: _iso(c.received_at),
        lambda c, v, now: c.received_at >= dt.datetime.fromisoformat(v),
    ),
    (
        "received_before",
        lambda c, now: _iso(c.received_at + dt.timedelta(seconds=1)),
        lambda c, v, now: c.received_at < dt.datetime.fromisoformat(v),
    ),
]


def check_search(m: Matrix, login: Login) -> None:
    """Search and similar cases never leave the visible set, and never find a confidential
    reporter by who they are outside the need-to-know list; a tracking number finds its
    case for whoever sees it."""
    t, rule, uid = m.tally, m.rule, login.user.pk
    visible = m.visible[login.username]
    for salt, seen in ((2, True), (3, False)):
        case = m.pick(login, salt, visible=seen)
        if case is None:
            continue
        found, _text = api_list(m, login, q=case.number)
        t.sets("search", login, set(found), {case.number} & visible, exact=seen)
        words = (case.content or "")[:12]
        if words:
            found, _text = api_list(m, login, q=words)
            t.sets("search", login, set(found), visible, exact=False)
        draft = login.api.post(
            "/search/similar", {"content": case.content, "complainant_phone": case.complainant_phone}
        )
        assert draft.status_code == 200, draft.content.decode()
        t.sets("similar", login, {i["number"] for i in draft.json()["items"]}, visible, exact=False)
    for case in (c for c in m.cases if c.confidential):
        outsider = not (case.number in visible and rule.knows_complainant(uid, case))
        for q in (case.complainant_name, case.complainant_phone):
            if q:
                found, _text = api_list(m, login, q=q)
                expected = visible - ({case.number} if outsider else set())
                t.sets("search", login, set(found), expected, exact=False)
        draft = login.api.post("/search/similar", {"content": "无关", "complainant_phone": case.complainant_phone})
        same = draft.json()["same_phone"]
        t.check("similar", login, shown=outsider and same > 0, allowed=False, what=f"same_phone of {case.number}")
    mine = m.pick(login, 4, visible=True)
    if mine is not None:
        similar = login.api.get(f"/complaints/{mine.number}/similar")
        t.sets("similar", login, {i["number"] for i in similar.json()["items"]}, visible, exact=False)


def check_refused_posts(m: Matrix, login: Login) -> None:
    """A POST of an action the rule refuses is refused (403), and one on a case the
    person does not see answers like a missing case; nothing is changed either way."""
    t, rule, uid = m.tally, m.rule, login.user.pk
    for k, case in enumerate(c for c in m.cases if m.sees(login, c)):
        case.refresh_from_db(fields=["state"])
        spec = rule.specs[case.policy_name]
        open_now = [
            name
            for name, move in MOVES.items()
            if name not in SYSTEM_ACTIONS
            and case.state in move.sources
            and (
                move.step is None
                or (bool(spec.handoffs) if move.step == "handoffs" else getattr(spec.steps, move.step))
            )
        ]
        refused = [a for a in open_now if a not in rule.actions(uid, case)]
        if not refused:
            continue
        action = refused[(m.people.index(login) + k) % len(refused)]
        status = _post_and_undo(login, case.number, action)
        t.check("action refused", login, shown=status != 403, allowed=False, what=f"{case.number} {action} → {status}")
    hidden = m.pick(login, 5, visible=False)
    if hidden is not None:
        missing = login.api.post(f"/complaints/{MISSING}/note", PAYLOADS["note"])
        answer = login.api.post(f"/complaints/{hidden.number}/note", PAYLOADS["note"])
        same = (answer.status_code, answer.content) == (missing.status_code, missing.content)
        t.check("action refused", login, shown=not same, allowed=False, what=f"note on unseen {hidden.number}")


class Undo(Exception):
    pass


def _post_and_undo(login: Login, number: str, action: str) -> int:
    status = 0
    try:
        with transaction.atomic():
            status = login.api.post(f"/complaints/{number}/{action}", PAYLOADS[action]).status_code
            raise Undo
    except Undo:
        pass
    return status


# --- the desk -------------------------------------------------------------------------


def check_desk(m: Matrix, login: Login) -> None:
    t, rule, uid = m.tally, m.rule, login.user.pk
    visible = m.visible[login.username]
    desk = login.desk
    for path in ("/desk/", "/desk/oversight/", "/desk/notifications/"):
        page = desk.get(path)
        if page.status_code == 200:
            t.sets(f"desk {path}", login, linked(page.content.decode(), m.numbers), visible, exact=False)
        else:
            t.checks[f"desk {path}"] += 1
    missing_page = desk.get(f"/desk/cases/{MISSING}/")
    missing_print = desk.get(f"/desk/print/{MISSING}/record/")
    near = m.near(login)
    # The printed forms of every case seen, and of two that are not (the same lookup).
    printed = [c for c in near if c.number in visible] + [c for c in near if c.number not in visible][:2]
    for case in near:
        surfaces = [("desk case page", f"/desk/cases/{case.number}/", missing_page)]
        if case in printed:
            surfaces.append(("print record", f"/desk/print/{case.number}/record/", missing_print))
        seen = case.number in visible
        for surface, path, missing in surfaces:
            page = desk.get(path)
            if seen:
                t.check(surface, login, shown=page.status_code == 200, allowed=True, what=case.number)
            else:
                same = (page.status_code, page.content) == (missing.status_code, missing.content)
                t.check(surface, login, shown=not same, allowed=False, what=case.number)
            if seen and page.status_code == 200 and case.confidential and not rule.knows_complainant(uid, case):
                found = [f for f in identity_forms(case) if f in page.content.decode()]
                t.check(surface, login, shown=bool(found), allowed=False, what=f"{case.number} reporter {found}")
        if case.number in m.letters and case in printed:
            letter = desk.get(f"/desk/print/{case.number}/letter/")
            allowed = seen and rule.sees_restricted(uid, case)
            t.check("print letter", login, shown=letter.status_code == 200, allowed=allowed, what=case.number)


# --- reports --------------------------------------------------------------------------


def _reported(m: Matrix, login: Login) -> set[str]:
    """The cases a reader's figures count: those they see; a department head's, of the
    department they head."""
    visible = m.visible[login.username]
    seats = m.rule.seats(login.user.pk)
    if not ({s.role for s in seats} & EXPORTERS):
        heads = [s.unit for s in seats if s.role == "department_head"]
        return {n for n in visible if heads and m.by_number[n].department_id == heads[0]}
    return visible


SET_OUT = {"referred", "invalid", "malicious", "merged", "withdrawn"}


def figures(m: Matrix, login: Login, stats: dict[str, Any], expected: set[str]) -> None:
    """Every count of the statistics is one of the reader's cases' (docs/reports.md): a
    figure above the rule's count counts a case the reader may not see; below, one hidden."""
    cases = [m.by_number[n] for n in expected]
    states = Counter(c.state for c in cases)
    rule = {
        "received": len(cases),
        "closed": states["closed"],
        "resolved": states["resolved"] + states["closed"],
        "set_out": sum(states[s] for s in SET_OUT),
        "open": sum(n for s, n in states.items() if s not in SET_OUT | {"closed"}),
        "by state": dict(states),
        "by kind": dict(Counter(c.kind for c in cases)),
        "by channel": dict(Counter(c.channel for c in cases)),
        "by department": dict(Counter(c.department.code for c in cases if c.department)),
        "trend": len(cases),
    }
    shown = {
        **{name: stats["outcomes"][name] for name in ("received", "closed", "resolved", "set_out", "open")},
        **{
            f"by {d}": {r["code"]: r["cases"] for r in stats["by"][d] if r["cases"]}
            for d in ("state", "kind", "channel")
        },
        "by department": {d["code"]: d["received"] for d in stats["departments"] if d["received"]},
        "trend": sum(p["received"] for p in stats["trend"]),
    }
    for name, allowed in rule.items():
        if isinstance(allowed, dict):
            for code in set(allowed) | set(shown[name]):
                got, want = shown[name].get(code, 0), allowed.get(code, 0)
                t_check_count(m, login, f"{name} {code}", got, want)
        else:
            t_check_count(m, login, name, shown[name], allowed)


def t_check_count(m: Matrix, login: Login, what: str, shown: int, allowed: int) -> None:
    m.tally.check("reports", login, shown=shown > allowed, allowed=False, what=f"{what}: {shown} > {allowed}")
    m.tally.check("reports", login, shown=shown >= allowed, allowed=True, what=f"{what}: {shown} < {allowed}")


def confidential_absent(m: Matrix, surface: str, who: Any, text: str) -> None:
    """Reports and exports count a confidential report, never show its reporter (P2.11)."""
    for case in m.cases:
        if case.confidential:
            found = [f for f in identity_forms(case) if f in text]
            m.tally.check(surface, who, shown=bool(found), allowed=False, what=f"{case.number} reporter {found}")


def check_reports(m: Matrix, login: Login) -> None:
    t = m.tally
    roles = m.roles(login)
    stats = login.api.get("/reports/statistics", period=PERIOD)
    if not roles & READERS:
        t.check("reports", login, shown=stats.status_code == 200, allowed=False, what="statistics")
        return
    expected = _reported(m, login)
    t.check("reports", login, shown=stats.status_code == 200, allowed=True, what="statistics")
    if stats.status_code == 200:
        figures(m, login, stats.json(), expected)
        confidential_absent(m, "reports", login, readable(stats))
    dashboard = login.desk.get("/desk/reports/", {"period": PERIOD, "policy": ""})
    t.check("dashboard", login, shown=dashboard.status_code == 200, allowed=True, what="dashboard")
    t.sets("dashboard", login, numbers_in(dashboard.content.decode(), m.numbers), expected, exact=False)
    confidential_absent(m, "dashboard", login, dashboard.content.decode())
    drill = login.desk.get(
        "/desk/reports/cases/", {"period": PERIOD, "policy": "", "dimension": "kind", "value": "complaint"}
    )
    complaints = {n for n in expected if m.by_number[n].kind == "complaint"}
    t.sets("dashboard drill-down", login, linked(drill.content.decode(), m.numbers), complaints)
    register = login.api.get("/reports/documents/case_register/csv", period=PERIOD)
    if not roles & EXPORTERS:
        t.check("export", login, shown=register.status_code == 200, allowed=False, what="case register")
        return
    rows = list(csv.reader(io.StringIO(register.content.decode("utf-8-sig"))))
    t.sets("export", login, numbers_in("\n".join(",".join(r) for r in rows), m.numbers), expected)
    confidential_absent(m, "export", login, "\n".join(",".join(r) for r in rows))
    # An executive (or complaint manager) of one organisation reads 0 cases of another.
    mine = m.organisations[login.username]
    foreign = {n for n in numbers_in(register.content.decode("utf-8-sig"), m.numbers)}
    foreign = {n for n in foreign if m.by_number[n].organisation_id not in mine}
    t.check("export", login, shown=bool(foreign), allowed=False, what=f"another organisation's {sorted(foreign)}")


# --- what leaves the product -----------------------------------------------------------


def check_notifications(m: Matrix) -> None:
    t = m.tally
    people = {login.user.pk: login for login in m.people}
    by_pk = {c.pk: c for c in m.cases}
    for d in Delivery.objects.exclude(user=None):
        login = people[d.user_id]
        case = by_pk[d.complaint_id]
        t.check("notifications", login, shown=True, allowed=m.sees(login, case), what=f"{d.kind} {case.number}")
        if case.confidential and not m.rule.knows_complainant(d.user_id, case):
            found = [f for f in identity_forms(case) if f in d.subject + d.body]
            t.check("notifications", login, shown=bool(found), allowed=False, what=f"{case.number} reporter {found}")
    for n in InAppNotification.objects.all():
        login = people[n.user_id]
        case = by_pk[n.complaint_id]
        t.check("notifications", login, shown=True, allowed=m.sees(login, case), what=f"in-app {case.number}")


def check_webhooks(m: Matrix, bodies: list[str]) -> None:
    t = m.tally
    confidential = [c for c in m.cases if c.confidential]
    assert bodies and confidential
    for body in bodies:
        for case in confidential:
            found = [f for f in identity_forms(case) if f in body]
            t.check("webhooks", "receiver", shown=bool(found), allowed=False, what=f"{case.number} reporter {found}")


def check_open311(m: Matrix) -> None:
    t = m.tally
    for k, policy in enumerate(sorted(m.rule.specs)):
        answer = Client(REMOTE_ADDR=f"198.51.100.{k + 1}").get(
            OPEN311, {"jurisdiction_id": policy, "start_date": "2025-01-01T00:00:00+08:00"}
        )
        rows = answer.json() if answer.status_code == 200 else []
        public = m.rule.specs[policy].public_listing
        expected = {c.number for c in m.cases if c.policy_name == policy and public and c.kind != "report"}
        t.sets("open311 public", "public", {r["service_request_id"] for r in rows}, expected)
        t.check("open311 public", "public", shown=any(r["description"] for r in rows), allowed=False, what=policy)


def check_open311_key(m: Matrix, login: Login) -> None:
    t = m.tally
    visible = m.visible[login.username]
    policies = {c.policy_name for c in m.cases if c.organisation_id in m.organisations[login.username]}
    for policy in sorted(policies | {"property-office"}):
        answer = login.api.client.get(
            OPEN311, {"jurisdiction_id": policy, "api_key": login.token, "start_date": "2025-01-01T00:00:00+08:00"}
        )
        assert answer.status_code == 200, answer.content.decode()
        rows = answer.json()
        public = m.rule.specs[policy].public_listing
        expected = {
            c.number
            for c in m.cases
            if c.policy_name == policy and (c.number in visible or (public and c.kind != "report"))
        }
        t.sets("open311 key", login, {r["service_request_id"] for r in rows}, expected)
        described = {r["service_request_id"] for r in rows if r["description"] is not None}
        t.sets("open311 key", login, described, {n for n in expected if n in visible})
        for row in rows:
            case = m.by_number[row["service_request_id"]]
            if case.confidential:
                text = str(row)
                found = [f for f in identity_forms(case) if f in text]
                t.check("open311 key", login, shown=bool(found), allowed=False, what=f"{case.number} reporter {found}")


def check_admin(m: Matrix) -> None:
    """The administrator, without break-glass: no case, no case contents, no complainant."""
    t = m.tally
    admin = m.world["admin"]
    listing = admin.desk.get("/admin/cases/complaint/")
    t.sets("admin", admin, numbers_in(listing.content.decode(), m.numbers), set())
    for case in m.cases:
        page = admin.desk.get(f"/admin/cases/complaint/{case.pk}/change/")
        text = page.content.decode()
        shown = page.status_code == 200 and (case.number in text or (case.content or "")[:20] in text)
        t.check("admin", admin, shown=shown, allowed=False, what=f"case page {case.number}")
    pages = [admin.desk.get("/admin/notify/delivery/").content.decode()]
    about = Delivery.objects.filter(complaint__confidential=True).order_by("pk")[:20]
    pages += [admin.desk.get(f"/admin/notify/delivery/{d.pk}/change/").content.decode() for d in about]
    pages.append(admin.desk.get("/admin/notify/inappnotification/").content.decode())
    for case in m.cases:
        full = [case.complainant_phone, case.complainant_email, case.complainant_id_number]
        forms = identity_forms(case) if case.confidential else [v for v in full if v]
        for page in pages:
            found = [f for f in forms if f in page]
            t.check("admin", admin, shown=bool(found), allowed=False, what=f"{case.number} complainant {found}")


# --- the matrix -----------------------------------------------------------------------


def the_rule_names_them(m: Matrix) -> None:
    """The situations are there, and the rule (the oracle) reads the procedures' people
    into them: not a vacuous matrix."""
    n, seen = m.world.numbers, m.visible

    def who_sees(number: str) -> set[str]:
        return {u for u, numbers in seen.items() if number in numbers}

    report = m.by_number[n["confidential_report"]]
    assert report.confidential and report.reported_person.username == "denghaibo"
    # P2.11: neither the inspector reported nor his head; the need-to-know list knows her.
    assert not {"denghaibo", "xieweidong"} & who_sees(report.number)
    knows = {u for u in who_sees(report.number) if m.rule.knows_complainant(m.world[u].user.pk, report)}
    assert knows == {"xuting", "penglixin", "guowenjing", "liguodong"}  # liguodong covers for penglixin
    # P2.4: the institute works on its copy only; the bureau never sees the copy.
    assert "zhenghai" in who_sees(n["institute_copy"]) and "zhenghai" not in who_sees(n["handed_off"])
    assert "linzhiming" not in who_sees(n["institute_copy"])
    # P5.3: the serious complaint reaches the company manager.
    assert m.by_number[n["serious_p5"]].escalation_level == "manager" and "mengqinghua" in who_sees(n["serious_p5"])
    # P4.5.2: every customer-service colleague of the office, not the other office's.
    assert {"chenxiaoyan", "linjiayi", "yangxue"} <= who_sees(n["passed_on_jinxiu"])
    assert not {"suyaqin", "tanzhihua"} & who_sees(n["passed_on_jinxiu"])
    assert {"suyaqin", "tanzhihua", "caiwenjie"} <= who_sees(n["passed_on_cuihu"])
    # P4.5.3: only the head of the department concerned signs off; P4.9.1: customer
    # service calls back; P5.2: the butler of the building verifies, not another's.
    jinxiu = m.by_number[n["passed_on_jinxiu"]]
    signing = {u for u in who_sees(jinxiu.number) if "sign_off" in m.rule.actions(m.world[u].user.pk, jinxiu)}
    assert jinxiu.state == "resolved" and signing == {"zhaoguoqiang"}
    assert "callback" in m.rule.actions(m.world["chenxiaoyan"].user.pk, jinxiu)
    serious = m.by_number[n["serious_p5"]]
    assert "verify" in m.rule.actions(m.world["qiuming"].user.pk, serious)  # buildings 7-12
    assert "verify" not in m.rule.actions(m.world["yuxiaoli"].user.pk, serious)  # buildings 1-6
    # P3.f: the quality complaint is with the quality department's technician.
    assert m.by_number[n["quality"]].assignee.username == "shaoliqun"
    # An executive of one organisation sees none of another's.
    for username in ("ouyangming", "jinzhiyuan", "liangzhijian", "luoyongqiang", "mengqinghua", "chengyuanhang"):
        mine = m.organisations[username]
        assert seen[username] and all(m.by_number[x].organisation_id in mine for x in seen[username]), username


def test_every_position_every_case_every_surface_agrees_with_the_rule(setup_data, smtp, http_sink, settings, tmp_path):
    settings.TOUSU_SMS_BACKEND = "file"
    settings.TOUSU_SMS_FILE = str(tmp_path / "sms.log")
    settings.TOUSU_JOBS_BACKOFF_SECONDS = 0
    WebhookEndpoint.objects.create(name="12345热线平台", url=f"{http_sink.url}/hook", secret="s", actions=[])
    world = build_world()
    drain()  # notices expanded (to whoever sees the case), mails, webhooks sent
    m = Matrix(world, Rule.read())
    assert len(m.people) > 100 and len(m.cases) >= 28
    the_rule_names_them(m)

    timing: Counter[str] = Counter()

    def timed(check: Any, *args: Any) -> None:
        started = time.monotonic()
        check(m, *args)
        timing[check.__name__] += time.monotonic() - started

    timed(check_notifications)
    timed(check_webhooks, [json.dumps(json.loads(r.body), ensure_ascii=False) for r in http_sink.requests])
    timed(check_open311)
    timed(check_admin)
    for login in m.people:
        for check in (check_api_detail, check_api_lists, check_search, check_desk, check_reports, check_open311_key):
            timed(check, login)
    for login in m.people:  # last: a wrongly allowed action is undone, but still
        timed(check_refused_posts, login)
    print("\n" + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timing.most_common()))

    report = m.tally.report()
    print("\n" + report)
    leaks = sum(len(v) for v in m.tally.leaks.values())
    refusals = sum(len(v) for v in m.tally.refusals.values())
    assert (leaks, refusals) == (0, 0), report
