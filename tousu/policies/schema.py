"""The policy file format: what an organisation's procedure decides, as data.

One engine serves every procedure; a policy switches its steps on and off and
parameterises them (vocabulary, required fields, routing, clocks, closure, escalation).
The format is documented in docs/policy-format.md; presets live in presets/*.yaml.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tousu.cases.vocab import (
    Channel,
    Duty,
    EquipmentType,
    EscalationLevel,
    Kind,
    Region,
    Role,
    Severity,
    UnitKind,
)
from tousu.jobs.cron import Cron, CronError

NAME_PATTERN = r"^[a-z][a-z0-9-]{1,62}$"
CODE_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"

# Case fields a routing rule, a clock condition or an escalation rule may test.
CONDITION_FIELDS = (
    "kind",
    "channel",
    "category",
    "urgent",
    "severity",
    "region",
    "quality",
    "equipment_type",
    "equipment_stage",
    "complaint_type",
    "confidential",
    "anonymous",
)

# Fields the registration form may require (P5.1 lists name, unit, contact person, phone).
REGISTRATION_FIELDS = (
    "complainant_name",
    "complainant_phone",
    "complainant_unit",
    "complainant_address",
    "contact_person",
    "complainant_email",
    "subject_org",
    "subject_department",
    "subject_person",
    "equipment_type",
    "equipment_stage",
    "location",
    "region",
    "category",
    "content",
    "request",
    "severity",
    "quality",
)

# Timeline actions that can start, stop or pause a clock.
CLOCK_EVENTS = (
    "register",
    "screen",
    "verify",
    "classify",
    "transfer",
    "assign",
    "plan",
    "reply",
    "note",
    "site_visit",
    "determine_responsibility",
    "resolve",
    "set_aside",
    "callback",
    "reopen",
    "sign_off",
    "escalate",
    "close",
    "follow_up",
)

# Optional steps of the one lifecycle; a policy switches on the ones its procedure has.
STEPS = (
    "screen",  # P2.8 in scope / out of scope / malicious
    "verify",  # P5.2 valid / invalid
    "plan",  # P2.9 handling plan within 3 days
    "site_visit",  # P3.e-h technician on site
    "responsibility",  # P1.4, P3.g responsibility determination
    "set_aside",  # P4.4.3.2 to-be-improved
    "sign_off",  # P4.5.3 department head signs off
    "callback",  # P4.9, P5.5
    "follow_up",  # P4.8 every 3 days
)

CLOSURE_CONDITIONS = (
    "satisfied_callback",  # P4.10: latest callback satisfied or basically satisfied
    "callback_done",  # P5.5: a callback was recorded (reached)
    "result_reply",  # P2.9, P5.4: the complainant was told the result
    "customer_confirmation",  # P3.h: customer confirmed the site service
    "responsibility_determined",  # P1.4
    "head_signoff",  # P4.5.3
    "handling_plan",  # P2.9
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(Strict):
    """All given fields must match; a list means any of its values."""

    kind: Kind | list[Kind] | None = None
    channel: Channel | list[Channel] | None = None
    category: str | list[str] | None = None
    urgent: bool | None = None
    severity: Severity | list[Severity] | None = None
    region: Region | list[Region] | None = None
    quality: Literal["quality", "non_quality"] | None = None
    equipment_type: str | list[str] | None = None
    equipment_stage: str | list[str] | None = None
    complaint_type: Literal["complaint", "to_be_improved"] | None = None
    confidential: bool | None = None
    anonymous: bool | None = None

    def matches(self, values: dict[str, Any], category_ancestors: tuple[str, ...] = ()) -> bool:
        for field in CONDITION_FIELDS:
            wanted = getattr(self, field)
            if wanted is None:
                continue
            allowed = wanted if isinstance(wanted, list) else [wanted]
            allowed = [str(a.value) if hasattr(a, "value") else a for a in allowed]
            actual = values.get(field)
            if field == "category":
                # A rule on a category also covers its subcategories.
                if not ({actual, *category_ancestors} & set(allowed)):
                    return False
            elif actual not in allowed:
                return False
        return True


class Category(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    label: str
    label_en: str = ""
    clause: str = ""
    urgent: bool = False  # P4.7.1 same-day dispatch suggested for this category
    keywords: list[str] = []
    children: list[Category] = []


class Department(Strict):
    """A department the policy routes to, by code; `tousu setup` creates missing ones."""

    code: str = Field(pattern=CODE_PATTERN)
    name: str
    kind: str = "other"
    parent: str | None = None


class Route(Strict):
    when: Condition = Condition()
    department: str = Field(pattern=CODE_PATTERN)
    clause: str = ""


class Duration(Strict):
    amount: int = Field(ge=0)
    unit: Literal["calendar_days", "working_days", "hours", "same_day"]


class ClockTrigger(Strict):
    on: str
    when: Condition = Condition()
    # Matches data of the event itself, e.g. {"reply_kind": "second"} for a reply.
    data: dict[str, str | bool | list[str]] = {}
    # A start trigger starts a clock that has never run. With `again`, it also starts a
    # new cycle of one that has finished (e.g. handling again after a reopen, P4.10).
    again: bool = False

    @field_validator("on")
    @classmethod
    def known_event(cls, value: str) -> str:
        if value not in CLOCK_EVENTS:
            raise ValueError(f"unknown event {value!r}; known: {', '.join(CLOCK_EVENTS)}")
        return value


class Clock(Strict):
    name: str = Field(pattern=CODE_PATTERN)
    label: str
    label_en: str = ""
    clause: str = ""
    start: list[ClockTrigger] = Field(min_length=1)
    stop: list[ClockTrigger] = Field(min_length=1)
    duration: Duration | None = None
    # Duration chosen by a case field, e.g. P3.e site visit by region.
    duration_by: str | None = None
    durations: dict[str, Duration] = {}
    # Recurring clocks (P4.8 follow-up every 3 days) start a new cycle when met,
    # until one of `until` happens.
    recurring: bool = False
    until: list[ClockTrigger] = []
    # Civil Code counting: the start day is not counted and a period ending on a
    # day off ends on the next working day. A policy may switch it off.
    legal_counting: bool = True

    @model_validator(mode="after")
    def one_duration(self) -> Clock:
        if (self.duration is None) == (self.duration_by is None):
            raise ValueError("give either `duration` or `duration_by` with `durations`")
        if self.duration_by is not None:
            if self.duration_by not in CONDITION_FIELDS:
                raise ValueError(f"duration_by must be one of {', '.join(CONDITION_FIELDS)}")
            if not self.durations:
                raise ValueError("`duration_by` needs `durations`")
        if self.recurring and not self.until:
            raise ValueError("a recurring clock needs `until`")
        return self


def _known_closure_conditions(value: list[str]) -> list[str]:
    for item in value:
        if item not in CLOSURE_CONDITIONS:
            raise ValueError(f"unknown closure condition {item!r}; known: {', '.join(CLOSURE_CONDITIONS)}")
    return value


class ConditionalClosure(Strict):
    """Closure conditions for some cases only, e.g. customer sign-off for quality complaints (P3.h)."""

    when: Condition
    requires: list[str] = Field(min_length=1)
    clause: str = ""

    _known = field_validator("requires")(_known_closure_conditions)


class Closure(Strict):
    requires: list[str] = []
    clause: str = ""
    also: list[ConditionalClosure] = []

    _known = field_validator("requires")(_known_closure_conditions)


class Escalation(Strict):
    when: Condition = Condition()
    to: EscalationLevel
    clause: str = ""
    # Escalate at registration/classification (major cases at once) or when a clock breaches.
    on: Literal["classified", "breached"] = "classified"
    # For `on: breached`: only these clocks (empty: any), and only once the deadline has
    # been missed for this long (none: at once), so "the department head at once, then
    # the manager a working day later" is two rules (tousu.deadlines, P4.5.3).
    clocks: list[str] = []
    after: Duration | None = None

    @model_validator(mode="after")
    def breach_fields(self) -> Escalation:
        if self.on != "breached" and (self.clocks or self.after is not None):
            raise ValueError("`clocks` and `after` apply to `on: breached` rules only")
        return self


class Steps(Strict):
    screen: bool = False
    verify: bool = False
    plan: bool = False
    site_visit: bool = False
    responsibility: bool = False
    set_aside: bool = False
    sign_off: bool = False
    callback: bool = True
    follow_up: bool = False
    # P5.4: a complaint that came by letter is answered in writing.
    written_reply_for_letters: bool = False


class Hotline(Strict):
    label: str
    label_en: str = ""
    number: str = Field(min_length=1, max_length=40)
    hours: str = ""
    hours_en: str = ""


class PublicContact(Strict):
    """The channels the organisation publishes (P2.4, P2.7, P2.14), shown on the public portal."""

    organisation: str
    organisation_en: str = ""
    hotlines: list[Hotline] = []
    mailbox: str = ""  # the published complaint e-mail address (P2.7)
    website: str = ""
    address: str = ""
    address_en: str = ""
    reception_hours: str = ""
    reception_hours_en: str = ""
    scope: str = ""  # what the organisation takes complaints about, and what it does not (P2.3, P2.8)
    scope_en: str = ""
    publicity: str = ""  # when the channels are publicised (P2.14)
    publicity_en: str = ""
    clause: str = ""


REPORT_DOCUMENTS = (
    "monthly_statistics.xlsx",  # KH-07-R02 (P4.11)
    "monthly_statistics.csv",
    "monthly_analysis.docx",  # KH-07-R03 (P4.11)
    "monthly_analysis.pdf",
    "monthly_deck.pptx",  # P1.R, P5.6
    "quarterly_summary.docx",  # P4.8
    "quarterly_summary.pdf",
    "customer_summary.xlsx",  # P3.g1
    "case_register.xlsx",
)


class ReportRecipients(Strict):
    roles: list[str] = []  # staff of these roles in the policy's departments (and without one)
    emails: list[str] = []


class Reports(Strict):
    """Reports (tousu.reports): who receives them, which are sent on schedule (P4.8, P4.11)."""

    # The clock whose first cycle measures the response rate; default: the first clock
    # the policy starts on registration.
    response_clock: str | None = None
    recipients: ReportRecipients = ReportRecipients()
    scheduled: list[str] = []

    @field_validator("scheduled")
    @classmethod
    def known_documents(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in REPORT_DOCUMENTS:
                raise ValueError(f"unknown report {item!r}; known: {', '.join(REPORT_DOCUMENTS)}")
        return value


class SuggestRule(Strict):
    """Phrases in the complaint text, or categories, that suggest a value; with its clause."""

    keywords: list[str] = []
    categories: list[str] = []
    clause: str = ""

    @model_validator(mode="after")
    def something_to_match(self) -> SuggestRule:
        if not self.keywords and not self.categories:
            raise ValueError("give `keywords`, `categories` or both")
        return self


class Retention(Strict):
    """PIPL: how long the complainant's personal data is kept after the case is closed.
    The periodic job `pipl.anonymise_expired` blanks it afterwards; categories, dates,
    departments and the timeline stay, so statistics keep working. None: kept."""

    anonymise_after_years: int | None = Field(default=None, ge=1, le=100)


class Suggest(Strict):
    """Rules for the suggestions at intake (`tousu.search.suggest`). Categories are
    suggested from each category's `keywords`; these cover the other fields."""

    # Same-day dispatch (P4.7.1): danger to people or property, failures of daily life.
    urgent: SuggestRule | None = None
    # Phrases that make a case serious or major (P5.3, P4.5.3, P3.h1).
    severity: dict[Literal["serious", "major"], SuggestRule] = {}
    # Quality vs non-quality complaints (P3.b-d).
    quality: dict[Literal["quality", "non_quality"], SuggestRule] = {}
    # Special-equipment type (P2.3).
    equipment: dict[EquipmentType, SuggestRule] = {}


