"""Issue 14, acceptance: the canary (P2.11). A confidential special-equipment report
carries a canary reporter — a name, a phone, an e-mail address and an ID number, in
their fields and in the report's own words — and names an inspector of the bureau as
the party reported. The bureau's people handle it as the procedure says: the hotline
takes it in, the supervision body transfers it within the bureau and names the person
responsible, the case goes to the inspection institute (P2.4), which reports its result
back, the reporter is answered by letter, files are attached (one marked confidential,
one named after the reporter), the report is found true and penalised and a reward is
proposed (P2.10); notices go out by e-mail (an SMTP server on loopback) and in the
desk's bell, a webhook receiver on loopback gets every event, reports and exports are
made in every format.

Then everything each person outside the need-to-know list can reach is fetched — the
party reported, his head, the bureau's people who see the case, the institute's staff,
people of every other organisation, the administrator without break-glass — the text
inside docx, pdf, xlsx and pptx files included, and searched for the canary in full and
masked: 0 occurrences. The need-to-know list (who took it in, the person responsible,
the officer in charge of complaints and reports) does see the reporter: the search
would find them."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.contrib import admin
from django.contrib.auth.models import User

from tests.access.rule import Rule, reporter_forms
from tests.access.world import Login
from tests.notify.helpers import drain, with_email
from tests.reports.test_confidential_exports import text_of
from tousu.cases import personal
from tousu.cases.models import Attachment, Complaint, Handoff
from tousu.core.demo import staff
from tousu.notify.models import Delivery, WebhookEndpoint
from tousu.reports.generate import FORMATS

NAME, PHONE = "司徒雁翎", "13912345678"
EMAIL, ID_NUMBER = "yanling.situ@example.org", "11010519491231002X"
# In full and masked, the phone's last 8 digits, and the given name alone (雁翎): a
# segmenter may cut it off the surname.
CANARY = (*reporter_forms(NAME, PHONE, EMAIL, ID_NUMBER), NAME[2:])
REPORT = {
    "policy": "special-equipment",
    "channel": "hotline",
    "kind": "report",  # confidential by the policy (P2.11): no flag sent
    "complainant_name": NAME,
    "complainant_phone": PHONE,
    "complainant_email": EMAIL,
    "complainant_id_number": ID_NUMBER,
    "equipment_type": "elevator",
    "equipment_stage": "use",
    "category": "elevator",
    "severity": "serious",
    "subject_department": "特种设备安全监察科",
    "subject_person": "安全监察员邓海波",
    "location": "龙湖区金海湾购物广场东侧观光电梯",
    "content": (
        f"我是{NAME}，身份证号{ID_NUMBER}，电话{PHONE}，邮箱{EMAIL}。金海湾购物广场观光电梯检验合格证已过期仍在运行，"
        "安全监察员邓海波收了商场的好处，对此视而不见。请为我保密。"
    ),
}
PERIOD = "2025-01-01..2027-12-31"
NEED_TO_KNOW = ("xuting", "penglixin", "guowenjing")  # took it in, responsible, the officer
# Who makes every report document in every format: the head of the department handling
# it, the bureau's deputy director (the whole section), the reported inspector's head,
# the institute's director (the copy) and another organisation's general manager.
DOCUMENTS = {"caizhenhua", "liangzhijian", "xieweidong", "luoyongqiang", "ouyangming"}


def leaks(text: str) -> list[str]:
    return [form for form in CANARY if form in text]


def text_of_file(name: str, blob: bytes) -> str:
    """The text a person reads in a file: a document's text as its reader shows it, and
    every XML part of a zipped one (headers, notes, shared strings)."""
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if blob[:4] == b"%PDF" and kind != "pdf":
        kind = "pdf"
    parts = []
    if kind in ("docx", "xlsx", "pptx", "pdf", "csv"):
        try:
            parts.append(text_of(kind, blob))
        except Exception as error:  # a file that is not what its name says: read as bytes below
            parts.append(f"<unreadable {kind}: {error}>")
    if blob[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            parts += [z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels"))]
    else:
        parts.append(readable(blob))
    return "\n".join(parts)


def readable(blob: bytes) -> str:
    """A response as a person reads it: JSON with its \\u escapes read back into Chinese."""
    text = blob.decode("utf-8", "replace")
    if text[:1] in ("{", "["):
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content


def disposition_name(response: Any, fallback: str) -> str:
    header = response.get("Content-Disposition", "") if hasattr(response, "get") else ""
    if "filename=" in header:
        return header.split("filename=", 1)[1].strip('"; ')
    return fallback


class Seen:
    """Everything one person fetched, as text, with where it came from."""

    def __init__(self, who: str):
        self.who = who
        self.texts: list[tuple[str, str]] = []

    def add(self, where: str, response: Any, name: str = "", echo: str = "") -> Any:
        """`echo`: what the person typed, which the page shows back to them (a search box)."""
        blob = body(response)
        text = text_of_file(disposition_name(response, name), blob)
        self.texts.append((f"{where} [{response.status_code}]", text.replace(echo, "") if echo else text))
        return response

    def text(self, where: str) -> str:
        return "\n".join(text for place, text in self.texts if place.startswith(where))

    def leaks(self) -> list[str]:
        return [f"{self.who} {where}: {found}" for where, text in self.texts if (found := leaks(text))]


def _upload(who: Login, number: str, name: str, content: bytes, *, confidential: bool = False) -> str:
    data = io.BytesIO(content)
    data.name = name
    fields = {"file": data, **({"confidential": "true"} if confidential else {})}
    answer = who.api.client.post(f"/api/v1/complaints/{number}/attachments", fields, **who.api.headers)
    assert answer.status_code == 201, answer.content.decode()
    return str(answer.json()["token"])


def handle_the_report(people: dict[str, Login]) -> tuple[Complaint, Complaint]:
    """The report's life, each step by the person the procedure names."""

    def act(who: str, number: str, action: str, **data: Any) -> None:
        people[who].api.act(number, action, **data)

    created = people["xuting"].api.post("/complaints", REPORT)  # the 12365 hotline (P2.6)
    assert created.status_code == 201, created.content.decode()
    number = created.json()["number"]
    case = Complaint.objects.get(number=number)
    assert case.confidential and case.reported_person.username == "denghaibo"  # named naturally
    act("linzhiming", number, "screen", decision="in_scope")
    # Transferred within the bureau, away from the section of the inspector reported.
    act("linzhiming", number, "transfer", department="ts_boiler", reason=f"举报人{NAME}反映邓海波问题，由锅监科核查")
    act("caizhenhua", number, "assign", assignee="penglixin")
    act("penglixin", number, "note", note=f"已电话联系{NAME}（{PHONE}）核实情况，举报人要求保密。")
    # P2.4: the inspection goes to the institute, which reports its result back.
    act("caizhenhua", number, "hand_off", handoff="inspection", reason=f"请对{NAME}举报的观光电梯复检")
    copy = Handoff.objects.get(origin=case).copy
    act("zhenghai", copy.number, "assign", assignee="hanlei")
    act("hanlei", copy.number, "plan", plan="三个工作日内赴现场检验。")
    act("hanlei", copy.number, "resolve", outcome="rectification", summary="检验结论：合格证已过期，责令停用整改。")
    act("hanlei", copy.number, "report_back", outcome="rectification", summary="检验结论：合格证已过期，责令停用整改。")
    # Files: her ID card copy marked confidential; a staff file named after her.
    _upload(people["xuting"], number, "身份证复印件.pdf", f"%PDF-1.4 {NAME} {ID_NUMBER}".encode(), confidential=True)
    _upload(people["penglixin"], number, f"{NAME}举报现场照片.pdf", b"%PDF-1.4 photo")
    # The reply by letter (P2.9 tell the reporter): a restricted document.
    act(
        "penglixin",
        number,
        "reply",
        reply_kind="first",
        channel="letter",
        text=f"{NAME}同志：您的举报已受理，正在依法查处。",
    )
    act("penglixin", number, "plan", plan=f"约谈商场，向{NAME}（{EMAIL}）书面反馈。")
    summary = f"经查属实，已责令停用并处罚款；已书面告知举报人{NAME}。"
    act("penglixin", number, "resolve", outcome="penalty", summary=summary)
    act("penglixin", number, "reply", reply_kind="result", channel="letter", text=f"{NAME}同志：{summary}")
    # P2.10: a report found true earns a reward.
    reward = people["guowenjing"].api.post("/improve/rewards", {"case": number, "penalty_collected": "20000"})
    assert reward.status_code == 201, reward.content.decode()
    return Complaint.objects.get(pk=case.pk), copy


