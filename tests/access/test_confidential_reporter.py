"""P2.11: the reporter and the report's details are never disclosed to the party reported
or anyone else concerned. A confidential report shows its reporter only to the
need-to-know list — whoever took it in, the person responsible and the officer in charge
of complaints and reports (`confidentiality.need_to_know`). To everyone else who sees the
case the reporter is absent, not masked: every surface of the case (API detail, list,
filters and searches, timeline, attachments, the reply letter, the desk's pages, printed
forms, caller history) is searched for the reporter's name, phone, e-mail and ID number
and their masked forms. The party reported, named as a reporter names him («检验员韩磊»),
cannot be given the case and cannot find it, not even as a count."""

from __future__ import annotations

import io
import zipfile

import time_machine

from tests.access.conftest import Person
from tests.lifecycle.helpers import local
from tousu.cases import personal
from tousu.cases.models import Complaint
from tousu.org.models import Position

NAME, PHONE = "上官婉清", "13698765432"
EMAIL, ID_NUMBER = "shangguan.wq@example.net", "110101199003074512"
SECRETS = (
    NAME,
    PHONE,
    EMAIL,
    ID_NUMBER,
    personal.mask_name(NAME),
    personal.mask_phone(PHONE),
    personal.mask_email(EMAIL),
    personal.mask_id_number(ID_NUMBER),
)
REPORT = {
    "policy": "special-equipment",
    "channel": "hotline",
    "kind": "report",  # confidential by the policy, no flag sent (P2.11)
    "complainant_name": NAME,
    "complainant_phone": PHONE,
    "complainant_email": EMAIL,
    "complainant_id_number": ID_NUMBER,
    "equipment_type": "elevator",
    "equipment_stage": "inspection",
    "category": "elevator",  # routed to the special-equipment section (P2.4) ...
    # ... whose inspector is the one reported, named as the reporter said it.
    "subject_department": "特种设备安全监察科",
    "subject_person": "检验员韩磊",
    "location": "金海湾购物广场东侧观光电梯",
    "content": f"检验员韩磊收受好处后给超期未检的观光电梯出具合格报告。举报人{NAME}，电话{PHONE}，要求保密。",
}