# How a position stands to a case (tousu.cases.people):
RELATIONS = (
    "case_department",  # the position's unit is the department handling the case
    "department_tree",  # ... or a unit above it (a head of a parent department)
    "received_in",  # the case was received in the position's unit or below it
    "home",  # the position is in the office the case belongs to, or above it
    "organisation",  # anywhere in the case's organisation
    "assignee",  # the person responsible for the case
    "receiver",  # the first receiver (首问负责, P4.4.4)
)


class Who(Strict):
    """Positions a procedure names, as a rule over the case and the organisation. Every
    part given must hold: e.g. the head (role) of the department handling the case
    (relation) signs off (P4.5.3); the butler (duty) of the case's building (area) in the
    case's office (relation) verifies (P5.2)."""

    roles: list[Role] = []
    duties: list[Duty] = []
    unit_kinds: list[UnitKind] = []
    # The position's unit plays one of these departments of the policy (`departments`).
    functions: list[str] = []
    relation: Literal[
        "case_department", "department_tree", "received_in", "home", "organisation", "assignee", "receiver"
    ] = "home"
    area: bool = False  # the position's area covers the case's area (its building, its region)
    when: Condition = Condition()  # only for these cases


class Group(Who):
    """A named group of the procedure's people, shown in refusals («须由…»)."""

    label: str
    label_en: str = ""


