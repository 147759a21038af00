"""Property-based proof (issue 6): random sequences of actions, by every role, at random
times, through each of the five presets' lifecycles via `perform`, with the deadline sweep
in between. After every step:

- no case is closed unless its policy's closure condition holds (P4.10 and kin);
- no clock is both met and breached (met: stopped by its due time; breached: late);
- the timeline replays to the case's current state (tousu.cases.replay);
- a refused action changed nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from tousu.cases import people, vocab
from tousu.cases.actions import available_actions, perform
from tousu.cases.errors import DomainError
from tousu.cases.intake import register
from tousu.cases.models import Clock, Complaint, Event
from tousu.cases.replay import differences
from tousu.cases.rules import closure_refusals
from tousu.deadlines.sweep import sweep
from tousu.org.management.commands.user import add_user
from tousu.org.models import Position
from tousu.org.positions import roles_of
from tousu.policies.registry import current_version_id, spec_of_version

PRESETS = ["property-office", "special-equipment", "after-sales", "rental-complaints", "property-rules"]
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TEXT = st.sampled_from(["已处理", "电梯已修复", "业主满意", "<b>张三</b>", "需要再次上门"])


def choice(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum])


def payloads(
    case: Complaint, spec: Any, usernames: list[str], local: list[str]
) -> dict[str, st.SearchStrategy[dict[str, Any]]]:
    """A strategy of plausible inputs per action (the engine decides what is allowed);
    `local`: the people of the case's department, whom it is mostly assigned to."""
    clocks = sorted({c.name for c in Clock.objects.filter(complaint=case)}) or ["none"]
    departments = [d.code for d in spec.departments] or ["none"]
    today = dt.date(2026, 3, 2)
    fd = st.fixed_dictionaries
    return {
        "screen": fd({"decision": choice(vocab.Scope), "explanation": TEXT, "referral_target": TEXT}),
        "verify": fd({"decision": choice(vocab.Validity), "findings": TEXT, "explanation": TEXT}),
        "classify": fd({"severity": choice(vocab.Severity), "urgent": st.booleans()}),
        "transfer": fd({"department": st.sampled_from(departments), "reason": TEXT}),
        "assign": fd({"assignee": st.sampled_from(local or usernames) | st.sampled_from(usernames)}),
        "plan": fd({"plan": TEXT}),
        "reply": fd({"reply_kind": choice(vocab.ReplyKind), "channel": choice(vocab.Channel), "text": TEXT}),
        "note": fd({"note": TEXT}),
        "follow_up": fd({"note": TEXT}),
        "site_visit": fd(
            {
                "technician": TEXT,
                "arrived_at": st.just(START.isoformat()),
                "findings": TEXT,
                "customer_confirmed": st.booleans(),
            }
        ),
        "determine_responsibility": fd({"responsibility": choice(vocab.Responsibility)}),
        "resolve": fd({"outcome": choice(vocab.Outcome), "summary": TEXT}),
        "extend": fd({"clock": st.sampled_from(clocks), "amount": st.integers(1, 5), "reason": TEXT}),
        "pause_clock": fd({"clock": st.sampled_from(clocks), "reason": TEXT}),
        "resume_clock": fd({"clock": st.sampled_from(clocks), "reason": TEXT}),
        "set_aside": fd({"reason": TEXT, "improvement_plan": TEXT, "target_date": st.just(today.isoformat())}),
        "callback": fd(
            {"reached": st.booleans(), "satisfaction": st.none() | choice(vocab.Satisfaction), "comments": TEXT}
        ),
        "reopen": fd({"reason": TEXT}),
        "sign_off": fd({"opinion": TEXT}),
        "close": st.just({}),
        "escalate": fd({"level": choice(vocab.EscalationLevel), "reason": TEXT}),
        "withdraw": fd({"reason": TEXT}),
    }


def registration(spec: Any) -> dict[str, Any]:
    leaf = spec.categories[0]
    while leaf.children:
        leaf = leaf.children[0]
    return {
        "policy": spec.name,
        "channel": spec.channels[0],
        "complainant_name": "王芳",
        "complainant_phone": "13800001234",
        "complainant_unit": "3栋1单元502",
        "contact_person": "王芳",
        "category": leaf.code,
        "equipment_type": vocab.EquipmentType.values[0],
        "content": "电梯停在8楼不动，里面有老人被困。",
    }


