"""Registering a report (P2.11): confidential by default for the kinds the policy keeps so,
unless the reporter waives it (recorded); the party reported picked from the directory,
and the staff and units named in the report offered to confirm — the directory of my
organisations and of those the policy hands cases to, never another's."""

from __future__ import annotations

from tousu.cases.models import Complaint, Event

REPORT = {
    "policy": "special-equipment",
    "channel": "hotline",
    "kind": "report",
    "complainant_name": "陈建国",
    "complainant_phone": "13622220000",
    "equipment_type": "elevator",
    "category": "elevator",
    "subject_person": "检验员韩磊",
    "content": "检验员韩磊对超期电梯出具合格报告。",
}


def test_a_report_is_confidential_by_default_and_a_waiver_is_recorded_p2_11(desk):
    hotline = desk("receptionist", "ts_12365")
    form = hotline.get("/desk/register/").context["form"]
    assert form["confidential"].value() is True  # reports, the policy's default kind
    page = hotline.get("/desk/register/").content.decode()
    assert 'id="id_confidential" checked' in page and "id_confidentiality_waived" in page
    # Choosing the kind redraws the choice: off for a complaint, on for a report.
    complaint = hotline.get("/desk/register/confidential/", {"policy": "special-equipment", "kind": "complaint"})
    assert "checked" not in complaint.content.decode() and "confidentiality_waived" not in complaint.content.decode()
    report = hotline.get("/desk/register/confidential/", {"policy": "special-equipment", "kind": "report"})
    assert 'id="id_confidential" checked' in report.content.decode()

    # Unticked without the reporter's waiver: refused, on the field, nothing saved.
    refused = hotline.post("/desk/register/", {**REPORT, "token": "r-1"})
    assert refused.status_code == 422
    assert "P2.11" in " ".join(refused.context["form"].errors["confidential"])
    assert not Complaint.objects.exists()

    kept = hotline.post("/desk/register/", {**REPORT, "token": "r-2", "confidential": "on"})
    assert kept.status_code == 302
    waived = hotline.post("/desk/register/", {**REPORT, "token": "r-3", "confidentiality_waived": "on"})
    assert waived.status_code == 302
    first, second = Complaint.objects.order_by("id")
    assert first.confidential and not second.confidential
    register = Event.objects.get(complaint=second, action="register")
    assert register.data["confidentiality_waived"] is True  # on the timeline (P2.11)


def test_the_party_reported_is_picked_from_the_directory_and_offered_from_the_text(desk):
    hotline = desk("receptionist", "ts_12365")
    desk("handler", "ts_special", name="韩磊")
    desk("handler", "tj_elevator", name="孙检验")  # the institute the policy hands cases to
    desk("handler", "wy_engineering", name="李强")  # another organisation altogether
    text = {"policy": "special-equipment", "subject_person": "检验员韩磊", "content": "孙检验和李强也在场。"}
    found = hotline.get("/desk/register/mentions/", text)
    names = [m["name"] for m in found.context["found"]]
    assert sorted(names) == ["孙检验", "韩磊"]  # never 李强 of the property company
    body = found.content.decode()
    assert 'data-apply-field="reported_person"' in body and "韩磊" in body

    form = hotline.get("/desk/register/").context["form"]
    people = dict(form.fields["reported_person"].choices)
    assert any("韩磊" in label for label in people.values())
    assert not any("李强" in label for label in people.values())
    units = dict(form.fields["reported_unit"].choices)
    assert "ts_special" in units and "wy_engineering" not in units

    hanlei = next(username for username, label in people.items() if "韩磊" in label)
    response = hotline.post(
        "/desk/register/",
        {**REPORT, "token": "p-1", "confidential": "on", "subject_person": "", "reported_person": hanlei},
    )
    assert response.status_code == 302
    case = Complaint.objects.get()
    assert case.reported_person.username == hanlei
    # The reported inspector's section would have been the route (P2.4): not for him.
    assert case.department.code != "ts_special"
    page = hotline.get(f"/desk/cases/{case.number}/").content.decode()
    assert "韩磊" in page  # the party reported, shown to the need-to-know list