class Grant(Strict):
    groups: list[str] = Field(min_length=1)
    clause: str = ""


class AssignRule(Strict):
    """Whom a case may be assigned to: for the cases `when` matches, only to a position of
    one of `groups` (P3.f: quality complaints to the quality department's technicians)."""

    when: Condition = Condition()
    groups: list[str] = Field(min_length=1)
    clause: str = ""


class People(Strict):
    """The procedure's people (docs/access.md). What is not declared keeps the defaults
    of tousu.cases.people: who sees a case by role, who may take each action by role."""

    groups: dict[str, Group] = {}
    # Who sees the policy's cases besides the defaults (P4.5.2 customer service sees every
    # complaint of its office; P5.2 the butler sees the complaints about his buildings).
    sees: list[Grant] = []
    # Who may take an action, replacing the default roles for it (P4.5.3 sign-off).
    acts: dict[str, Grant] = {}
    assigns: list[AssignRule] = []
    # Who each escalation level reaches: notified, and sees the cases at that level (P5.3).
    levels: dict[EscalationLevel, Grant] = {}
    # Who sees the complainant's contact data in full besides the receiver and the person
    # responsible (they must reach the complainant: callbacks, P4.9).
    contact: Grant | None = None

    @field_validator("acts")
    @classmethod
    def known_actions(cls, value: dict[str, Grant]) -> dict[str, Grant]:
        from tousu.cases.lifecycle import MOVES

        for action in value:
            if action not in MOVES:
                raise ValueError(f"unknown action {action!r}; known: {', '.join(MOVES)}")
        return value


