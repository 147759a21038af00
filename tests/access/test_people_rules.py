"""The two readings of a people rule agree (issue 14, docs/access.md).

A rule of the procedure's people (`Who`) is read twice: `people.matches` decides for one
case in Python (may this person act now, who is told), `people.condition` selects every
case in SQL (the scope of a list, one query). For random organisations, positions, cases
and rules, both select the same cases for every position; and for random people holding
random positions (and covering for each other), `people.sees(user, case)` is exactly
membership of the case in `scope.visible_cases(user)` under the presets' own rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tousu.cases import people, scope, vocab
from tousu.cases.models import Complaint
from tousu.org import tree as org_tree
from tousu.org.models import Deputy, Organisation, Position, Unit
from tousu.org.positions import Held
from tousu.policies import registry
from tousu.policies.models import Policy
from tousu.policies.schema import Condition, Who

EXAMPLES = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    # Shrinking rebuilds the world in the database for every try: minutes. The failing
    # example is printed as drawn.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
AREAS = ["1", "2", "3"]
RELATIONS = ["case_department", "department_tree", "received_in", "home", "organisation", "assignee", "receiver"]
UNIT_KINDS = [k.value for k in vocab.UnitKind]
DUTIES = [d.value for d in vocab.Duty]
ROLES = [r.value for r in vocab.Role]


class Rollback(Exception):
    """Leaves the example's savepoint: every example starts from the loaded presets."""


def subset(values: list[str], most: int = 2) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), max_size=most, unique=True)


def often_none(values: list[str], most: int = 2) -> st.SearchStrategy[list[str]]:
    """Mostly no restriction: a rule restricting everything at once fits nobody."""
    return st.one_of(st.just([]), st.just([]), subset(values, most))


def build_world(data: st.DataObject, users: list[Any], only: Any = None) -> dict[str, Any]:
    """Two or three organisations, each a root with offices and departments; some of the
    units become homes of the presets; cases of every preset (or `only` this one) placed
    anywhere."""
    specs = registry.current_specs()
    functions = sorted({d.code for spec in specs for d in spec.departments})
    units: list[Unit] = []
    homes: list[Unit] = []
    for o in range(data.draw(st.integers(2, 3), label="organisations")):
        organisation = Organisation.objects.create(code=f"org{o}", name=f"机构{o}")
        root = Unit.objects.create(organisation=organisation, code=f"org{o}", name=f"机构{o}", kind="organisation")
        units.append(root)
        homes.append(root)
        for f in range(data.draw(st.integers(0, 2), label="offices")):
            office = Unit.objects.create(
                organisation=organisation, code=f"org{o}_office{f}", name=f"管理处{o}{f}", kind="office", parent=root
            )
            units.append(office)
            homes.append(office)
        for d in range(data.draw(st.integers(1, 3), label="departments")):
            parent = data.draw(st.sampled_from([u for u in units if u.organisation_id == organisation.pk]))
            units.append(
                Unit.objects.create(
                    organisation=organisation,
                    code=f"org{o}_dept{d}",
                    name=f"部门{o}{d}",
                    kind=data.draw(st.sampled_from(UNIT_KINDS), label="kind"),
                    parent=parent,
                    function=data.draw(st.sampled_from(["", *functions]), label="function"),
                )
            )
    for policy in Policy.objects.all():
        policy.homes.add(*data.draw(subset([u.pk for u in homes], 3), label=f"homes of {policy.name}"))
    registry.forget()
    org_tree.forget()
    maybe_unit = st.none() | st.sampled_from([u.pk for u in units])
    maybe_user = st.none() | st.sampled_from([u.pk for u in users])
    cases = []
    for n in range(data.draw(st.integers(10, 40), label="cases")):
        spec = only or data.draw(st.sampled_from(specs), label="policy")
        categories = list(spec.category_index())
        home = data.draw(maybe_unit, label="home")
        organisation = Unit.objects.get(pk=home).organisation_id if home and data.draw(st.booleans()) else None
        cases.append(
            Complaint(
                number=f"T{n:04d}",
                verification_code="000000",
                policy_version_id=registry.current_version_id(spec.name),
                policy_name=spec.name,
                kind=data.draw(st.sampled_from(vocab.Kind.values)),
                channel=data.draw(st.sampled_from(vocab.Channel.values)),
                state=data.draw(st.sampled_from(vocab.State.values)),
                received_at=timezone.now(),
                organisation_id=organisation
                or data.draw(st.none() | st.sampled_from([u.organisation_id for u in units])),
                home_id=home,
                received_in_id=data.draw(maybe_unit, label="received in"),
                department_id=data.draw(maybe_unit, label="department"),
                assignee_id=data.draw(maybe_user, label="assignee"),
                received_by_id=data.draw(maybe_user, label="receiver"),
                area=data.draw(st.sampled_from(["", *AREAS])),
                category=data.draw(st.sampled_from(["", "retired_code", *categories])),
                severity=data.draw(st.sampled_from(vocab.Severity.values)),
                escalation_level=data.draw(st.sampled_from(["", *vocab.EscalationLevel.values])),
                urgent=data.draw(st.booleans()),
                confidential=data.draw(st.booleans()),
                anonymous=data.draw(st.booleans()),
                quality=data.draw(st.sampled_from(["", *vocab.Quality.values])),
                content="-",
            )
        )
    Complaint.objects.bulk_create(cases)
    return {"units": units, "functions": functions}


