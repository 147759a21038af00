"""The demo organisations with cases lived by their people, for the matrix of
tests/access/test_matrix.py: `tousu demo`'s own stories (imported organisations, real
write path, fixed seed) and the situations they may miss, each taken by the person the
procedure names through the API — a confidential report naming a bureau inspector, a
serious P5 complaint escalated to the company manager, a P4 complaint in each office
passed on by an engineering handler, a case handed to the inspection institute and its
copy there, a quality complaint assigned to a technician, holiday cover (of a head and of
the person responsible for the confidential report)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tests.conftest import Api
from tousu.cases.models import Complaint, Handoff
from tousu.core.demo import build
from tousu.org.models import ApiToken, Deputy

# A reporter the matrix looks for in every filter and search (demo phones start 1000).
REPORTER = {
    "complainant_name": "欧阳青禾",
    "complainant_phone": "10009876543",
    "complainant_email": "qinghe.ouyang@example.org",
    "complainant_id_number": "44050719800101123X",
}


class Login:
    """One person of the demo organisations with both doors: the API (a token of their
    own) and the desk (a session)."""

    def __init__(self, user: User):
        self.user = user
        self.username = user.username
        _, raw = ApiToken.issue(user)
        self.token = raw
        self.api = Api(raw)
        self.desk = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        self.desk.force_login(user)

    def __repr__(self) -> str:
        return self.username


@dataclass
class World:
    logins: dict[str, Login] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)  # the added situations, by name

    def __getitem__(self, username: str) -> Login:
        return self.logins[username]


def _upload(who: Login, number: str, name: str, *, confidential: bool = False) -> None:
    data = io.BytesIO(b"%PDF-1.4 " + name.encode())
    data.name = name
    body = {"file": data, **({"confidential": "true"} if confidential else {})}
    answer = who.api.client.post(f"/api/v1/complaints/{number}/attachments", body, **who.api.headers)
    assert answer.status_code == 201, answer.content.decode()


def _register(who: Login, **case: Any) -> str:
    answer = who.api.post("/complaints", case)
    assert answer.status_code == 201, answer.content.decode()
    return str(answer.json()["number"])


def build_world(cases: int = 20, seed: int = 7) -> World:
    result = build.run(cases, seed)
    assert result.problems == [], result.problems
    world = World()
    for user in User.objects.filter(is_active=True).order_by("username"):
        world.logins[user.username] = Login(user)
    w = world

    # Holiday cover now: 林佳怡 acts for the head of customer service 周敏 (P4.5.2).
    now = timezone.now()
    Deputy.objects.filter(user__username="linjiayi").update(
        starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=10)
    )

    # P2.11: a confidential report naming an inspector of the bureau's own section, taken
    # in by the 12365 hotline, transferred within the bureau and assigned; a file marked
    # confidential and one named after the reporter; a reply by letter (restricted).
    report = _register(
        w["xuting"],
        policy="special-equipment",
        channel="hotline",
        kind="report",
        equipment_type="elevator",
        equipment_stage="use",
        category="elevator",
        subject_department="特种设备安全监察科",
        subject_person="安全监察员邓海波",
        location="龙湖区金海湾商场",
        content=f"安全监察员邓海波对超期未检的观光电梯视而不见。举报人{REPORTER['complainant_name']}，"
        f"电话{REPORTER['complainant_phone']}。",
        **REPORTER,
    )
    w["linzhiming"].api.act(report, "screen", decision="in_scope")
    w["linzhiming"].api.act(report, "transfer", department="ts_boiler", reason="由锅监科核查")
    w["caizhenhua"].api.act(report, "assign", assignee="penglixin")
    _upload(w["xuting"], report, "举报人身份证复印件.pdf", confidential=True)
    _upload(w["xuting"], report, f"{REPORTER['complainant_name']}举报材料.pdf")
    w["penglixin"].api.act(
        report, "reply", reply_kind="first", channel="letter", text=f"{REPORTER['complainant_name']}同志：已受理。"
    )
    w.numbers["confidential_report"] = report
    # Holiday cover for the person responsible: his colleague stands in for him (and so
    # is on the need-to-know list while it lasts).
    Deputy.objects.create(
        user=w["liguodong"].user,
        for_user=w["penglixin"].user,
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=5),
        reason="年休假",
    )

    # P2.4: a complaint handed to the inspection institute; its copy is routed to the
    # elevator laboratory, whose head gives it to a certified inspector.
    handed = _register(
        w["huangxiaoling"],
        policy="special-equipment",
        channel="hotline",
        kind="complaint",
        equipment_type="elevator",
        equipment_stage="inspection",
        category="elevator",
        complainant_name="马丽华",
        complainant_phone="10001112222",
        location="金平区海滨大厦",
        content="海滨大厦电梯检验标志过期，要求复检。",
    )
    w["linzhiming"].api.act(handed, "screen", decision="in_scope")
    w["linzhiming"].api.act(handed, "hand_off", handoff="inspection", reason="需检验检测")
    copy = Handoff.objects.get(origin__number=handed).copy
    w["zhenghai"].api.act(copy.number, "assign", assignee="xuzhipeng")
    w.numbers["handed_off"], w.numbers["institute_copy"] = handed, copy.number

    # P5.3: a serious complaint reaches the company manager.
    serious = _register(
        w["liuting"],
        policy="property-rules",
        channel="phone",
        category="common_repair",
        severity="serious",
        complainant_name="邵明辉",
        contact_person="邵明辉",
        complainant_phone="10002223333",
        complainant_unit="8栋1单元302",
        content="8栋外墙渗水报修三次到现在也没修好，墙面已发霉。",
    )
    w.numbers["serious_p5"] = serious

    # P4.5.2: an engineering handler passes on a complaint he heard, in each office.
    for office, handler, unit in (("jinxiu", "sunjianhua", "3栋2单元801"), ("cuihu", "liangwei", "12栋1单元502")):
        w.numbers[f"passed_on_{office}"] = _register(
            w[handler],
            policy="property-office",
            channel="internal",
            category="public_facilities",
            complainant_name="黎志强",
            complainant_phone="10003334444",
            complainant_unit=unit,
            content="业主在维修现场反映单元门禁坏了一周没人管。",
        )
    # A staff file marked confidential on an ordinary complaint: every viewer of it sees it.
    jinxiu = w.numbers["passed_on_jinxiu"]
    _upload(w["sunjianhua"], jinxiu, "门禁照片.pdf", confidential=True)
    # Handled by engineering, so that customer service may call back and close it (P4.9.1,
    # P4.10) and the head of engineering sign it off (P4.5.3).
    w["zhaoguoqiang"].api.act(jinxiu, "assign", assignee="wuhaitao")
    w["wuhaitao"].api.act(jinxiu, "resolve", outcome="repair", summary="已更换门禁控制器，门禁恢复正常。")

    # P3.f: a quality complaint, routed to the quality department (P3.d), given to its
    # technician.
    quality = _register(
        w["qianxiaohong"],
        policy="after-sales",
        channel="phone",
        category="quality_fault",
        quality="quality",
        region="same_province",
        complainant_name="蒋文斌",
        complainant_phone="10004445555",
        content="新装的闸阀阀体渗漏，要求退换。",
    )
    w["luyonggang"].api.act(quality, "assign", assignee="shaoliqun")
    w.numbers["quality"] = quality
    return world


def all_cases() -> list[Complaint]:
    return list(Complaint.objects.select_related("department").order_by("pk"))