class Lifecycle(RuleBasedStateMachine):
    policy = ""
    staff: list[Any] = []
    done: list[str] = []  # actions the engine accepted, across examples

    @initialize()
    def receive(self) -> None:
        self.spec = spec_of_version(current_version_id(self.policy))
        self.now = START
        receptionist = next(u for u in self.staff if vocab.Role.RECEPTIONIST in roles_of(u))
        self.case = register(registration(self.spec), actor=receptionist, now=self.now).complaint

    def _reload(self) -> Complaint:
        return Complaint.objects.get(pk=self.case.pk)

    @rule(data=st.data(), hours=st.integers(0, 96))
    def act(self, data: st.DataObject, hours: int) -> None:
        self.now += dt.timedelta(hours=hours)
        case = self._reload()
        local = Position.objects.filter(unit_id=case.department_id).values_list("user__username", flat=True)
        strategies = payloads(case, self.spec, [u.username for u in self.staff], sorted(local))
        # Mostly one of the people who see the case, doing what the lifecycle table and the
        # procedure's people rules offer them now; sometimes anyone doing anything at all.
        guided = data.draw(st.integers(0, 9), label="guided")
        seeing = [u for u in self.staff if people.sees(u, case)] if guided else []
        actor = data.draw(st.sampled_from(seeing or self.staff), label="actor")
        offered = [a for a in available_actions(case, actor) if a in strategies]
        if guided and len(offered) > 1 and data.draw(st.integers(0, 4), label="ending"):
            offered = [a for a in offered if a not in ("withdraw", "merge")]  # walks that end early teach little
        pool = offered if offered and guided else sorted(strategies)
        action = data.draw(st.sampled_from(pool), label="action")
        payload = data.draw(strategies[action], label="payload")
        before = (case.version, Event.objects.filter(complaint=case).count())
        try:
            perform(case, action, payload, actor=actor, now=self.now)
            self.done.append(action)
        except DomainError:
            after = self._reload()
            assert (after.version, Event.objects.filter(complaint=after).count()) == before

    @rule(hours=st.integers(1, 240))
    def time_passes(self, hours: int) -> None:
        self.now += dt.timedelta(hours=hours)
        sweep(now=self.now)

    @invariant()
    def closed_only_when_the_policy_allows(self) -> None:
        case = self._reload()
        if case.state == vocab.State.CLOSED:
            assert closure_refusals(self.spec, case) == [], case.number

    @invariant()
    def no_clock_both_met_and_breached(self) -> None:
        # `met_at` is when the clock stopped: a met clock stopped by its due time, a
        # breached one stopped late or was found overdue while running (no stop yet).
        for clock in Clock.objects.filter(complaint=self.case):
            if clock.state == vocab.ClockState.MET:
                assert clock.met_at is not None and clock.met_at <= clock.due_at, clock.name
            if clock.state == vocab.ClockState.BREACHED:
                assert clock.met_at is None or clock.met_at > clock.due_at, clock.name

    @invariant()
    def the_timeline_replays_to_the_case(self) -> None:
        assert differences(self._reload()) == []


def personas(spec: Any) -> list[tuple[str, str, str, str]]:
    """The procedure's people, as (role, unit, duties, area): in every department its head
    and a handler qualified for the products (P3.f, P2.4); at the customer-service desk a
    receptionist and the complaint manager (P4.5.2, P5.4); the manager of a management
    office (P4.5.3); at the organisation's root the company manager (P5.3, P3.h1), a
    butler of the buildings (P4.8, P5.2) and an auditor, who never acts."""
    root = spec.name  # each preset is its own organisation, its root unit named after it
    desk = next((d.code for d in spec.departments if d.kind == "customer_service"), spec.departments[0].code)
    found = [("receptionist", desk, "", ""), ("complaint_manager", desk, "", "")]
    for department in spec.departments:
        found += [
            ("department_head", department.code, "", ""),
            ("handler", department.code, "technician,inspector", ""),
        ]
        if department.kind in ("management_office", "management"):
            found.append(("executive", department.code, "", ""))
    found += [("executive", root, "", ""), ("handler", root, "butler", "1-8"), ("auditor", root, "", "")]
    return found


@pytest.mark.parametrize("policy", PRESETS)
def test_random_lives_keep_the_invariants(setup_data: None, policy: str) -> None:
    spec = spec_of_version(current_version_id(policy))
    User = get_user_model()
    staff = []
    for n, (role, unit, duties, area) in enumerate(personas(spec)):
        name = f"{role}-{unit}-{n}"
        add_user(name, role, unit, name, "pw-" + name, duties=duties, area=area)
        staff.append(User.objects.get(username=name))
    done: list[str] = []
    machine = type(f"Lifecycle_{policy}", (Lifecycle,), {"policy": policy, "staff": staff, "done": done})
    machine.TestCase.settings = settings(
        max_examples=10,
        stateful_step_count=30,
        deadline=None,
        derandomize=True,
        # Shrinking a long stateful run costs minutes; the failing steps are printed anyway.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    run_state_machine_as_test(machine, settings=machine.TestCase.settings)
    # The walk went somewhere: the engine accepted a good number of varied actions.
    assert len(done) >= 10 and len(set(done)) >= 3, done