def conditions(spec: Any) -> st.SearchStrategy[Condition]:
    categories = list(spec.category_index())
    return st.builds(
        Condition,
        category=st.none() | subset([*categories, "retired_code"]),
        severity=st.none() | subset(vocab.Severity.values),
        urgent=st.none() | st.booleans(),
        confidential=st.none() | st.booleans(),
        quality=st.none() | st.sampled_from(vocab.Quality.values),
        channel=st.none() | st.sampled_from(vocab.Channel.values),
    )


def rules(spec: Any, functions: list[str]) -> st.SearchStrategy[Who]:
    return st.builds(
        Who,
        roles=often_none(ROLES),
        duties=often_none(DUTIES),
        unit_kinds=often_none(UNIT_KINDS),
        functions=often_none(functions),
        relation=st.sampled_from(RELATIONS),
        area=st.booleans(),
        when=st.just(Condition()) | st.just(Condition()) | conditions(spec),
    )


def positions(who: Who, units: list[Unit], users: list[Any]) -> st.SearchStrategy[Held]:
    """Any position, or (more often) one the rule's own parts fit: its role, its duties,
    a unit of its kind or function; the case decides the rest."""
    fitting = [u.pk for u in units if (not who.unit_kinds or u.kind in who.unit_kinds)]
    fitting = [u for u in fitting if not who.functions or Unit.objects.get(pk=u).plays in who.functions]
    # Units with units below them are where the tree relations differ from equality.
    above = [u for u in fitting if Unit.objects.filter(parent_id=u).exists()]
    roles = [r for r in vocab.Role if not who.roles or r in who.roles]
    any_position = st.builds(
        Held,
        id=st.just(0),
        user_id=st.sampled_from([u.pk for u in users]),
        role=st.sampled_from(list(vocab.Role)),
        unit_id=st.none() | st.sampled_from([u.pk for u in units]),
        title=st.just(""),
        duties=st.frozensets(st.sampled_from(DUTIES), max_size=2),
        area=st.frozensets(st.sampled_from(AREAS), max_size=2),
    )
    fit = st.builds(
        Held,
        id=st.just(0),
        user_id=st.sampled_from([u.pk for u in users]),
        role=st.sampled_from(roles),
        unit_id=st.sampled_from(above or fitting or [None]) | st.sampled_from(fitting or [None]),
        title=st.just(""),
        duties=st.just(frozenset(str(d) for d in who.duties)),
        area=st.frozensets(st.sampled_from(AREAS), min_size=1, max_size=2),
    )
    return st.one_of(any_position, fit, fit)


def make_users(n: int) -> list[Any]:
    User = get_user_model()
    return [User.objects.create_user(username=f"person{i}", password="-") for i in range(n)]


def in_a_savepoint(check: Any) -> None:
    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass
    finally:
        registry.forget()
        org_tree.forget()