def fetch_everything(login: Login, case: Complaint, copy: Complaint, tokens: list[str], documents: bool) -> Seen:
    """What one staff member can reach by the API, the desk and Open311: the report and
    its copy, their files, every list, filter and search, their notices, the directory,
    improvement and the case library, and reports (`documents`: every document in every
    format, by the API and the desk)."""
    seen, api, desk = Seen(login.username), login.api, login.desk

    def get(path: str, echo: str = "", **params: Any) -> Any:
        return seen.add(f"GET /api/v1{path} {params}", api.get(path, **params), echo=echo)

    get("/complaints")
    get("/complaints", q="观光电梯")
    for value in (PHONE,):
        get("/complaints", phone=value)
    for value in (NAME, PHONE, EMAIL, ID_NUMBER):
        get("/complaints", echo=value, q=value)
    for number in (case.number, copy.number):
        get(f"/complaints/{number}")
        get(f"/complaints/{number}/similar")
        seen.add(f"desk case {number}", desk.get(f"/desk/cases/{number}/"))
        seen.add(f"print record {number}", desk.get(f"/desk/print/{number}/record/"))
        seen.add(f"print letter {number}", desk.get(f"/desk/print/{number}/letter/"))
        seen.add(f"desk registered {number}", desk.get(f"/desk/registered/{number}/"))
        for action in ("assign", "transfer", "reply", "note"):
            seen.add(f"desk form {action} {number}", desk.get(f"/desk/cases/{number}/form/{action}/"))
        reveal = desk.post(f"/desk/cases/{number}/reveal/", {"reason": "想知道是谁举报的"})
        seen.add(f"desk reveal {number}", reveal)
    for token in tokens:
        seen.add(
            f"api file {token}", api.client.get(f"/api/v1/complaints/{case.number}/attachments/{token}", **api.headers)
        )
        seen.add(f"desk file {token}", desk.get(f"/desk/cases/{case.number}/files/{token}/"))
    similar = api.post("/search/similar", {"content": REPORT["content"], "complainant_phone": PHONE})
    seen.add("similar draft", similar)
    get("/notifications")
    get("/staff")
    get("/directory/mentions", policy="special-equipment", text=REPORT["content"])
    for path in ("/improve/rewards", "/improve/corrective-actions", "/improve/proposals", "/improve/reviews"):
        get(path)
    get("/library/writeups")
    for path in ("/desk/", "/desk/oversight/", "/desk/notifications/", "/desk/improve/", "/desk/library/"):
        seen.add(f"desk {path}", desk.get(path))
    for value in (NAME, PHONE, EMAIL):  # the results part of the page (htmx)
        found = desk.get("/desk/search/", {"q": value}, HTTP_HX_REQUEST="true")
        seen.add(f"desk search {value}", found, echo=value)
        assert case.number not in found.content.decode(), (login, value)
    caller = desk.get("/desk/register/caller/", {"policy": "special-equipment", "complainant_phone": PHONE})
    seen.add("desk caller history", caller, echo=PHONE)
    assert case.number not in caller.content.decode(), login
    open311 = {"jurisdiction_id": "special-equipment", "start_date": "2025-01-01T00:00:00+08:00"}
    seen.add("open311", api.client.get("/open311/v2/requests.json", {**open311, "api_key": login.token}))
    if login.user.positions.filter(role__in=["department_head", "complaint_manager", "executive"]).exists():
        get("/reports/statistics", period=PERIOD)
        seen.add("dashboard", desk.get("/desk/reports/", {"period": PERIOD, "policy": ""}))
        drill = {"period": PERIOD, "policy": "", "dimension": "kind", "value": "report"}
        seen.add("drill-down", desk.get("/desk/reports/cases/", drill))
    if documents:
        for report, formats in FORMATS.items():
            for fmt in formats:
                made = api.get(f"/reports/documents/{report}/{fmt}", period=PERIOD)
                seen.add(f"report {report}.{fmt}", made, f"{report}.{fmt}")
        made = desk.get("/desk/reports/download/case_register/xlsx/", {"period": PERIOD, "policy": ""})
        seen.add("desk case register", made, "case_register.xlsx")
        seen.add("case library", api.get("/library/writeups/export.docx"), "writeups.docx")
    return seen


