"""`tousu complaint create|show|list`: cases from scripts, through the same domain
functions as the API (intake.register, selectors), with the same validation."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from tousu.api import render
from tousu.cases import intake, selectors
from tousu.cases.errors import DomainError, NotFound
from tousu.cases.models import Clock, Complaint, Event
from tousu.cases.vocab import ClockState, Role, State
from tousu.policies.models import Policy

# Registration fields with their own option; any other goes through --field NAME=VALUE.
FIELD_OPTIONS = {
    "name": "complainant_name",
    "phone": "complainant_phone",
    "unit": "complainant_unit",
    "address": "complainant_address",
    "contact": "contact_person",
    "email": "complainant_email",
    "category": "category",
    "kind": "kind",
    "request": "request",
    "severity": "severity",
    "quality": "quality",
    "region": "region",
    "equipment_type": "equipment_type",
    "equipment_stage": "equipment_stage",
    "location": "location",
    "subject_org": "subject_org",
}


class Command(BaseCommand):
    help = "Register, show and list complaints from scripts (`--json` for machine-readable output)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)

        create = sub.add_parser("create", help="register a complaint")
        create.add_argument("--policy", required=True, help="policy name, e.g. property-office")
        create.add_argument("--channel", required=True, help="phone, visit, letter, hotline, web, ...")
        create.add_argument("--content", required=True, help="what the complainant says")
        for option in FIELD_OPTIONS:
            create.add_argument(f"--{option.replace('_', '-')}", dest=option)
        create.add_argument("--urgent", action="store_true", default=None, help="same-day urgent (P4.7.1)")
        create.add_argument("--anonymous", action="store_true")
        create.add_argument("--confidential", action="store_true", help="protect the reporter (P2.11)")
        create.add_argument(
            "--field", action="append", default=[], metavar="NAME=VALUE", help="any other registration field"
        )
        create.add_argument("--as", dest="as_user", metavar="USER", help="who registers (default: a complaint manager)")
        create.add_argument("--json", action="store_true")

        show = sub.add_parser("show", help="a case with its clocks and timeline")
        show.add_argument("number")
        show.add_argument("--as", dest="as_user", metavar="USER", help="whose available actions to list")
        show.add_argument("--json", action="store_true")

        listing = sub.add_parser("list", help="one line per case, newest first")
        listing.add_argument("--policy")
        listing.add_argument("--state", action="append", help="a state (repeat or comma-separate for several)")
        listing.add_argument("--department", help="department code")
        listing.add_argument("--assignee", help="username")
        listing.add_argument("--category")
        listing.add_argument("--open", action="store_true", default=None, help="open cases only")
        listing.add_argument("--overdue", action="store_true", default=None, help="open cases past a deadline")
        listing.add_argument("--order", choices=["received", "due"], default="received")
        listing.add_argument("--limit", type=int, default=50)
        listing.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['sub']}")(options)
        except DomainError as error:
            raise CommandError(_explain(error)) from None

    # --- create -------------------------------------------------------------------------
    def _create(self, options: dict[str, Any]) -> None:
        actor = _actor(options["as_user"], required=True, policy=options["policy"])
        payload: dict[str, Any] = {
            "policy": options["policy"],
            "channel": options["channel"],
            "content": options["content"],
        }
        for option, field in FIELD_OPTIONS.items():
            if options[option] is not None:
                payload[field] = options[option]
        for flag in ("urgent", "anonymous", "confidential"):
            if options[flag]:
                payload[flag] = True
        for item in options["field"]:
            name, sep, value = item.partition("=")
            if not sep or not name:
                raise CommandError(f"--field takes NAME=VALUE, not {item!r}")
            payload[name.strip()] = value
        complaint = intake.register(payload, actor=actor).complaint
        if options["json"]:
            self._json(render.created(complaint))
            return
        self.stdout.write(f"tracking number: {complaint.number}")
        self.stdout.write(f"verification code: {complaint.verification_code}")
        department = complaint.department.code if complaint.department else "-"
        due = _local(complaint.next_due_at) if complaint.next_due_at else "-"
        self.stdout.write(f"state: {complaint.state}  department: {department}  next due: {due}")

    # --- show ---------------------------------------------------------------------------
    def _show(self, options: dict[str, Any]) -> None:
        complaint = _case(options["number"])
        actor = _actor(options["as_user"], required=False)
        if options["json"]:
            self._json(render.detail(complaint, actor))
            return
        c, now = complaint, timezone.now()
        out = self.stdout.write
        version = c.policy_version.number
        out(f"{c.number}  {c.policy_name} v{version}  {c.kind}  state: {c.state} ({State(c.state).label})")
        received_by = c.received_by.username if c.received_by else "-"
        out(f"received {_local(c.received_at)} via {c.channel} by {received_by}; code {c.verification_code}")
        contact = c.contact_person if c.contact_person != c.complainant_name else ""
        who = " ".join(v for v in (c.complainant_name, c.complainant_phone, c.complainant_unit) if v)
        out(f"complainant: {who or '(anonymous)'}{f'  contact: {contact}' if contact else ''}")
        where = " ".join(v for v in (c.complainant_address, c.location, c.subject_org) if v)
        if where:
            out(f"address / location / party: {where}")
        flags = (
            [f"severity {c.severity}"]
            + (["urgent"] if c.urgent else [])
            + ([f"escalated to {c.escalation_level}"] if c.escalation_level else [])
        )
        out(f"category: {c.category or '-'}  {'  '.join(flags)}")
        department = c.department.code if c.department else "-"
        out(f"department: {department}  assignee: {c.assignee.username if c.assignee else '-'}")
        out(f"content: {c.content}")
        if c.request:
            out(f"request: {c.request}")
        for label, value in (("plan", c.handling_plan), ("outcome", c.outcome), ("satisfaction", c.satisfaction)):
            if value:
                out(f"{label}: {value}")
        out("clocks (Asia/Shanghai):" if c.clocks.exists() else "clocks: none")
        for k in Clock.objects.filter(complaint=c).order_by("started_at", "name", "cycle"):
            overdue = k.state == ClockState.RUNNING and k.due_at < now
            notes = (["estimated"] if k.estimated else []) + (["OVERDUE"] if overdue else [])
            notes += [f"extended {len(k.extensions)}x"] if k.extensions else []
            met = f"  done {_local(k.met_at)}" if k.met_at else ""
            out(f"  {k.name} #{k.cycle}  {k.state}  due {_local(k.due_at)}{met}  {' '.join(notes)}".rstrip())
        for a in c.attachments.order_by("pk"):
            out(f"attachment: {a.name} ({a.size} bytes{', generated' if a.generated else ''})")
        out("timeline:")
        for e in Event.objects.filter(complaint=c).select_related("actor").order_by("seq"):
            actor_name = e.actor.username if e.actor else e.actor_kind
            moved = e.state_before and e.state_before != e.state_after
            change = f"{e.state_before} → {e.state_after}" if moved else e.state_after
            detail = "  " + _brief(e.data, e.note) if e.data or e.note else ""
            out(f"  {e.seq:>2}  {_local(e.at)}  {e.action:<24} {actor_name:<14} {change}{detail}".rstrip())

    # --- list ---------------------------------------------------------------------------
    def _list(self, options: dict[str, Any]) -> None:
        states = [s.strip() for item in options["state"] or [] for s in item.split(",") if s.strip()]
        unknown = sorted(set(states) - set(State.values))
        if unknown:
            raise CommandError(f"unknown state {', '.join(unknown)}; known: {', '.join(State.values)}")
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1")
        filters = selectors.CaseFilters(
            state=states or None,
            policy=options["policy"],
            department=options["department"],
            assignee=options["assignee"],
            category=options["category"],
            open=options["open"],
            overdue=options["overdue"],
        )
        now = timezone.now()
        qs = selectors.filtered(filters, now).select_related("department", "assignee")
        page = selectors.page(qs, options["order"], None, options["limit"])
        if options["json"]:
            self._json({"items": [render.summary(c) for c in page.items], "more": page.next_cursor is not None})
            return
        for c in page.items:
            due = _local(c.next_due_at) if c.next_due_at else "-"
            mark = "!" if c.is_open and c.next_due_at and c.next_due_at < now else " "
            department = c.department.code if c.department else "-"
            excerpt = c.content.replace("\n", " ")[:28]
            self.stdout.write(
                f"{c.number}  {c.state:<14} {_local(c.received_at)}  due {due}{mark} {department:<20} "
                f"{(c.assignee.username if c.assignee else '-'):<14} {'U' if c.urgent else ' '} {excerpt}"
            )
        if page.next_cursor:
            self.stdout.write(f"… more than {options['limit']}; raise --limit or narrow the filters")

    def _json(self, value: Any) -> None:
        self.stdout.write(json.dumps(_localized(value), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))


def _actor(username: str | None, *, required: bool, policy: str | None = None) -> User | None:
    """The user named, else a complaint manager (of the policy's organisation)."""
    if username:
        user = User.objects.select_related("staff").filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        return user
    managers = User.objects.select_related("staff").filter(positions__role=Role.COMPLAINT_MANAGER, is_active=True)
    organisation = Policy.objects.filter(name=policy).values_list("organisation_id", flat=True).first()
    if organisation is not None:  # an unknown policy is refused by intake, in its words
        managers = managers.filter(positions__unit__organisation_id=organisation)
    user = managers.order_by("pk").first()
    if user is None and required:
        raise CommandError("no complaint manager exists to act: give --as USERNAME")
    return user


def _case(number: str) -> Complaint:
    try:
        return selectors.complaint_by_number(number.strip().upper())
    except NotFound:
        raise CommandError(f"no case with tracking number {number!r}") from None


def _explain(error: DomainError) -> str:
    lines = [str(error.message)]
    for field, messages in error.details.items():
        lines.append(f"  {field}: {'; '.join(str(m) for m in messages)}")
    return "\n".join(lines)


def _local(value: dt.datetime) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


def _localized(value: Any) -> Any:
    """Times in Asia/Shanghai (the settings' zone), as the desk shows them."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dict):
        return {k: _localized(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_localized(v) for v in value]
    return value


def _brief(data: dict[str, Any], note: str) -> str:
    """The few words of an event's data worth a line: a reply's kind, a decision, a reason."""
    keys = ("reply_kind", "decision", "to", "assignee", "outcome", "satisfaction", "reason", "clock", "amount", "into")
    parts = [f"{k}={data[k]}" for k in keys if data.get(k) not in (None, "")]
    if note:
        parts.append(f"note: {note[:40]}")
    return " ".join(parts)
