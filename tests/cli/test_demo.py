"""`tousu demo`: each procedure's organisation with the people its procedure names, and
complaints lived by those people through the real write path, so timelines and clocks
are real; deterministic by seed; nothing it makes up can reach a real person."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone, translation

from tousu.cases.models import Clock, Complaint, Event, Handoff
from tousu.cases.scope import visible_cases
from tousu.core.demo import build, safety
from tousu.core.demo.people import DEMO_PASSWORD
from tousu.notify.expand import expand_pending
from tousu.notify.models import Delivery, OutboxEvent
from tousu.org import tree as org_tree
from tousu.org.areas import area_of
from tousu.org.models import Organisation, Position, Staff
from tousu.policies.models import Policy

FIVE = {"property-office", "special-equipment", "after-sales", "rental-complaints", "property-rules"}
SIX = FIVE | {"inspection-institute"}  # the institute's cases come from the bureau's hand-offs (P2.4)


def demo(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def positions_of(user_id: int) -> list[Position]:
    return list(Position.objects.filter(user_id=user_id).select_related("unit"))


def test_demo_tells_stories_under_all_six_policies(setup_data):
    started = timezone.now()
    out, err = demo("--cases", "40", "--seed", "1")
    assert err == ""  # no step of any story was refused
    stories = Complaint.objects.exclude(channel="handoff")
    assert stories.count() == 40
    cases = list(Complaint.objects.all())
    assert {c.policy_name for c in cases} == SIX
    states = Counter(c.state for c in cases)
    assert len(states) >= 6, states
    assert {"registered", "closed"} <= set(states)
    assert {"referred", "invalid", "malicious"} & set(states)  # screened out (P2.8) or invalid (P5.2)
    for policy in FIVE:
        mine = [c for c in cases if c.policy_name == policy]
        assert any(c.is_open for c in mine) and any(not c.is_open for c in mine), policy

    now = timezone.now()
    for case in cases:
        times = list(Event.objects.filter(complaint=case).order_by("seq").values_list("at", flat=True))
        assert times == sorted(times), case.number
        assert case.received_at <= times[0] and times[-1] <= started, case.number
        assert (now - case.received_at).days <= 190
    assert Event.objects.filter(action="register").count() == len(cases)
    actions = set(Event.objects.values_list("action", flat=True))
    # Set aside (P4.4.3.2), handed to the institute and its result back (P2.4), transferred
    # to the brigade and extended (P2.9), reopened after an unsatisfied callback (P4.10),
    # verified by the butler (P5.2), a major case escalated (P4.5.3, P3.h1).
    assert {"set_aside", "hand_off", "report_back", "handoff_result", "transfer", "extend", "reopen"} <= actions
    assert {"verify", "sign_off", "follow_up", "escalate", "callback", "close"} <= actions
    reasons = Event.objects.filter(action="extend").values_list("data__reason", flat=True)
    assert all("检验检测" in r or "立案查处" in r for r in reasons)
    assert Complaint.objects.filter(escalation_level__in=["manager", "executive"], severity="major").exists()
    assert Clock.objects.exists()

    assert "40 demo complaints" not in out and "42 demo complaints" in out  # and the institute's two copies
    assert DEMO_PASSWORD in out and "admin" in out


def test_each_organisation_is_separate_and_its_own_people_live_its_stories(setup_data):
    _out, err = demo("--cases", "40", "--seed", "1")
    assert err == ""
    tree = org_tree.current()
    organisations = {p.name: p.organisation_id for p in Policy.objects.all()}
    # Six organisations, one per procedure's party; the presets' placeholders are gone.
    assert len(set(organisations.values())) == 6
    assert set(Organisation.objects.values_list("code", flat=True)) == {
        "qiju",
        "shantou_samr",
        "tj_institute",
        "huatai",
        "yangguang",
        "huaxin",
    }
    for case in Complaint.objects.all():
        org = organisations[case.policy_name]
        assert case.organisation_id == org, case.number
        for unit in (case.home_id, case.received_in_id, case.department_id):
            assert unit is None or tree.nodes[unit].organisation_id == org, case.number
        # Everyone who acted on the case holds a position in its organisation (the
        # institute's result comes onto the bureau's timeline under its inspector's name).
        acted = Event.objects.filter(complaint=case, actor__isnull=False).exclude(action="handoff_result")
        actors = set(acted.values_list("actor_id", flat=True))
        for actor in actors | ({case.assignee_id} if case.assignee_id else set()):
            units = [p.unit_id for p in positions_of(actor)]
            assert any(u is not None and tree.nodes[u].organisation_id == org for u in units), case.number
    # Both offices of the property company take complaints (P4 runs in each).
    homes = Counter(Complaint.objects.filter(policy_name="property-office").values_list("home__code", flat=True))
    assert set(homes) == {"yg_jinxiu", "yg_cuihu"}, homes


def test_the_procedures_people_take_their_steps(setup_data):
    _out, err = demo("--cases", "40", "--seed", "1")
    assert err == ""

    def duties(event: Event) -> set[str]:
        return {d for p in positions_of(event.actor_id) for d in p.duty_set}

    # P5.2: the butler whose area holds the owner's building verifies.
    verified = Event.objects.filter(action="verify").select_related("complaint")
    assert verified
    for event in verified:
        building = area_of(event.complaint.complainant_unit)
        assert any("butler" in p.duty_set and building in p.area_set for p in positions_of(event.actor_id))
    # P4.8: follow-ups by the butler of the building; P4.5.3: sign-off by the head of the
    # department concerned; P4.9-P4.10: callbacks and closing by customer service.
    for event in Event.objects.filter(complaint__policy_name="property-office", action="follow_up"):
        assert "butler" in duties(event), event.complaint.number
    for event in Event.objects.filter(action="sign_off").select_related("complaint"):
        held = positions_of(event.actor_id)
        assert any(p.role == "department_head" and p.unit_id == event.complaint.department_id for p in held)
    for event in Event.objects.filter(complaint__policy_name="property-office", action__in=["callback", "close"]):
        assert any(p.unit.plays == "wy_customer_service" for p in positions_of(event.actor_id))
    # P3.f: quality complaints go only to qualified technical staff.
    quality = Complaint.objects.filter(policy_name="after-sales", quality="quality", assignee__isnull=False)
    assert quality
    for case in quality:
        assert any({"technician", "inspector"} & p.duty_set for p in positions_of(case.assignee_id)), case.number
    # P2.4: the institute's head of laboratory names a certified inspector, who reports the
    # result back onto the bureau's case; the bureau then finishes it.
    handoffs = list(Handoff.objects.select_related("origin", "copy"))
    assert len(handoffs) == 2
    for handoff in handoffs:
        assert handoff.copy.policy_name == "inspection-institute" and handoff.copy.channel == "handoff"
        assert not handoff.copy.complainant_name and not handoff.copy.complainant_phone  # never the reporter
        if handoff.copy.assignee_id:
            assert any("inspector" in p.duty_set for p in positions_of(handoff.copy.assignee_id))
            named = Event.objects.get(complaint=handoff.copy, action="assign")  # by the laboratory's head
            assert any(
                p.role == "department_head" and p.unit_id == handoff.copy.department_id
                for p in positions_of(named.actor_id)
            )
    back = next(h for h in handoffs if h.returned_at is not None)
    assert back.copy.state == "closed" and back.origin.state == "closed"
    result = Event.objects.get(complaint=back.origin, action="handoff_result")
    assert result.data["copy"] == back.copy.number and result.data["summary"].startswith("检验结论：")
    assert Event.objects.filter(complaint=back.origin, action="close", at__gt=result.at).exists()


def test_no_notice_of_the_demo_can_reach_a_real_person(setup_data):
    """Complainants' phones are in the test range (1000…), their addresses at reserved
    example domains; after every outbox event is expanded, no delivery is queued to a
    real-looking mobile or to an address outside those domains."""
    _out, err = demo("--cases", "60", "--seed", "2")
    assert err == ""
    while expand_pending():
        pass
    assert not OutboxEvent.objects.filter(expanded_at=None).exists()
    phones = [p for p in Complaint.objects.values_list("complainant_phone", flat=True) if p]
    assert phones and all(safety.is_test_phone(p) and not safety.REAL_MOBILE.match(p) for p in phones)
    emails = [e for e in Complaint.objects.values_list("complainant_email", flat=True) if e]
    assert emails and all(safety.is_reserved_address(e) for e in emails)
    assert not Staff.objects.exclude(phone="").exists()
    deliveries = list(Delivery.objects.values_list("channel", "address"))
    assert any(channel == "email" for channel, _ in deliveries)  # acknowledgements did go out, safely
    unsafe = [(c, a) for c, a in deliveries if not safety.is_safe_destination(a)]
    assert unsafe == []
    assert not any(safety.REAL_MOBILE.match(address.replace(" ", "")) for _, address in deliveries)


def test_a_report_on_the_institutes_inspector_never_reaches_him(setup_data):
    """P2.11: the bureau keeps a confidential report on 检验员韩磊 of the institute; it is
    never handed to the institute, and neither he nor his laboratory can see it."""
    _out, err = demo("--cases", "60", "--seed", "5")
    assert err == ""
    report = Complaint.objects.get(reported_person__username="hanlei")
    assert report.policy_name == "special-equipment" and report.confidential
    assert report.reported_unit.code == "tj_institute"  # "汕头市特种设备检验所" as typed
    assert not Handoff.objects.filter(origin=report).exists()
    for username in ("hanlei", "zhenghai", "luoyongqiang"):
        user = User.objects.get(username=username)
        assert not visible_cases(user).filter(pk=report.pk).exists(), username
    while expand_pending():
        pass
    assert not Delivery.objects.filter(complaint=report, user__username="hanlei").exists()


def test_the_safety_rule_tells_real_from_reserved():
    assert safety.is_test_phone("10001234567") and not safety.is_test_phone("13800001234")
    assert safety.REAL_MOBILE.match("+8613800001234") and not safety.REAL_MOBILE.match("10001234567")
    assert safety.is_reserved_address("a@example.org") and safety.is_reserved_address("b@mail.example.net")
    assert not safety.is_reserved_address("c@qq.com") and not safety.is_reserved_address("d@notexample.com")
    assert not safety.is_safe_destination("13800001234") and safety.is_safe_destination("")


def test_logins_are_printed_by_organisation_and_work_with_the_password(setup_data):
    out, _err = demo("--cases", "0")
    headings = [line for line in out.splitlines() if line and not line.startswith(" ") and "公司" in line]
    assert headings == [
        "深圳栖居公寓管理有限公司",
        "温州华泰泵阀有限公司",
        "阳光物业服务有限公司",
        "华信物业服务有限公司",
    ]
    assert "\n汕头市市场监督管理局\n" in out and "\n汕头市特种设备检验所\n" in out
    section = out.split("\n汕头市特种设备检验所\n")[1].split("\n\n")[0]
    assert "韩磊" in section and "电梯检验室" in section and "检验师" in section and "hanlei" in section
    staff = Staff.objects.select_related("user").get(user__username="chenxiaoyan")
    assert staff.user.check_password(DEMO_PASSWORD)
    assert staff.display_name == "陈晓燕"
    roles = set(Position.objects.values_list("role", flat=True))
    assert roles == {"receptionist", "handler", "department_head", "complaint_manager", "executive", "administrator"}


def test_demo_is_deterministic(setup_data):
    class Rollback(Exception):
        pass

    def distribution() -> Counter:
        try:
            with transaction.atomic():
                demo("--cases", "40", "--seed", "1")
                found = Counter(Complaint.objects.values_list("policy_name", "state", "category", "channel"))
                raise Rollback
        except Rollback:
            return found

    first, second = distribution(), distribution()
    assert first == second
    assert not Complaint.objects.exists()
    # Another seed tells other stories (in another order: with 8 cases per policy every
    # seed covers the same guaranteed outcomes).
    now = timezone.now()
    assert build.plan(40, 1, now, sorted(FIVE)) == build.plan(40, 1, now, sorted(FIVE))
    assert build.plan(40, 2, now, sorted(FIVE)) != build.plan(40, 1, now, sorted(FIVE))


def test_if_empty_adds_nothing_the_second_time(setup_data):
    demo("--if-empty", "--cases", "10", "--seed", "3")
    assert Complaint.objects.exclude(channel="handoff").count() == 10
    events = Event.objects.count()
    out, _err = demo("--if-empty", "--cases", "10", "--seed", "3")
    assert "no demo data added" in out and "阳光物业服务有限公司" in out and "chenxiaoyan" in out
    assert Complaint.objects.exclude(channel="handoff").count() == 10 and Event.objects.count() == events


def test_demo_twice_keeps_the_staff(setup_data):
    demo("--cases", "5")
    users = Staff.objects.count()
    out, _err = demo("--cases", "5")
    assert Staff.objects.count() == users
    assert Complaint.objects.exclude(channel="handoff").count() == 10
    assert "existed before this run" in out


@pytest.mark.django_db
def test_demo_needs_the_presets():
    with pytest.raises(CommandError, match="tousu setup"):
        demo("--cases", "5")