class Confidentiality(Strict):
    """P2.11: the reporter's identity never reaches the party reported nor anyone else
    concerned. A confidential case shows its reporter only to the need-to-know list; to
    everyone else the reporter is absent, not masked."""

    # Kinds confidential unless the reporter waives it (special equipment: reports).
    kinds: list[Kind] = []
    # Whether the reporter may waive it; the waiver is recorded on the timeline.
    waiver: bool = True
    # Besides the receiver and the person responsible.
    need_to_know: list[str] = []
    clause: str = ""


HANDOFF_FIELDS = (
    "kind",
    "category",
    "content",
    "request",
    "equipment_type",
    "equipment_stage",
    "location",
    "region",
    "subject_org",
    "subject_department",
    "subject_person",
    "severity",
    "urgent",
    "complainant_name",
    "complainant_phone",
    "complainant_email",
    "complainant_address",
)


class Handoff(Strict):
    """A hand-off to another organisation that the procedure names (P2.4: a case needing
    inspection goes to the inspection institute, which reports its result back). Only
    these hand-offs cross an organisation's boundary, and they copy only `copies`."""

    code: str = Field(pattern=CODE_PATTERN)
    label: str
    label_en: str = ""
    clause: str = ""
    # The receiving unit (by code) and the policy the receiving organisation handles it under.
    to: str = Field(pattern=CODE_PATTERN)
    policy: str = Field(pattern=NAME_PATTERN)
    copies: list[str] = []
    # The result comes back onto this case's timeline (P2.4: both report their results back).
    result_back: bool = True

    @field_validator("copies")
    @classmethod
    def known_fields(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in HANDOFF_FIELDS:
                raise ValueError(f"unknown field {item!r}; known: {', '.join(HANDOFF_FIELDS)}")
        return value


class Policy(Strict):
    name: str = Field(pattern=NAME_PATTERN)
    title: str
    title_en: str = ""
    procedure: str = ""
    clauses: list[str] = []
    tracking_prefix: str = Field(pattern=r"^[A-Z]{1,6}$")
    kinds: list[Kind] = Field(min_length=1)
    channels: list[Channel] = Field(min_length=1)
    default_kind: Kind | None = None
    categories: list[Category] = Field(min_length=1)
    classifications: list[
        Literal["severity", "urgent", "quality", "complaint_type", "validity", "scope", "equipment", "region"]
    ] = []
    required_fields: list[str] = []
    public_fields: list[str] = []
    steps: Steps = Steps()
    departments: list[Department] = []
    routing: list[Route] = []
    default_department: str | None = None
    clocks: list[Clock] = []
    closure: Closure = Closure()
    escalation: list[Escalation] = []
    reply_channels: list[Channel] = []
    public_contact: PublicContact | None = None
    reports: Reports = Reports()
    suggest: Suggest = Suggest()
    retention: Retention = Retention()
    # P2.7: when the complaint mailbox feeding this policy is collected: "continuous", or a
    # five-field cron expression in Asia/Shanghai time ("0 9 * * 1" = Mondays 09:00).
    mailbox_collection: str = "continuous"
    # P2.10: the reporter's reward as a share of the penalty actually collected (0.08 = 8%);
    # None: this policy pays no rewards (tousu.improve.rewards).
    reward_share: Decimal | None = Field(default=None, gt=0, le=1)
    people: People = People()
    confidentiality: Confidentiality = Confidentiality()
    handoffs: list[Handoff] = []
    # Whether Open311's public listing may show this policy's cases (never a report's).
    public_listing: bool = False

    @field_validator("mailbox_collection")
    @classmethod
    def known_collection(cls, value: str) -> str:
        if value != "continuous":
            try:
                Cron.parse(value)
            except CronError as error:
                raise ValueError(f"use 'continuous' or a cron expression: {error}") from None
        return value

    @field_validator("required_fields", "public_fields")
    @classmethod
    def known_fields(cls, value: list[str]) -> list[str]:
        for item in value:
            if item not in REGISTRATION_FIELDS:
                raise ValueError(f"unknown field {item!r}; known: {', '.join(REGISTRATION_FIELDS)}")
        return value

    def category_codes(self) -> list[str]:
        out: list[str] = []

        def walk(items: list[Category]) -> None:
            for item in items:
                out.append(item.code)
                walk(item.children)

        walk(self.categories)
        return out

    def category_index(self) -> dict[str, tuple[Category, tuple[str, ...]]]:
        """Each category code with the category and the codes of its ancestors."""
        return self._category_index

    @cached_property
    def _category_index(self) -> dict[str, tuple[Category, tuple[str, ...]]]:
        # Computed once per spec: routing, clocks and closure look categories up per event.
        out: dict[str, tuple[Category, tuple[str, ...]]] = {}

        def walk(items: list[Category], ancestors: tuple[str, ...]) -> None:
            for item in items:
                out[item.code] = (item, ancestors)
                walk(item.children, (*ancestors, item.code))

        walk(self.categories, ())
        return out


Location = tuple[str | int, ...]


def cross_field_problems(spec: Policy) -> list[tuple[Location, str]]:
    """Checks that span fields, each with the location of the offending value, so the
    loader can name its line: unknown departments and categories, duplicate names."""
    problems: list[tuple[Location, str]] = []
    codes = spec.category_codes()
    known_categories = set(codes)
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append((("categories",), f"duplicate category code {code!r}"))
    departments = {d.code for d in spec.departments}

    def check_condition(condition: Condition, at: Location) -> None:
        wanted = condition.category
        for code in [wanted] if isinstance(wanted, str) else wanted or []:
            if code not in known_categories:
                problems.append(((*at, "category"), f"category {code!r} is not in `categories`"))

    for i, route in enumerate(spec.routing):
        if route.department not in departments:
            problems.append((("routing", i, "department"), f"department {route.department!r} is not in `departments`"))
        check_condition(route.when, ("routing", i, "when"))
    if spec.default_department and spec.default_department not in departments:
        problems.append((("default_department",), f"department {spec.default_department!r} is not in `departments`"))
    seen: set[str] = set()
    for i, clock in enumerate(spec.clocks):
        if clock.name in seen:
            problems.append((("clocks", i, "name"), f"clock name {clock.name!r} is used twice"))
        seen.add(clock.name)
        for part in ("start", "stop", "until"):
            for j, trigger in enumerate(getattr(clock, part)):
                check_condition(trigger.when, ("clocks", i, part, j, "when"))
    if spec.reports.response_clock and spec.reports.response_clock not in seen:
        problems.append((("reports", "response_clock"), f"clock {spec.reports.response_clock!r} is not in `clocks`"))
    for i, rule in enumerate(spec.escalation):
        check_condition(rule.when, ("escalation", i, "when"))
        for j, name in enumerate(rule.clocks):
            if name not in seen:
                problems.append((("escalation", i, "clocks", j), f"clock {name!r} is not in `clocks`"))
    for i, extra in enumerate(spec.closure.also):
        check_condition(extra.when, ("closure", "also", i, "when"))
    suggest_rules: list[tuple[Location, SuggestRule | None]] = [(("suggest", "urgent"), spec.suggest.urgent)]
    for part in ("severity", "quality", "equipment"):
        for key, rule in getattr(spec.suggest, part).items():
            suggest_rules.append((("suggest", part, str(getattr(key, "value", key))), rule))
    for at, suggest_rule in suggest_rules:
        for code in suggest_rule.categories if suggest_rule else []:
            if code not in known_categories:
                problems.append(((*at, "categories"), f"category {code!r} is not in `categories`"))
    if spec.default_kind and spec.default_kind not in spec.kinds:
        problems.append((("default_kind",), "default_kind must be one of `kinds`"))
    problems += _people_problems(spec, departments, check_condition)
    return problems


def _people_problems(spec: Policy, departments: set[str], check_condition: Any) -> list[tuple[Location, str]]:
    """The procedure's people name groups, departments and categories the policy has."""
    problems: list[tuple[Location, str]] = []
    people = spec.people
    for name, group in people.groups.items():
        for j, function in enumerate(group.functions):
            if function not in departments:
                problems.append(
                    (("people", "groups", name, "functions", j), f"department {function!r} is not in `departments`")
                )
        check_condition(group.when, ("people", "groups", name, "when"))

    def check_groups(names: list[str], at: Location) -> None:
        for j, name in enumerate(names):
            if name not in people.groups:
                problems.append(((*at, j), f"group {name!r} is not in `people.groups`"))

    for i, grant in enumerate(people.sees):
        check_groups(grant.groups, ("people", "sees", i, "groups"))
    for action, grant in people.acts.items():
        check_groups(grant.groups, ("people", "acts", action, "groups"))
    for i, rule in enumerate(people.assigns):
        check_groups(rule.groups, ("people", "assigns", i, "groups"))
        check_condition(rule.when, ("people", "assigns", i, "when"))
    for level, grant in people.levels.items():
        check_groups(grant.groups, ("people", "levels", str(getattr(level, "value", level)), "groups"))
    if people.contact is not None:
        check_groups(people.contact.groups, ("people", "contact", "groups"))
    check_groups(spec.confidentiality.need_to_know, ("confidentiality", "need_to_know"))
    for j, kind in enumerate(spec.confidentiality.kinds):
        if kind not in spec.kinds:
            problems.append((("confidentiality", "kinds", j), f"kind {kind!r} is not in `kinds`"))
    seen: set[str] = set()
    for i, handoff in enumerate(spec.handoffs):
        if handoff.code in seen:
            problems.append((("handoffs", i, "code"), f"hand-off {handoff.code!r} is declared twice"))
        seen.add(handoff.code)
    return problems