def fetch_admin(login: Login, case: Complaint, copy: Complaint) -> Seen:
    """Every admin page without break-glass: each model's list, its latest records and
    every record about the report and its copy."""
    seen = Seen(login.username)
    for model in admin.site._registry:
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        seen.add(base, login.desk.get(base))
        rows = model._default_manager.all()
        names = {f.name for f in meta.get_fields()}
        if model is Complaint:
            rows = rows.filter(pk__in=[case.pk, copy.pk])
        elif "complaint" in names:
            rows = rows.filter(complaint__in=[case, copy])
        for pk in rows.order_by("-pk").values_list("pk", flat=True)[:40]:
            seen.add(f"{base}{pk}/change/", login.desk.get(f"{base}{pk}/change/"))
    for value in (NAME, PHONE, EMAIL):  # searching the message log: the term is shown back
        seen.add(f"admin search {value}", login.desk.get("/admin/notify/delivery/", {"q": value}), echo=value)
    return seen


def test_the_canary_reaches_nobody_outside_the_need_to_know_list_p2_11(setup_data, smtp, http_sink, settings, tmp_path):
    settings.TOUSU_SMS_BACKEND = "file"
    settings.TOUSU_SMS_FILE = str(tmp_path / "sms.log")
    settings.TOUSU_JOBS_BACKOFF_SECONDS = 0
    staff.ensure_staff()  # the demo organisations, imported as `tousu org import` does
    for user in User.objects.all():
        with_email(user.username, f"{user.username}@staff.example.org")
    people = {user.username: Login(user) for user in User.objects.filter(is_active=True)}
    WebhookEndpoint.objects.create(name="12345热线平台", url=f"{http_sink.url}/hook", secret="s", actions=[])

    case, copy = handle_the_report(people)
    drain()
    tokens = list(Attachment.objects.filter(complaint=case).values_list("token", flat=True))
    assert len(tokens) == 4  # the file marked confidential, the one named after her, two letters
    bureau = {"linzhiming", "caizhenhua", "liguodong", "liangzhijian", "yangfan", "huangxiaoling", "tangjianping"}
    institute = {"fangxiaoting", "zhenghai", "hanlei", "xuzhipeng", "luoyongqiang", "zhoujianxin"}
    elsewhere = {"ouyangming", "huangliping", "jinzhiyuan", "gumin", "mengqinghua", "chengyuanhang", "songyuqing"}
    outsiders = {"denghaibo", "xieweidong"} | bureau | institute | elsewhere  # the party reported, his head

    # --- the need-to-know list sees the reporter: the search below finds what is there --
    for username in NEED_TO_KNOW:
        insider = fetch_everything(people[username], case, copy, tokens, documents=False)
        assert NAME in insider.text(f"GET /api/v1/complaints/{case.number} "), username
        assert EMAIL in insider.text(f"desk case {case.number}"), username
        detail = people[username].api.get(f"/complaints/{case.number}").json()
        assert (detail["complainant_name"], detail["complainant_phone"]) == (NAME, PHONE), username
        assert detail["complainant_email"] == EMAIL and detail["complainant_id_number"] == ID_NUMBER
        listed = people[username].api.get("/complaints", phone=PHONE).json()["items"]
        assert [i["number"] for i in listed] == [case.number], username
        letters = [a for a in detail["attachments"] if a["generated"]]
        assert len(letters) == 2 and len(detail["attachments"]) == 4
        letter = people[username].api.client.get(letters[-1]["url"], **people[username].api.headers)
        assert NAME in text_of_file(letters[-1]["name"], body(letter))  # the letter opens with her name
    # ... and outsiders who see the case do see it (nothing here is vacuously absent).
    for username in ("linzhiming", "caizhenhua", "liangzhijian"):
        assert people[username].api.get(f"/complaints/{case.number}").status_code == 200, username
    for username in ("zhenghai", "hanlei", "luoyongqiang"):
        assert people[username].api.get(f"/complaints/{copy.number}").status_code == 200, username
    for username in ("denghaibo", "xieweidong", "ouyangming", "hanlei"):
        assert people[username].api.get(f"/complaints/{case.number}").status_code == 404, username

    # --- everything reachable by each person outside the list --------------------------
    found: list[str] = []
    fetched = 0
    rule = Rule.read()
    for username in sorted(outsiders):
        assert not rule.need_to_know(people[username].user.pk, case), username
        seen = fetch_everything(people[username], case, copy, tokens, username in DOCUMENTS)
        if username == "liangzhijian":  # he reads the report in every document, without her
            for report in ("report case_register.xlsx", "report monthly_analysis.pdf", "report monthly_deck.pptx"):
                assert case.number in seen.text(report), report
        fetched += len(seen.texts)
        found += seen.leaks()
    seen = fetch_admin(people["admin"], case, copy)
    fetched += len(seen.texts)
    found += seen.leaks()

    # --- what left the product: notices to them, e-mails, webhooks ---------------------
    outside = {people[u].user.pk for u in people if u not in NEED_TO_KNOW}
    notices = Delivery.objects.filter(user_id__in=outside).filter(complaint__in=[case, copy])
    assert notices.filter(user__username="linzhiming").exists()  # the supervision body was told (P2.4)
    for delivery in notices:
        found += [f"notice to {delivery.user} {delivery.kind}: {f}" for f in leaks(delivery.subject + delivery.body)]
    addresses = {f"{u}@staff.example.org" for u in people if u not in NEED_TO_KNOW}
    mails = [m for m in smtp.messages if set(m.get_all("To", [])) & addresses]
    assert mails
    for mail in mails:
        text = "\n".join(part.get_content() for part in mail.walk() if part.get_content_maintype() == "text") + str(
            mail["Subject"]
        )
        found += [f"e-mail to {mail['To']}: {f}" for f in leaks(text)]
    hooks = [json.dumps(json.loads(r.body), ensure_ascii=False) for r in http_sink.requests]
    assert len(hooks) >= 10
    for hook in hooks:
        found += [f"webhook: {f}" for f in leaks(hook)]

    assert fetched > 1000
    assert found == [], "\n".join(found[:40])


def test_the_scan_finds_a_canary_where_there_is_one():
    """The scanner reads documents as their readers do: a name written in a docx, a deck
    or a sheet is found (so 0 above means none)."""
    from docx import Document as WordDocument
    from openpyxl import Workbook
    from pptx import Presentation

    doc, out = WordDocument(), io.BytesIO()
    doc.add_paragraph(f"举报人：{personal.mask_name(NAME)}")
    doc.save(out)
    assert leaks(text_of_file("a.docx", out.getvalue())) == [personal.mask_name(NAME)]
    book, out = Workbook(), io.BytesIO()
    book.active.append(["电话", personal.mask_phone(PHONE)])
    book.save(out)
    assert personal.mask_phone(PHONE) in leaks(text_of_file("a.xlsx", out.getvalue()))
    deck, out = Presentation(), io.BytesIO()
    deck.slides.add_slide(deck.slide_layouts[5]).shapes.title.text = f"{EMAIL}"
    deck.save(out)
    assert EMAIL in leaks(text_of_file("a.pptx", out.getvalue()))
