"""A policy's people, routing and hand-offs resolved in an organisation: does every group
the procedure names exist there, does every department it routes to exist in every office
it runs in, does every hand-off reach another organisation that runs the named policy?
The schema checks the file alone (tousu.policies.schema); these checks need the
installation (`tousu policy validate`, `tousu policy load`, the admin's import page).

Each problem names the file and line of the YAML that cannot be resolved, as the loader's
do. A newly set-up organisation has no staff yet, so a group no position fits is then a
note, not an error; once the organisation has staff, a policy that does not resolve is not
loaded without `--force`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tousu.cases import people
from tousu.org import tree as org_tree
from tousu.org.models import Organisation, Position
from tousu.org.positions import Held, held_of
from tousu.policies.loader import Problem, locate
from tousu.policies.models import Policy
from tousu.policies.schema import Group
from tousu.policies.schema import Policy as PolicySpec

Location = tuple[Any, ...]


class UnknownOrganisation(LookupError):
    pass


@dataclass
class Resolution:
    """What resolving found: `problems` are errors (file:line: field: message), `notes`
    say what could not be checked and why."""

    organisation: Organisation | None = None
    staffed: bool = False  # the organisation has people in positions
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def refuses_loading(self) -> bool:
        """A policy that does not resolve is not loaded where people already work by it."""
        return self.staffed and bool(self.problems)


def resolve(spec: PolicySpec, text: str, filename: str, organisation_code: str | None = None) -> Resolution:
    """Resolve `spec` (parsed from `text`) in the organisation `organisation_code`, by
    default the one that runs the policy now."""
    stored = Policy.objects.filter(name=spec.name).select_related("organisation").first()
    if organisation_code:
        organisation = Organisation.objects.filter(code=organisation_code).first()
        if organisation is None:
            raise UnknownOrganisation(organisation_code)
    else:
        organisation = stored.organisation if stored is not None else None
    if organisation is None:
        note = _(
            "not loaded yet: loading it gives it an organisation of its own; its people are resolved "
            "once it runs in one (or name one with --organisation)."
        )
        return Resolution(notes=[note])
    org_tree.forget()  # read the units as they are now, not as another request cached them
    tree = org_tree.current()
    units = [node for node in tree.nodes.values() if node.organisation_id == organisation.pk]
    held = _positions(organisation)
    found = Resolution(organisation=organisation, staffed=bool(held))
    located: list[tuple[Location, str]] = []
    if not held:
        found.notes.append(
            _("%(organisation)s has no staff yet: the groups are checked against positions once it has some.")
            % {"organisation": organisation.name}
        )
    for name, group in spec.people.groups.items():
        located += _group_problems(name, group, units, held, tree, organisation)
    homes = _homes(stored, organisation, units, found)
    located += _routing_problems(spec, homes, tree)
    located += _handoff_problems(spec, tree, organisation)
    found.problems = locate(text, filename, located) if located else []
    return found


def _positions(organisation: Organisation) -> list[Held]:
    rows = Position.objects.filter(unit__organisation=organisation).order_by("id")
    return [held_of(p) for p in rows]


def _group_problems(
    name: str,
    group: Group,
    units: list[org_tree.Node],
    held: list[Held],
    tree: org_tree.Tree,
    organisation: Organisation,
) -> list[tuple[Location, str]]:
    at: Location = ("people", "groups", name)
    words = {"organisation": organisation.name, "group": name}
    if group.functions or group.unit_kinds:
        playing = [
            u
            for u in units
            if (not group.functions or u.plays in group.functions)
            and (not group.unit_kinds or u.kind in group.unit_kinds)
        ]
        if not playing:
            what = "functions" if group.functions else "unit_kinds"
            wanted = ", ".join(group.functions or [str(k) for k in group.unit_kinds])
            message = _("no unit of %(organisation)s plays %(wanted)s, so group %(group)s names nobody.")
            return [((*at, what), message % {**words, "wanted": wanted})]
    # `condition` is None exactly when a position can never be one of the group (wrong
    # role, duty, unit or area), whatever the case: the same test the scope uses.
    if held and not any(people.condition(group, h, None, tree) is not None for h in held):
        message = _("no position of %(organisation)s fits group %(group)s (%(label)s).")
        return [(at, message % {**words, "label": group.label})]
    return []


def _homes(
    stored: Policy | None, organisation: Organisation, units: list[org_tree.Node], found: Resolution
) -> list[int]:
    """The units the policy runs in within the organisation; where it does not run there
    yet, the organisation's top units (where `tousu org import` would place it)."""
    ids = {u.id for u in units}
    if stored is not None and stored.organisation_id == organisation.pk:
        homes = sorted(h for h in stored.homes.values_list("pk", flat=True) if h in ids)
        if homes:
            return homes
    found.notes.append(
        _("does not run in %(organisation)s yet: its routing is resolved from the organisation's top unit.")
        % {"organisation": organisation.name}
    )
    return sorted(u.id for u in units if u.parent_id not in ids)


def _routing_problems(spec: PolicySpec, homes: list[int], tree: org_tree.Tree) -> list[tuple[Location, str]]:
    named: list[tuple[Location, str]] = [
        (("routing", i, "department"), route.department) for i, route in enumerate(spec.routing)
    ]
    if spec.default_department:
        named.append((("default_department",), spec.default_department))
    problems: list[tuple[Location, str]] = []
    for at, department in named:
        for home in homes:
            unit = tree.resolve(department, home)
            words = {"department": department, "home": tree.path(home)}
            if unit is None:
                problems.append((at, _("no unit plays department %(department)s within %(home)s.") % words))
            elif tree.home_of(unit, set(homes)) not in (None, home):
                # Found in another office the policy runs in, not in one serving them all.
                message = _("no unit plays department %(department)s within %(home)s; its cases would go to %(unit)s.")
                problems.append((at, message % {**words, "unit": tree.path(unit)}))
    return problems


def _handoff_problems(spec: PolicySpec, tree: org_tree.Tree, organisation: Organisation) -> list[tuple[Location, str]]:
    problems: list[tuple[Location, str]] = []
    for i, handoff in enumerate(spec.handoffs):
        to_unit = tree.by_code.get(handoff.to)
        if to_unit is None:
            message = _("no unit has the code %(code)s: the hand-off reaches nobody.")
            problems.append((("handoffs", i, "to"), message % {"code": handoff.to}))
        elif tree.nodes[to_unit].organisation_id == organisation.pk:
            message = _(
                "unit %(code)s is in %(organisation)s itself: a hand-off goes to another organisation "
                "(within one, cases are transferred)."
            )
            problems.append((("handoffs", i, "to"), message % {"code": handoff.to, "organisation": organisation.name}))
            continue
        target = Policy.objects.filter(name=handoff.policy, current__isnull=False).first()
        if target is None:
            message = _("policy %(policy)s is not loaded: nobody would handle the hand-off.")
            problems.append((("handoffs", i, "policy"), message % {"policy": handoff.policy}))
        elif to_unit is not None and tree.home_of(to_unit, set(target.homes.values_list("pk", flat=True))) is None:
            message = _("policy %(policy)s does not run in unit %(code)s (%(path)s).")
            words = {"policy": handoff.policy, "code": handoff.to, "path": tree.path(to_unit)}
            problems.append((("handoffs", i, "policy"), message % words))
    return problems
