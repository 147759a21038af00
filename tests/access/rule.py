"""The rule, read a second time: who may see a case, act on it and know its complainant,
decided straight from the policies' `people` and `confidentiality` sections and from
docs/access.md — never through `tousu.cases.people`, `tousu.cases.scope` or the rules of
`tousu.cases.personal`, whose reading it checks (tests/access/test_matrix.py). Only the
product's maskers are used, to know what a masked reporter looks like.

The tables (units, positions, cover, policies) are read once from the database into
plain values; everything after is plain Python over them.

docs/access.md, as this module reads it:

- A position (a role in a unit, with duties and an area) fits a rule when every part the
  rule names holds: the role, a duty, the kind of its unit, the policy department its unit
  plays, the case's building in its area, the rule's `when` on the case, and its
  `relation` to the case — `assignee` the person responsible, `receiver` the first
  receiver, `case_department` the unit handling it, `department_tree` a unit at or above
  the one handling it, `received_in` a unit at or above the one that received it, `home`
  the case's office is the nearest home (a unit some policy runs in) at or above the
  position's unit or any unit below it, `organisation` the case's organisation.
- Everyone sees by default: the person responsible and the first receiver; receptionists
  and handlers of the department handling it; department heads of that department or
  above it, and of the unit that received it; complaint managers and executives of the
  case's office (by `home`). A policy adds `sees`, and each escalation level's people
  for the cases at that level or higher.
- Administrators and auditors hold no place in any procedure: they see nothing.
- Someone acting for a colleague (cover) holds the colleague's positions, standing in
  for them as the person responsible and the first receiver.
- An action is open when the policy switches its step on, the case is in one of its
  states, and — if the policy's `acts` names people for it — a position fits one of those
  groups, else a position of one of the lifecycle table's roles for it sees the case.
- A confidential reporter is known only to the need-to-know list: the first receiver,
  the person responsible and the policy's `confidentiality.need_to_know` (else the
  complaint managers of the case's office). Other complainants are shown in full to
  those and to the policy's `contact` people, masked to everyone else who sees the case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from tousu.cases import personal
from tousu.cases.lifecycle import MOVES, SYSTEM_ACTIONS
from tousu.cases.models import Complaint
from tousu.org.models import Deputy, Position, Unit
from tousu.policies.models import Policy
from tousu.policies.schema import Policy as PolicySpec
from tousu.policies.schema import Who

LEVELS = ["", "department_head", "manager", "executive"]
NO_CASE_WORK = {"administrator", "auditor"}
CONDITION_FIELDS = (
    "kind channel category urgent severity region quality equipment_type equipment_stage complaint_type "
    "confidential anonymous"
).split()


@dataclass(frozen=True)
class Seat:
    """A position as its holder uses it: `owner` is the colleague when held as cover."""

    owner: int
    role: str
    unit: int | None
    duties: frozenset[str]
    area: frozenset[str]


# What no policy declares (docs/access.md, "What a policy does not declare").
DEFAULT_SEES = (
    Who(relation="assignee"),
    Who(relation="receiver"),
    Who(roles=["receptionist", "handler"], relation="case_department"),
    Who(roles=["department_head"], relation="department_tree"),
    Who(roles=["department_head"], relation="received_in"),
    Who(roles=["complaint_manager", "executive"], relation="home"),
)
RECEIVER_AND_RESPONSIBLE = (Who(relation="assignee"), Who(relation="receiver"))
COMPLAINT_OFFICE = (Who(roles=["complaint_manager"], relation="home"),)


@dataclass
class Rule:
    parent: dict[int, int | None] = field(default_factory=dict)
    organisation: dict[int, int] = field(default_factory=dict)
    kind: dict[int, str] = field(default_factory=dict)
    plays: dict[int, str] = field(default_factory=dict)
    homes: set[int] = field(default_factory=set)
    specs: dict[str, PolicySpec] = field(default_factory=dict)
    seats_of: dict[int, list[Seat]] = field(default_factory=dict)

    @classmethod
    def read(cls, now: dt.datetime | None = None) -> Rule:
        now = now or timezone.now()
        rule = cls()
        for unit in Unit.objects.all():
            rule.parent[unit.pk] = unit.parent_id
            rule.organisation[unit.pk] = unit.organisation_id
            rule.kind[unit.pk] = unit.kind
            rule.plays[unit.pk] = unit.function or unit.code
        for policy in Policy.objects.select_related("current").prefetch_related("homes"):
            rule.homes |= {u.pk for u in policy.homes.all()}
            if policy.current is not None:
                rule.specs[policy.name] = PolicySpec.model_validate(policy.current.spec)
        own: dict[int, list[Seat]] = {}
        for p in Position.objects.all():
            seat = Seat(
                p.user_id,
                p.role,
                p.unit_id,
                frozenset(d for d in p.duties.split(",") if d),
                frozenset(a for a in p.area.split(",") if a),
            )
            own.setdefault(p.user_id, []).append(seat)
        rule.seats_of = {user: list(seats) for user, seats in own.items()}
        for cover in Deputy.objects.filter(starts_at__lte=now, ends_at__gt=now):
            rule.seats_of.setdefault(cover.user_id, []).extend(own.get(cover.for_user_id, []))
        return rule

    # --- the tree --------------------------------------------------------------------

    def up(self, unit: int | None) -> list[int]:
        out: list[int] = []
        while unit is not None and unit not in out:
            out.append(unit)
            unit = self.parent.get(unit)
        return out

    def below(self, unit: int) -> set[int]:
        found = {unit}
        grew = True
        while grew:
            more = {u for u, p in self.parent.items() if p in found} - found
            found |= more
            grew = bool(more)
        return found

    def around(self, unit: int) -> set[int]:
        """The offices a position at `unit` belongs to or stands over."""
        nearest = next((u for u in self.up(unit) if u in self.homes), None)
        return ({nearest} if nearest is not None else set()) | self.below(unit)

    # --- one rule, one seat, one case -------------------------------------------------

    def fits(self, who: Who, seat: Seat, case: Complaint, spec: PolicySpec) -> bool:
        if seat.role in NO_CASE_WORK:
            return False
        if who.roles and seat.role not in {str(r) for r in who.roles}:
            return False
        if who.duties and not seat.duties & {str(d) for d in who.duties}:
            return False
        if who.unit_kinds and (seat.unit is None or self.kind[seat.unit] not in {str(k) for k in who.unit_kinds}):
            return False
        if who.functions and (seat.unit is None or self.plays[seat.unit] not in who.functions):
            return False
        if who.area and case.area not in seat.area:
            return False
        if not self.when(who, case, spec):
            return False
        if who.relation == "assignee":
            return case.assignee_id == seat.owner
        if who.relation == "receiver":
            return case.received_by_id == seat.owner
        if seat.unit is None:
            return False
        if who.relation == "case_department":
            return case.department_id == seat.unit
        if who.relation == "department_tree":
            return seat.unit in self.up(case.department_id)
        if who.relation == "received_in":
            return seat.unit in self.up(case.received_in_id)
        if who.relation == "home":
            return case.home_id in self.around(seat.unit)
        assert who.relation == "organisation", who.relation
        return case.organisation_id == self.organisation[seat.unit]

    def when(self, who: Who, case: Complaint, spec: PolicySpec) -> bool:
        for name in CONDITION_FIELDS:
            wanted = getattr(who.when, name)
            if wanted is None:
                continue
            allowed = {str(getattr(w, "value", w)) for w in (wanted if isinstance(wanted, list) else [wanted])}
            actual = getattr(case, name)
            if name == "category":
                if not ({actual, *self.category_ancestors(spec, actual)} & allowed):
                    return False
            elif str(actual) not in allowed and actual not in allowed:
                return False
        return True

    @staticmethod
    def category_ancestors(spec: PolicySpec, code: str) -> set[str]:
        def walk(categories: Any, above: tuple[str, ...]) -> set[str] | None:
            for c in categories:
                if c.code == code:
                    return set(above)
                found = walk(c.children, (*above, c.code))
                if found is not None:
                    return found
            return None

        return walk(spec.categories, ()) or set()

    def groups(self, spec: PolicySpec, names: list[str]) -> list[Who]:
        return [spec.people.groups[name] for name in names if name in spec.people.groups]

    # --- a seat or a person, and a case ----------------------------------------------

    def seat_sees(self, seat: Seat, case: Complaint) -> bool:
        spec = self.specs[case.policy_name]
        if any(self.fits(who, seat, case, spec) for who in DEFAULT_SEES):
            return True
        for grant in spec.people.sees:
            if any(self.fits(who, seat, case, spec) for who in self.groups(spec, grant.groups)):
                return True
        for level, grant in spec.people.levels.items():
            if LEVELS.index(case.escalation_level or "") >= LEVELS.index(str(level)) and any(
                self.fits(who, seat, case, spec) for who in self.groups(spec, grant.groups)
            ):
                return True
        return False

    def seats(self, user_id: int) -> list[Seat]:
        return self.seats_of.get(user_id, [])

    def sees(self, user_id: int, case: Complaint) -> bool:
        return any(self.seat_sees(seat, case) for seat in self.seats(user_id))

    def fits_any(self, user_id: int, rules: tuple[Who, ...] | list[Who], case: Complaint) -> bool:
        spec = self.specs[case.policy_name]
        return any(self.fits(who, seat, case, spec) for who in rules for seat in self.seats(user_id))

    def need_to_know(self, user_id: int, case: Complaint) -> bool:
        spec = self.specs[case.policy_name]
        declared = tuple(self.groups(spec, list(spec.confidentiality.need_to_know)))
        return self.fits_any(user_id, RECEIVER_AND_RESPONSIBLE + (declared or COMPLAINT_OFFICE), case)

    def knows_complainant(self, user_id: int, case: Complaint) -> bool:
        """May `user` find or read this case's complainant (a phone filter, a name search)?"""
        return not case.confidential or self.need_to_know(user_id, case)

    def personal_level(self, user_id: int, case: Complaint) -> str:
        if case.confidential:
            return "full" if self.need_to_know(user_id, case) else "absent"
        spec = self.specs[case.policy_name]
        contact = tuple(self.groups(spec, spec.people.contact.groups)) if spec.people.contact else ()
        return (
            "full" if self.fits_any(user_id, RECEIVER_AND_RESPONSIBLE + COMPLAINT_OFFICE + contact, case) else "masked"
        )

    def sees_restricted(self, user_id: int, case: Complaint) -> bool:
        """Restricted documents (a letter to a confidential reporter, a file marked
        confidential) are for the need-to-know list of a confidential case."""
        return self.knows_complainant(user_id, case)

    def actions(self, user_id: int, case: Complaint) -> set[str]:
        """The actions the rule opens to `user` on this case now."""
        spec = self.specs[case.policy_name]
        seats = self.seats(user_id)
        out = set()
        for name, move in MOVES.items():
            if name in SYSTEM_ACTIONS or case.state not in move.sources:
                continue
            if move.step == "handoffs" and not spec.handoffs:
                continue
            if move.step not in (None, "handoffs") and not getattr(spec.steps, move.step):
                continue
            if name in spec.people.acts:
                groups = self.groups(spec, spec.people.acts[name].groups)
                allowed = any(self.fits(who, seat, case, spec) for who in groups for seat in seats)
            else:
                roles = {str(r) for r in move.roles}
                allowed = any(seat.role in roles and self.seat_sees(seat, case) for seat in seats)
            if allowed:
                out.add(name)
        return out


def reporter_forms(name: str, phone: str, email: str, id_number: str) -> list[str]:
    """Every form a reporter's identity takes on a page: in full, masked as the product
    masks it (张*, 138****1234, w***@example.com, 1101**********1234) and the phone's
    last 8 digits."""
    forms = {name, phone, email, id_number}
    if name:
        forms.add(personal.mask_name(name))
    if phone:
        forms |= {personal.mask_phone(phone), phone[-8:]}
    if email:
        forms.add(personal.mask_email(email))
    if id_number:
        forms.add(personal.mask_id_number(id_number))
    return sorted(f for f in forms if len(f) >= 2)
