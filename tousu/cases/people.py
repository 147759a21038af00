"""The procedure's people: who may see a case, act on it, be given it, be told of it and
see its complainant, decided from a person's positions by rules over the case and the
organisation (docs/access.md).

A rule (`policies.schema.Who`) names positions: roles, duties, the kind of unit, the
policy department the unit plays, and how the position stands to the case (`relation`:
the department handling it, the office it belongs to, ...). Each rule is read two ways
that must agree: `matches` for one case in Python (may this person act now?) and
`condition` as SQL over every case (the scope of a list: one query, however many
positions). `tests/access/test_people_rules.py` checks that they agree.

What no policy declares is the default here: each role sees what it always saw, now
within its own organisation (DEFAULT_SEES), and may take the actions the lifecycle table
gives its role on the cases it sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Q

from tousu.cases.models import Complaint
from tousu.cases.values import case_values
from tousu.cases.vocab import EscalationLevel, Role, UnitKind
from tousu.org import tree as org_tree
from tousu.org.positions import POSITION_COLUMNS, Held, held_by, held_from_row, held_of
from tousu.policies import registry
from tousu.policies.schema import Condition, Who
from tousu.policies.schema import Policy as PolicySpec

R = Role

# Who sees a case whatever the policy says: the person responsible and the first receiver;
# the department handling it; its head, and above (and what the head's unit took in);
# the complaint managers and executives of its office or above it, never of another
# organisation.
DEFAULT_SEES: tuple[Who, ...] = (
    Who(relation="assignee"),
    Who(relation="receiver"),
    Who(roles=[R.RECEPTIONIST, R.HANDLER], relation="case_department"),
    Who(roles=[R.DEPARTMENT_HEAD], relation="department_tree"),
    Who(roles=[R.DEPARTMENT_HEAD], relation="received_in"),
    Who(roles=[R.COMPLAINT_MANAGER, R.EXECUTIVE], relation="home"),
)

# Who each escalation level reaches when the policy does not say: the first rule that
# names anyone (P4.5.3 the office manager, else the complaint managers; P3.h1 the
# general manager).
DEFAULT_LEVELS: dict[str, tuple[Who, ...]] = {
    EscalationLevel.DEPARTMENT_HEAD: (Who(roles=[R.DEPARTMENT_HEAD], relation="case_department"),),
    EscalationLevel.MANAGER: (
        Who(roles=[R.EXECUTIVE], unit_kinds=[UnitKind.MANAGEMENT_OFFICE], relation="home"),
        Who(roles=[R.COMPLAINT_MANAGER], relation="home"),
    ),
    EscalationLevel.EXECUTIVE: (Who(roles=[R.EXECUTIVE], relation="home"),),
}
LEVEL_ORDER = ["", EscalationLevel.DEPARTMENT_HEAD, EscalationLevel.MANAGER, EscalationLevel.EXECUTIVE]

# Who sees the complainant's contact data in full, and who is on the need-to-know list of a
# confidential reporter, besides the receiver and the person responsible (P2.11).
RECEIVER_AND_RESPONSIBLE: tuple[Who, ...] = (Who(relation="assignee"), Who(relation="receiver"))
COMPLAINT_OFFICE: tuple[Who, ...] = (Who(roles=[R.COMPLAINT_MANAGER], relation="home"),)


# --- one rule, one position, one case -------------------------------------------------


def _position_fits(who: Who, held: Held, tree: org_tree.Tree) -> bool:
    """The parts of a rule that concern the position alone."""
    if not held.works_cases:
        return False
    if who.roles and held.role not in who.roles:
        return False
    if who.duties and not (held.duties & {str(d) for d in who.duties}):
        return False
    if who.area and not held.area:
        return False
    if who.unit_kinds or who.functions:
        node = tree.nodes.get(held.unit_id) if held.unit_id is not None else None
        if node is None:
            return False
        if who.unit_kinds and node.kind not in who.unit_kinds:
            return False
        if who.functions and node.plays not in who.functions:
            return False
    return True


def _around(held: Held, tree: org_tree.Tree) -> list[int]:
    """The homes a position belongs to or stands above: the nearest home at or above its
    unit (the office it works in; the organisation's root where a policy runs there) and
    every unit below it (the offices a company's manager stands over). Not the homes
    further up: an office's complaint manager does not see a company-wide policy's cases."""
    if held.unit_id is None:
        return []
    homes = registry.all_homes()
    own = tree.home_of(held.unit_id, homes)
    # Only units that are homes: a case's home is always one, and the IN list stays short.
    below = [u for u in tree.subtree(held.unit_id) if u in homes]
    return list(dict.fromkeys([*([own] if own is not None else []), *below]))


def matches(who: Who, held: Held, case: Complaint, spec: PolicySpec | None, tree: org_tree.Tree) -> bool:
    """Does this position fit the rule for this case?"""
    if not _position_fits(who, held, tree):
        return False
    if who.area and case.area not in held.area:
        return False
    if not who.when.matches(case_values(case), _ancestors(spec, case.category)):
        return False
    relation, unit = who.relation, held.unit_id
    if relation == "assignee":
        return case.assignee_id == held.user_id
    if relation == "receiver":
        return case.received_by_id == held.user_id
    if unit is None:
        return False
    if relation == "case_department":
        return case.department_id == unit
    if relation == "department_tree":
        return tree.within(case.department_id, unit)
    if relation == "received_in":
        return tree.within(case.received_in_id, unit)
    if relation == "home":
        return case.home_id in _around(held, tree)
    # organisation
    node = tree.nodes.get(unit)
    return node is not None and case.organisation_id == node.organisation_id


# A rule as SQL, before it becomes a Q: the conditions it ANDs, each a case field and the
# values it may take. Kept as data so that a scope of many positions can be simplified.
Term = tuple[tuple[str, tuple[Any, ...]], ...]


def term(who: Who, held: Held, spec: PolicySpec | None, tree: org_tree.Tree) -> Term | None:
    """The rule's conditions on a case for this position (None: it can match no case)."""
    if not _position_fits(who, held, tree):
        return None
    relation, unit = who.relation, held.unit_id
    parts: list[tuple[str, tuple[Any, ...]]]
    if relation == "assignee":
        parts = [("assignee_id", (held.user_id,))]
    elif relation == "receiver":
        parts = [("received_by_id", (held.user_id,))]
    elif unit is None:
        return None
    elif relation == "case_department":
        parts = [("department_id", (unit,))]
    elif relation == "department_tree":
        parts = [("department_id", tuple(sorted(tree.subtree(unit))))]
    elif relation == "received_in":
        parts = [("received_in_id", tuple(sorted(tree.subtree(unit))))]
    elif relation == "home":
        parts = [("home_id", tuple(sorted(_around(held, tree))))]
    else:
        parts = [("organisation_id", (tree.nodes[unit].organisation_id,))]
    if who.area:
        parts.append(("area", tuple(sorted(held.area))))
    parts += _condition_parts(who.when, spec)
    return tuple(parts)


def as_q(conditions: Term, prefix: str = "") -> Q:
    q = Q()
    for name, values in conditions:
        q &= Q(**{prefix + name: values[0]}) if len(values) == 1 else Q(**{f"{prefix}{name}__in": list(values)})
    return q


def condition(who: Who, held: Held, spec: PolicySpec | None, tree: org_tree.Tree, prefix: str = "") -> Q | None:
    """The same rule as SQL over cases (None: this position can match no case)."""
    found = term(who, held, spec, tree)
    return as_q(found, prefix) if found is not None else None


def union(terms: Iterable[Term], prefix: str = "") -> Q | None:
    """OR of the terms, simplified: single conditions on one field become one IN list, and
    a term implied by such a list is dropped (the office's cases already include the
    office's cases of one policy). None for no term."""
    single: dict[str, set[Any]] = {}
    compound: list[Term] = []
    for t in dict.fromkeys(terms):
        if len(t) == 1:
            single.setdefault(t[0][0], set()).update(t[0][1])
        else:
            compound.append(t)
    kept = [t for t in compound if not any(name in single and set(values) <= single[name] for name, values in t)]
    parts = [((name, tuple(sorted(values))),) for name, values in single.items()] + kept
    if not parts:
        return None
    q = Q()
    for part in parts:
        q |= as_q(part, prefix)
    return q


def _ancestors(spec: PolicySpec | None, category: str) -> tuple[str, ...]:
    entry = spec.category_index().get(category or "") if spec is not None else None
    return entry[1] if entry else ()


def _condition_parts(when: Condition, spec: PolicySpec | None) -> list[tuple[str, tuple[Any, ...]]]:
    """A policy condition as SQL conditions: a rule on a category covers its subcategories."""
    parts = []
    for name, wanted in when.model_dump(exclude_none=True).items():
        values = wanted if isinstance(wanted, list) else [wanted]
        if name == "category" and spec is not None:
            index = spec.category_index()
            # The named categories (even one the policy no longer lists: the Python reading
            # compares the case's own code too) and every category below them.
            below = [code for code, (_, ancestors) in index.items() if set(ancestors) & set(values)]
            values = list(dict.fromkeys([*values, *below]))
        parts.append((name, tuple(values)))
    return parts


# --- a person and a case ---------------------------------------------------------------


def _spec(case: Complaint) -> PolicySpec | None:
    return registry.current_spec(case.policy_name)


def _groups(spec: PolicySpec, names: Iterable[str]) -> list[Who]:
    return [spec.people.groups[name] for name in names if name in spec.people.groups]


def _seeing_rules(spec: PolicySpec) -> list[tuple[Who, list[str] | None]]:
    """The policy's own rules for who sees its cases: `sees`, and each escalation level's
    people for the cases at that level or higher (P5.3)."""
    rules: list[tuple[Who, list[str] | None]] = [
        (who, None) for grant in spec.people.sees for who in _groups(spec, grant.groups)
    ]
    for level, grant in spec.people.levels.items():
        higher = [str(v) for v in LEVEL_ORDER[LEVEL_ORDER.index(level) :]]
        rules += [(who, higher) for who in _groups(spec, grant.groups)]
    return rules


def position_sees(
    held: Held, case: Complaint, spec: PolicySpec | None, tree: org_tree.Tree, personal: bool = True
) -> bool:
    """Does this position see the case (`personal=False`: not counting the relations of
    its holder as a person, PERSONAL)?"""
    if any(matches(who, held, case, spec, tree) for who in DEFAULT_SEES if personal or who.relation not in PERSONAL):
        return True
    if spec is None:
        return False
    return any(
        (levels is None or case.escalation_level in levels) and matches(who, held, case, spec, tree)
        for who, levels in _seeing_rules(spec)
        if personal or who.relation not in PERSONAL
    )


# Relations of a person, not of a position: the first receiver, the person responsible.
PERSONAL = frozenset({"assignee", "receiver"})


def position_acts(held: Held, case: Complaint, spec: PolicySpec | None, tree: org_tree.Tree) -> bool:
    """Does this position see the case in a way that lets its role act on it? A person
    sees what they received or are responsible for by any of their positions; they act
    on it only by a position of the case's office (or above it): a handler of one office
    who took a call as the receptionist of another does not handle it as a handler."""
    if position_sees(held, case, spec, tree, personal=False):
        return True
    return _stands_in(held, case, tree) and position_sees(held, case, spec, tree)


def offices_of(held: Held, tree: org_tree.Tree) -> list[int]:
    """The homes (offices) a position works in or stands above."""
    return _around(held, tree)


def _stands_in(held: Held, case: Complaint, tree: org_tree.Tree) -> bool:
    if held.unit_id is None:
        return False
    if case.home_id is not None:
        return case.home_id in _around(held, tree)
    node = tree.nodes.get(held.unit_id)
    return node is not None and node.organisation_id == case.organisation_id


def sees(user: Any, case: Complaint) -> bool:
    """May `user` see this case (the Python twin of `scope_q`)?"""
    spec, tree = _spec(case), org_tree.current()
    return any(position_sees(h, case, spec, tree) for h in held_by(user))


# The condition built for a set of positions, kept while the unit tree and the policies'
# current versions are the ones it was built from (every request of a user asks for it).
_scopes: dict[tuple[tuple[Held, ...], str], tuple[object, object, Q | None]] = {}
MAX_SCOPES = 4096


def scope_q(user: Any, prefix: str = "") -> Q | None:
    """Every case `user` may see, as one condition (None: the user holds no position that
    sees any case)."""
    held = tuple(held_by(user))
    if not held:
        return None
    tree, current = org_tree.current(), registry.current_versions()
    hit = _scopes.get((held, prefix))
    if hit is not None and hit[0] is tree and hit[1] is current:
        return hit[2]
    condition = _scope_q(held, prefix, tree)
    if len(_scopes) >= MAX_SCOPES:
        _scopes.clear()
    _scopes[(held, prefix)] = (tree, current, condition)
    return condition


def _scope_q(held: tuple[Held, ...], prefix: str, tree: org_tree.Tree) -> Q | None:
    specs = registry.current_specs()
    terms: list[Term] = []
    for h in held:
        terms += [t for who in DEFAULT_SEES if (t := term(who, h, None, tree)) is not None]
        for spec in specs:
            for who, levels in _seeing_rules(spec):
                found = term(who, h, spec, tree)
                if found is not None:
                    found += (("policy_name", (spec.name,)),)
                    if levels is not None:
                        found += (("escalation_level", tuple(levels)),)
                    terms.append(found)
    return union(terms, prefix)


# --- acting --------------------------------------------------------------------------


@dataclass(frozen=True)
class Permission:
    allowed: bool
    groups: tuple[Who, ...] = ()  # the rule's people, to say who may act when refused
    clause: str = ""


def may_act(user: Any, action: str, case: Complaint, roles: frozenset[Role]) -> Permission:
    """May `user` take `action` on `case`: by the policy's `acts` rule for it, else by
    holding a position of one of `roles` (the lifecycle table's) that sees the case
    (`position_acts`)."""
    spec, tree = _spec(case), org_tree.current()
    held = held_by(user)
    if spec is not None and action in spec.people.acts:
        grant = spec.people.acts[action]
        groups = tuple(_groups(spec, grant.groups))
        allowed = any(matches(who, h, case, spec, tree) for who in groups for h in held)
        return Permission(allowed, groups, grant.clause)
    allowed = any(h.role in roles and position_acts(h, case, spec, tree) for h in held)
    return Permission(allowed)


def may_be_given(
    held: Held, case: Complaint, spec: PolicySpec, tree: org_tree.Tree
) -> tuple[bool, tuple[Who, ...], str]:
    """May the case (with its department already set) be assigned to this position? The
    policy's `assigns` rules for the case decide; without one, any case worker of the
    handling department (P2.9, P3.f)."""
    values, ancestors = case_values(case), _ancestors(spec, case.category)
    for rule in spec.people.assigns:
        if rule.when.matches(values, ancestors):
            groups = tuple(_groups(spec, rule.groups))
            return any(matches(who, held, case, spec, tree) for who in groups), groups, rule.clause
    default = Who(relation="case_department")
    return matches(default, held, case, spec, tree), (default,), ""


def may_be_assigned(user: Any, case: Complaint, spec: PolicySpec) -> tuple[bool, str]:
    """May the case, now with its department, be given to `user` (their own positions)?
    If not, why, naming whom it may be given to."""
    from django.utils.translation import gettext as _

    from tousu.org.models import Position

    tree = org_tree.current()
    groups: tuple[Who, ...] = ()
    clause = ""
    for p in Position.objects.filter(user_id=user.pk):
        allowed, groups, clause = may_be_given(held_of(p), case, spec, tree)
        if allowed:
            return True, ""
    if not spec.people.assigns or not clause:
        return False, _("The responsible person must belong to the department.")
    found = people_for(groups, case)
    values = {"who": describe(found, groups, tree), "clause": clause}
    return False, _("This case can only be given to %(who)s (%(clause)s).") % values


# --- who they are, for a case ----------------------------------------------------------


def level_rules(spec: PolicySpec | None, level: str) -> list[tuple[Who, ...]]:
    """The rules naming who an escalation level reaches, in order of preference."""
    if spec is not None and level in spec.people.levels:
        return [tuple(_groups(spec, spec.people.levels[level].groups))]  # type: ignore[index]
    return [(who,) for who in DEFAULT_LEVELS.get(level, ())]


def contact_rules(spec: PolicySpec | None) -> tuple[Who, ...]:
    declared = tuple(_groups(spec, spec.people.contact.groups)) if spec and spec.people.contact else ()
    return RECEIVER_AND_RESPONSIBLE + COMPLAINT_OFFICE + declared


def need_to_know_rules(spec: PolicySpec | None) -> tuple[Who, ...]:
    declared = tuple(_groups(spec, spec.confidentiality.need_to_know)) if spec else ()
    return RECEIVER_AND_RESPONSIBLE + (declared or COMPLAINT_OFFICE)


def fits_any(user: Any, rules: Sequence[Who], case: Complaint) -> bool:
    spec, tree = _spec(case), org_tree.current()
    if spec is None:
        return False
    return any(matches(who, h, case, spec, tree) for who in rules for h in held_by(user))


def fits_any_q(user: Any, rules_of: Any, prefix: str = "") -> Q:
    """Cases on which `user` fits one of the rules `rules_of(spec)` gives (by policy)."""
    tree = org_tree.current()
    held = held_by(user)
    specs = registry.current_specs()
    policies: dict[Term, set[str]] = {}
    for spec in specs:
        for who in rules_of(spec):
            for h in held:
                found = term(who, h, spec, tree)
                if found is not None:
                    policies.setdefault(found, set()).add(spec.name)
    # A rule every policy shares (the receiver, the person responsible) needs no policy.
    everywhere = {spec.name for spec in specs}
    terms = [t if names == everywhere else (*t, ("policy_name", tuple(sorted(names)))) for t, names in policies.items()]
    return union(terms, prefix) or Q(pk__in=[])


@dataclass(frozen=True)
class Person:
    user_id: int
    username: str
    display_name: str
    held: Held

    @property
    def name(self) -> str:
        return self.display_name or self.username


class Roster:
    """The active people of one organisation with their positions, and who covers for
    them now: read once (values only; the cover when first asked) and asked for each rule."""

    def __init__(self, organisation_id: int | None):
        from tousu.org.models import Position

        tree = org_tree.current()
        units = [u for u, node in tree.nodes.items() if node.organisation_id == organisation_id]
        rows = Position.objects.filter(unit_id__in=units, user__is_active=True).order_by("user_id", "id")
        self.positions = [
            (row[-2], row[-1] or "", held_from_row(row[:-2], row[1]))
            for row in rows.values_list(*POSITION_COLUMNS, "user__username", "user__staff__display_name")
        ]

    @cached_property
    def cover(self) -> list[tuple[int, int, str, str | None]]:
        # Holiday cover is rare: every current one, matched to the people found.
        from django.utils import timezone

        from tousu.org.models import Deputy

        now = timezone.now()
        cover = Deputy.objects.filter(starts_at__lte=now, ends_at__gt=now, user__is_active=True).order_by("id")
        return list(cover.values_list("for_user_id", "user_id", "user__username", "user__staff__display_name"))

    def fitting(self, fits: Callable[[Held], bool]) -> list[Person]:
        """Who holds a position that `fits`, first position first, and their deputies."""
        found: dict[int, Person] = {}
        for username, display_name, held in self.positions:
            if held.user_id not in found and fits(held):
                found[held.user_id] = Person(held.user_id, username, display_name, held)
        for for_user_id, user_id, username, display_name in self.cover:
            if for_user_id in found and user_id not in found:
                found[user_id] = Person(user_id, username, display_name or "", found[for_user_id].held)
        return list(found.values())


def _candidates(case: Complaint, fits: Callable[[Held], bool]) -> list[Person]:
    """The active people of the case's organisation with a position that `fits`, and
    whoever acts for them now."""
    if case.organisation_id is None:
        return []
    return Roster(case.organisation_id).fitting(fits)


def people_for(rules: Sequence[Who], case: Complaint) -> list[Person]:
    """Who fits one of `rules` for this case (to notify them, to name them)."""
    spec, tree = _spec(case), org_tree.current()
    if spec is None:
        return []
    return _candidates(case, lambda held: any(matches(who, held, case, spec, tree) for who in rules))


def who_may_act(action: str, case: Complaint, roles: frozenset[Role]) -> list[Person]:
    """The people who may take `action` on this case now (named in a refusal)."""
    spec, tree = _spec(case), org_tree.current()
    if spec is None:
        return []
    if action in spec.people.acts:
        return people_for(_groups(spec, spec.people.acts[action].groups), case)
    return _candidates(case, lambda held: held.role in roles and position_acts(held, case, spec, tree))


def describe(people: Sequence[Person], rules: Sequence[Any], tree: org_tree.Tree | None = None, limit: int = 3) -> str:
    """Who may act, in words: the people by job and name (工程部主管赵国强), else the
    groups' labels."""
    from django.utils import translation

    tree = tree or org_tree.current()
    if people:
        named = []
        for person in people[:limit]:
            job = person.held.title or f"{tree.name(person.held.unit_id)}{person.held.role.label}"
            named.append(f"{job}{person.name}")
        more = "…" if len(people) > limit else ""
        return "、".join(named) + more
    english = translation.get_language() == "en"
    labels = [getattr(r, "label_en", "") if english else getattr(r, "label", "") for r in rules]
    return " / ".join(label for label in labels if label) or "—"


def complaint_office_homes(user: Any) -> frozenset[int]:
    """The offices (homes) whose complaint office `user` is in: where they see the
    complainant in full in lists (tousu.cases.personal.row_name). Kept on the user object
    for the request, like the positions: a list asks once per row."""
    if user is None:
        return frozenset()
    cached = getattr(user, "_tousu_office_homes", None)
    if isinstance(cached, frozenset):
        return cached
    tree = org_tree.current()
    homes = frozenset(u for h in held_by(user) if h.role == Role.COMPLAINT_MANAGER for u in _around(h, tree))
    if hasattr(user, "__dict__"):
        user._tousu_office_homes = homes
    return homes
