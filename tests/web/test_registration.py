"""Registration for phone and counter intake: the policy decides the fields and the
required ones (P4.5.1, P2.5); repeat callers are shown; the urgent flag is suggested from
the category (P4.7.1); attachments come with the intake; the number and code are shown."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tousu.cases.models import Complaint

FORM = {
    "policy": "property-office",
    "token": "t-1",
    "channel": "phone",
    "complainant_phone": "13800001234",
    "complainant_name": "王芳",
    "complainant_unit": "3栋1单元502",
    "category": "elevator",
    "urgent": "on",
    "content": "电梯困人",
}


def test_the_policy_decides_the_fields_and_the_required_ones(desk):
    receptionist = desk("receptionist", "wy_customer_service")
    form = receptionist.get("/desk/register/").context["form"]
    assert form.spec.name == "property-office"  # the policy of my department
    required = {f.name for f in form.main() if getattr(f.field, "policy_required", False)}
    assert required == {"complainant_name", "complainant_phone", "complainant_unit", "category", "content"}
    assert "equipment_type" in form.more  # P4 has no equipment classification
    assert "kind" not in form.fields  # P4 takes complaints only

    hotline = desk("receptionist", "ts_12365")
    form = hotline.get("/desk/register/").context["form"]
    assert form.spec.name == "special-equipment"
    main = {f.name for f in form.main()}
    assert {"equipment_type", "equipment_stage", "kind", "confidential"} <= main  # P2.3, P2.11
    required = {f.name for f in form.main() if getattr(f.field, "policy_required", False)}
    assert required == {"content", "equipment_type"}


def test_registering_shows_the_number_and_code_to_read_out(desk):
    receptionist = desk("receptionist", "wy_customer_service")
    response = receptionist.post("/desk/register/", FORM)
    assert response.status_code == 302
    case = Complaint.objects.get()
    assert response["Location"] == f"/desk/registered/{case.number}/"
    assert case.received_by == receptionist.user  # 首问负责 P4.4.4
    assert case.urgent and case.department.code == "wy_engineering"
    page = receptionist.get(response["Location"]).content.decode()
    assert case.number in page and case.verification_code in page


def test_a_double_submit_registers_once(desk):
    receptionist = desk("receptionist", "wy_customer_service")
    first = receptionist.post("/desk/register/", FORM)
    second = receptionist.post("/desk/register/", FORM)
    assert first["Location"] == second["Location"]
    assert Complaint.objects.count() == 1


def test_missing_required_fields_are_named_and_nothing_is_saved(desk):
    receptionist = desk("receptionist", "wy_customer_service")
    response = receptionist.post("/desk/register/", {**FORM, "complainant_unit": "", "token": "t-2"})
    assert response.status_code == 422
    assert response.context["form"].errors["complainant_unit"] == ["此规程要求填写此项。"]
    assert "王芳" in response.content.decode()  # what was typed stays in the form
    assert not Complaint.objects.exists()


def test_an_anonymous_reporter_needs_no_personal_details_p2_11(desk):
    hotline = desk("receptionist", "ts_12365")
    response = hotline.post(
        "/desk/register/",
        {
            "policy": "special-equipment",
            "token": "t-3",
            "channel": "hotline",
            "kind": "report",
            "anonymous": "on",
            "confidential": "on",  # as the form offers it for a report (P2.11)
            "equipment_type": "pressure_vessel",
            "category": "gas_cylinder",
            "content": "某充装站给过期液化气瓶充装。",
        },
    )
    assert response.status_code == 302
    assert Complaint.objects.get().department.code == "ts_boiler"


def test_attachments_come_with_the_intake_and_a_bad_one_stops_it(desk, settings):
    receptionist = desk("receptionist", "wy_customer_service")
    photo = SimpleUploadedFile("电梯.jpg", b"\xff\xd8\xff" + b"0" * 500, content_type="image/jpeg")
    response = receptionist.post("/desk/register/", {**FORM, "attachments": [photo]})
    assert response.status_code == 302
    assert [a.name for a in Complaint.objects.get().attachments.all()] == ["电梯.jpg"]

    settings.TOUSU_ATTACHMENT_MAX_BYTES = 100
    big = SimpleUploadedFile("大.jpg", b"0" * 101, content_type="image/jpeg")
    response = receptionist.post("/desk/register/", {**FORM, "token": "t-4", "attachments": [big]})
    assert response.status_code == 422
    assert "大.jpg" in response.context["files_error"]
    assert Complaint.objects.count() == 1  # refused before registering


def test_the_urgent_flag_is_suggested_from_the_category_p4_7_1(desk):
    receptionist = desk("receptionist", "wy_customer_service")
    urgent = receptionist.get("/desk/register/urgent/", {"policy": "property-office", "category": "elevator"})
    assert urgent.context["suggested"] and 'id="id_urgent" checked' in urgent.content.decode()
    calm = receptionist.get("/desk/register/urgent/", {"policy": "property-office", "category": "greening"})
    assert not calm.context["suggested"] and "checked" not in calm.content.decode()


def test_typing_the_phone_shows_earlier_cases_and_open_cases_at_the_unit(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    earlier = registered(receptionist)
    neighbour = registered(receptionist, complainant_phone="13900000000", complainant_name="邻居")
    fragment = receptionist.get(
        "/desk/register/caller/",
        {"complainant_phone": "13800001234", "complainant_unit": "3栋1单元502", "policy": "property-office"},
    )
    assert [r["number"] for r in fragment.context["earlier"]] == [earlier.number]
    assert {r["number"] for r in fragment.context["same_unit"]} == {earlier.number, neighbour.number}
    too_short = receptionist.get("/desk/register/caller/", {"complainant_phone": "138"})
    assert too_short.context["earlier"] == []


def test_the_form_suggests_category_urgency_and_department_with_reasons(desk):
    receptionist = desk("receptionist", "wy_customer_service")
    page = receptionist.get("/desk/register/").content.decode()
    assert 'id="suggestions"' in page and "/desk/register/suggestions/" in page
    response = receptionist.get(
        "/desk/register/suggestions/", {"policy": "property-office", "content": "3栋电梯困人了，老人被关在里面"}
    )
    rows = {r["field"]: r for r in response.context["rows"]}
    assert rows["category"]["value"] == "elevator" and "电梯" in rows["category"]["reason"]
    assert rows["urgent"]["value"] == "on"  # P4.7.1: same-day
    assert rows["department"]["value"] == "wy_engineering" and not rows["department"]["fillable"]
    assert 'data-apply-field="category" data-apply-value="elevator"' in response.content.decode()
    empty = receptionist.get("/desk/register/suggestions/", {"policy": "property-office", "content": ""})
    assert empty.context["rows"] == []


def test_similar_text_is_shown_as_the_receptionist_types(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    earlier = registered(receptionist, complainant_phone="13900000009", complainant_unit="7栋203")
    registered(receptionist, category="cleaning", content="楼道没人打扫", complainant_phone="13900000008")
    fragment = receptionist.get(
        "/desk/register/caller/", {"policy": "property-office", "content": "3栋1单元的电梯停在8楼，有老人被困"}
    )
    assert [r["number"] for r in fragment.context["similar"]] == [earlier.number]
    assert fragment.context["similar"][0]["similarity"] >= 0.3
    assert "内容相似的案件" in fragment.content.decode()