def test_matches_and_condition_select_the_same_cases(setup_data: None) -> None:
    users = make_users(3)

    @EXAMPLES
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        def example() -> None:
            spec = data.draw(st.sampled_from(registry.current_specs()), label="policy")
            world = build_world(data, users, only=spec)
            tree = org_tree.current()
            cases = list(Complaint.objects.all())
            for who in data.draw(st.lists(rules(spec, world["functions"]), min_size=1, max_size=4), label="rules"):
                for held in data.draw(st.lists(positions(who, world["units"], users), min_size=1, max_size=4)):
                    in_python = {c.pk for c in cases if people.matches(who, held, c, spec, tree)}
                    q = people.condition(who, held, spec, tree)
                    in_sql = set() if q is None else set(Complaint.objects.filter(q).values_list("pk", flat=True))
                    assert in_python == in_sql, (who, held)

        in_a_savepoint(example)

    check()


def test_sees_is_membership_of_the_visible_cases(setup_data: None) -> None:
    users = make_users(4)

    @EXAMPLES
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        def example() -> None:
            world = build_world(data, users)
            for user in users:
                for _ in range(data.draw(st.integers(0, 3), label="positions")):
                    Position.objects.create(
                        user=user,
                        role=data.draw(st.sampled_from(ROLES), label="role"),
                        unit_id=data.draw(st.none() | st.sampled_from([u.pk for u in world["units"]])),
                        duties=",".join(data.draw(subset(DUTIES), label="duties")),
                        area=",".join(data.draw(subset(AREAS), label="area")),
                    )
            if data.draw(st.booleans(), label="holiday cover"):
                now = timezone.now()
                Deputy.objects.create(
                    user=users[0],
                    for_user=users[1],
                    starts_at=now - dt.timedelta(days=1),
                    ends_at=now + dt.timedelta(days=1),
                )
            cases = list(Complaint.objects.all())
            User = get_user_model()
            for user in users:
                fresh = User.objects.get(pk=user.pk)  # positions are kept on the user object
                visible = set(scope.visible_cases(fresh).values_list("pk", flat=True))
                seen = {c.pk for c in cases if people.sees(fresh, c)}
                assert seen == visible, user.username
                # The need-to-know list of a confidential reporter, read both ways (P2.11).
                knows = set(
                    Complaint.objects.filter(people.fits_any_q(fresh, people.need_to_know_rules)).values_list(
                        "pk", flat=True
                    )
                )
                told = {
                    c.pk
                    for c in cases
                    if people.fits_any(fresh, people.need_to_know_rules(registry.current_spec(c.policy_name)), c)
                }
                assert knows == told, user.username

        in_a_savepoint(example)

    check()


def one_case(policy: str, **fields: Any) -> Complaint:
    return Complaint.objects.create(
        number="T0001",
        verification_code="000000",
        policy_version_id=registry.current_version_id(policy),
        policy_name=policy,
        kind="complaint",
        channel="phone",
        state="accepted",
        received_at=timezone.now(),
        content="-",
        **fields,
    )


def test_a_rule_on_a_category_the_policy_no_longer_lists_reads_the_same_both_ways(setup_data: None) -> None:
    """Old cases keep a category a newer version dropped; a rule may still name it."""
    [user] = make_users(1)
    spec = registry.current_spec("after-sales")
    assert spec is not None and "retired_code" not in spec.category_index()
    tree = org_tree.current()
    root = tree.by_code["after-sales"]
    case = one_case(
        "after-sales", organisation_id=tree.nodes[root].organisation_id, home_id=root, category="retired_code"
    )
    who = Who(relation="organisation", when=Condition(category=["retired_code"]))
    held = Held(0, user.pk, vocab.Role.HANDLER, root, "", frozenset(), frozenset())
    assert people.matches(who, held, case, spec, tree)
    q = people.condition(who, held, spec, tree)
    assert q is not None and list(Complaint.objects.filter(q)) == [case]


def test_a_case_of_a_policy_without_a_current_version_is_still_its_receivers(setup_data: None) -> None:
    [user] = make_users(1)
    Position.objects.create(user=user, role="receptionist", unit=Unit.objects.get(code="wy_customer_service"))
    case = one_case("property-office", received_by=user)
    Policy.objects.filter(name="property-office").update(current=None)
    registry.forget()
    try:
        assert registry.current_spec("property-office") is None
        fresh = get_user_model().objects.get(pk=user.pk)
        assert list(scope.visible_cases(fresh)) == [case]
        assert people.sees(fresh, case)
    finally:
        registry.forget()