def _text(blob: bytes) -> str:
    """The text of a response, of every part of a zipped document (DOCX, XLSX)."""
    if blob[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return blob.decode("utf-8", "replace")


def _absent(where: str, blob: bytes) -> None:
    text = _text(blob)
    for secret in SECRETS:
        assert secret not in text, (where, secret)


def _upload(who: Person, number: str, name: str, *, confidential: bool = False) -> dict:
    photo = io.BytesIO(b"\x89PNG\r\n" + b"x" * 100)
    photo.name = name
    data = {"file": photo, **({"confidential": "true"} if confidential else {})}
    response = who.api.client.post(f"/api/v1/complaints/{number}/attachments", data, **who.api.headers)
    assert response.status_code == 201, response.content.decode()
    return response.json()


def _download(who: Person, url: str) -> tuple[int, bytes]:
    response = who.api.client.get(url, **who.api.headers)
    body = b"".join(response.streaming_content) if response.status_code == 200 else response.content
    return response.status_code, body


@time_machine.travel(local(2026, 11, 10, 10), tick=False)
def test_only_the_need_to_know_list_ever_sees_a_confidential_reporter_p2_11(person):
    hotline = person("receptionist", "ts_12365")  # took it in (首问负责)
    officer = person("complaint_manager", "special-equipment", display_name="许主任")  # need_to_know
    supervision_head = person("department_head", "ts_supervision", display_name="吴科长")
    handler = person("handler", "ts_supervision", display_name="郑检")  # will be responsible
    colleague = person("handler", "ts_supervision", display_name="钱干事")  # sees the case
    hanlei = person("handler", "ts_special", display_name="韩磊")  # the person reported
    Position.objects.filter(user=hanlei.user).update(title="检验员")
    his_head = person("department_head", "ts_special", display_name="罗科长")

    # --- Registered: confidential by default; the party reported found naturally ---------
    created = hotline.api.post("/complaints", REPORT)
    assert created.status_code == 201, created.content.decode()
    number = created.json()["number"]
    case = Complaint.objects.get(number=number)
    assert case.confidential
    assert case.reported_person_id == hanlei.user.pk
    # Routing would have sent it to the reported inspector's section: not there (P2.11).
    assert case.department.code == "ts_supervision"
    hotline.api.act(number, "screen", decision="in_scope")

    # --- The party reported is never given the case (P2.11) ----------------------------
    refused = supervision_head.api.post(f"/complaints/{number}/assign", {"assignee": hanlei.username})
    assert refused.status_code == 422 and "P2.11" in refused.json()["details"]["assignee"][0]
    refused = supervision_head.api.post(f"/complaints/{number}/transfer", {"department": "ts_special"})
    assert refused.status_code == 422 and "P2.11" in refused.json()["details"]["department"][0]
    # Nor offered: the desk's forms list neither him nor his section.
    form = supervision_head.desk.get(f"/desk/cases/{number}/form/assign/").content.decode()
    assert handler.username in form and hanlei.username not in form
    form = supervision_head.desk.get(f"/desk/cases/{number}/form/transfer/").content.decode()
    assert 'value="ts_enforcement"' in form and 'value="ts_special"' not in form

    # --- Handled by the need-to-know list, who write the reporter's name down ----------
    supervision_head.api.act(number, "assign", assignee=handler.username)
    handler.api.act(number, "note", note=f"已电话联系{NAME}（{PHONE}）核实：电梯确已超期。")
    named = _upload(hotline, number, f"{NAME}举报材料.png")  # a staff file named after her
    restricted = _upload(hotline, number, "举报人身份证复印件.png", confidential=True)
    handler.api.act(
        number, "reply", reply_kind="first", channel="letter", text=f"{NAME}同志：您的举报已受理，我们将依法查处。"
    )
    letter = next(a for a in handler.api.get(f"/complaints/{number}").json()["attachments"] if a["generated"])

    # --- The need-to-know list sees the reporter in full --------------------------------
    for who in (hotline, officer, handler):
        detail = who.api.get(f"/complaints/{number}").json()
        assert detail["personal_data"] == "full", who.username
        assert detail["complainant_phone"] == PHONE and detail["complainant_id_number"] == ID_NUMBER
        assert "韩磊" in detail["reported_party"]
        tokens = {a["token"] for a in detail["attachments"]}
        assert {restricted["token"], letter["token"]} <= tokens
        status, body = _download(who, letter["url"])
        assert status == 200 and NAME in _text(body)  # the letter opens with her name
        assert [i["number"] for i in who.api.get("/complaints", phone=PHONE).json()["items"]] == [number]
        page = who.desk.get(f"/desk/cases/{number}/").content.decode()
        assert PHONE in page and "韩磊" in page and "打印书面答复函" in page

    # --- Everyone else who sees the case: the reporter is absent, not masked -----------
    for who in (supervision_head, colleague):
        answer = who.api.get(f"/complaints/{number}")
        assert answer.status_code == 200  # the case is theirs to see
        detail = answer.json()
        assert detail["personal_data"] == "absent"
        _absent(f"api detail {who.username}", answer.content)
        assert personal.CUT in detail["content"]
        assert detail["reported_party"] == "" and detail["reported_person"] is None
        # The staff file named after her is listed with her name cut out; the file marked
        # confidential and the letter to her are neither listed nor served (like missing).
        names = {a["token"]: a["name"] for a in detail["attachments"]}
        assert names == {named["token"]: f"{personal.CUT}举报材料.png"}
        missing = who.api.client.get(letter["url"].replace(letter["token"], "0" * 32), **who.api.headers)
        for hidden in (letter, restricted):
            status, body = _download(who, hidden["url"])
            assert (status, body) == (404, missing.content), hidden["name"]
        # No filter or search by her finds the case, not even as a count.
        for params in ({"phone": PHONE}, {"q": PHONE}, {"q": NAME}, {"q": ID_NUMBER}):
            found = who.api.get("/complaints", **params)
            assert found.status_code == 200 and found.json()["items"] == [], params
        listed = who.api.get("/complaints")
        assert number in listed.content.decode()
        _absent("api list", listed.content)
        # Similar cases find it by its words, with her cut out, never by her phone.
        text = "检验员韩磊收受好处后给超期未检的观光电梯出具合格报告"
        draft = who.api.post("/search/similar", {"content": text, "complainant_phone": PHONE})
        assert [i["number"] for i in draft.json()["items"]] == [number]
        assert draft.json()["same_phone"] == 0
        _absent("similar", draft.content)
        assert who.api.post(f"/complaints/{number}/reveal", {"reason": "想知道是谁举报的"}).status_code == 403

        page = who.desk.get(f"/desk/cases/{number}/")
        assert page.status_code == 200
        _absent("desk case page", page.content)
        assert "打印书面答复函" not in page.content.decode()
        for token in (letter["token"], restricted["token"]):
            assert who.desk.get(f"/desk/cases/{number}/files/{token}/").status_code == 404
        assert who.desk.get(f"/desk/print/{number}/letter/").status_code == 404
        for path in ("/desk/", f"/desk/print/{number}/record/", "/desk/oversight/"):
            _absent(path, who.desk.get(path).content)
        for q in (NAME, PHONE):  # the results part (the page echoes what was typed)
            searched = who.desk.get("/desk/search/", {"q": q}, HTTP_HX_REQUEST="true")
            _absent(f"desk search {q}", searched.content)
            assert number not in searched.content.decode()
        caller = who.desk.get("/desk/register/caller/", {"policy": "special-equipment", "complainant_phone": PHONE})
        assert number not in caller.content.decode()

    # --- The party reported and his head cannot reach it at all -----------------------
    for who in (hanlei, his_head):
        assert who.api.get(f"/complaints/{number}").status_code == 404
        for params in ({"phone": PHONE}, {"q": PHONE}, {"q": NAME}, {}):
            assert who.api.get("/complaints", **params).json()["items"] == [], params
        assert number not in who.desk.get("/desk/").content.decode()

    # The public status page shows nothing personal to anyone.
    code = case.verification_code
    _absent("public status", colleague.api.get("/public/status", number=number, code=code).content)
