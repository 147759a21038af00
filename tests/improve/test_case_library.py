"""The case library (P1.6) over the API: a closed case written up with the personal data
removed (P2.11), reviewed by someone else, published, found by Chinese words and tags,
exported as a Word document for training; reply templates filled in from the case per
policy and language, and the handling guide of its category."""

import time_machine

from tests.improve.helpers import (
    REPORTER_NAME,
    REPORTER_PHONE,
    assert_no_reporter,
    bureau,
    closed_report,
    docx_text,
    registered,
)
from tests.lifecycle.helpers import local
from tousu.cases.personal import mask_name
from tousu.library.models import HandlingGuide, ReplyTemplate


def test_write_up_review_publish_search_export_p1_6_p2_11(staff):
    b = bureau(staff)
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        open_case = registered(b)
        number = closed_report(b)

    refused = b.inspector.post(f"/library/writeups/from-case/{open_case}")
    assert refused.status_code == 409  # only a closed case is written up
    draft = b.inspector.post(f"/library/writeups/from-case/{number}")
    assert draft.status_code == 201, draft.content.decode()
    w = draft.json()
    assert w["state"] == "draft" and w["case"] == number
    assert "检验合格证已过期" in w["facts"]
    assert_no_reporter(w["facts"] + w["handling"] + w["title"])

    # Edits are scrubbed too: personal data cannot be typed back in.
    w = b.inspector.post(
        f"/library/writeups/{w['id']}/edit",
        {
            "title": "商场观光电梯超期未检仍在使用",
            "facts": w["facts"] + f"\n举报人{REPORTER_NAME}多次来电（{REPORTER_PHONE}），联系邮箱 chen@example.com。",
            "handling": "受理当日核查，三日内制定方案，依法立案处罚。",
            "skills": "先确认举报人是否要求保密；回复只说处理结果，不透露举报人信息。",
            "lesson": "检验到期前主动提醒使用单位。",
            "tags": ["电梯", "超期未检", "保密举报"],
        },
    ).json()
    assert_no_reporter(w["facts"])
    assert "chen@example.com" not in w["facts"]
    assert "个人信息已隐去" in w["facts"]
    assert w["tags"] == ["保密举报", "电梯", "超期未检"]

    w = b.inspector.post(f"/library/writeups/{w['id']}/submit", {}).json()
    assert w["state"] == "in_review"
    # The author does not publish their own write-up; a reviewer does.
    own = staff("department_head", "ts_special")
    assert b.inspector.post(f"/library/writeups/{w['id']}/publish", {}).status_code == 403
    returned = own.post(f"/library/writeups/{w['id']}/return", {"note": "请补充处理技巧"}).json()
    assert returned["state"] == "draft"
    b.inspector.post(f"/library/writeups/{w['id']}/submit", {})
    w = b.head.post(f"/library/writeups/{w['id']}/publish", {}).json()
    assert w["state"] == "published"
    assert w["reviewer"] == b.head.username
    assert [h["action"] for h in w["history"]] == ["create", "edit", "submit", "return", "submit", "publish"]

    reader = staff("receptionist", "ts_12365")
    found = reader.get("/library/writeups", q="观光电梯 超期").json()["items"]
    assert [f["id"] for f in found] == [w["id"]]
    assert reader.get("/library/writeups", q="锅炉").json()["items"] == []
    assert [f["id"] for f in reader.get("/library/writeups", tag="保密举报").json()["items"]] == [w["id"]]
    assert reader.get(f"/library/writeups/{w['id']}").json()["lesson"] == "检验到期前主动提醒使用单位。"

    exported = reader.client.get("/api/v1/library/writeups/export.docx", {"q": "电梯"}, **reader.headers)
    assert exported.status_code == 200
    text = docx_text(exported.content)
    assert "商场观光电梯超期未检仍在使用" in text and "检验到期前主动提醒使用单位" in text
    assert_no_reporter(text)  # P2.11 in the generated document
    assert "chen@example.com" not in text


def test_drafts_are_the_author_s_until_published(staff):
    b = bureau(staff)
    w = b.inspector.post("/library/writeups", {"title": "草稿", "facts": "一些事实"}).json()
    reader = staff("receptionist", "ts_12365")
    assert reader.get(f"/library/writeups/{w['id']}").status_code == 404
    assert reader.post(f"/library/writeups/{w['id']}/submit", {}).status_code == 404
    assert b.head.get(f"/library/writeups/{w['id']}").status_code == 200  # reviewers see drafts


def test_reply_templates_and_guides_per_policy_and_language(staff):
    b = bureau(staff)
    ReplyTemplate.objects.create(
        name="结果告知",
        policy_name="special-equipment",
        language="zh-hans",
        reply_kind="result",
        text="您好{% if name %}，{{ name }}{% endif %}：您于{{ received }}反映的{{ category }}问题（编号{{ number }}）已由{{ department }}处理完毕。",
    )
    ReplyTemplate.objects.create(
        name="Result", policy_name="special-equipment", language="en", text="Case {{ number }} is done."
    )
    ReplyTemplate.objects.create(name="物业模板", policy_name="property-office", language="zh-hans", text="物业")
    HandlingGuide.objects.create(
        policy_name="special-equipment", category="elevator", title="电梯举报处理要点", body="先核查检验合格证有效期。"
    )
    HandlingGuide.objects.create(policy_name="", category="boiler", title="锅炉", body="x")
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        number = registered(b)
        b.hotline.act(number, "screen", decision="in_scope")
    aids = b.inspector.get(f"/library/complaints/{number}/aids").json()
    assert [t["name"] for t in aids["templates"]] == ["结果告知"]
    # A confidential reporter is not named, even in a reply template (P2.11).
    text = aids["templates"][0]["text"]
    assert text.startswith("您好：您于2026-03-02反映的电梯问题（编号" + number + "）已由")
    assert_no_reporter(text)
    assert [g["title"] for g in aids["guides"]] == ["电梯举报处理要点"]
    english = b.inspector.get(f"/library/complaints/{number}/aids", language="en").json()
    assert [t["text"] for t in english["templates"]] == [f"Case {number} is done."]

    with time_machine.travel(local(2026, 3, 3, 9, 0), tick=False):
        open_number = registered(b, confidential=False, confidentiality_waived=True)
    named = b.inspector.get(f"/library/complaints/{open_number}/aids").json()["templates"][0]["text"]
    # Not the inspector's own case: the name is masked as everywhere else (docs/access.md).
    assert named.startswith(f"您好，{mask_name(REPORTER_NAME)}：")
