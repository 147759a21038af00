"""The directory for the party reported (P2.11): staff and units named in a report's text,
from the registrar's own organisations and those the policy hands cases to, never
another organisation's."""

from __future__ import annotations


def test_mentions_are_found_in_my_directory_and_the_hand_off_receivers_only(staff):
    hotline = staff("receptionist", "ts_12365")
    staff("handler", "ts_special", username="hanlei")
    staff("handler", "tj_elevator", username="sunjian")
    staff("handler", "wy_engineering", username="liqiang")
    from tousu.org.models import Staff

    for username, name in (("hanlei", "韩磊"), ("sunjian", "孙检验"), ("liqiang", "李强")):
        Staff.objects.filter(user__username=username).update(display_name=name)
    text = "检验员韩磊和孙检验收了好处；物业的李强也知道。特种设备安全监察科没有处理。"

    found = hotline.get("/directory/mentions", text=text, policy="special-equipment")
    assert found.status_code == 200
    by_code = {m["code"]: m for m in found.json()}
    assert {"hanlei", "sunjian", "ts_special"} <= set(by_code)
    assert "liqiang" not in by_code  # the property company is another organisation
    assert by_code["hanlei"] == {**by_code["hanlei"], "kind": "person", "name": "韩磊", "found": "韩磊"}
    assert by_code["ts_special"]["kind"] == "unit"

    # Without the policy (or under another organisation's) only my own organisation.
    mine = {m["code"] for m in hotline.get("/directory/mentions", text=text).json()}
    assert "hanlei" in mine and "sunjian" not in mine
    foreign = {m["code"] for m in hotline.get("/directory/mentions", text=text, policy="property-office").json()}
    assert "liqiang" not in foreign and "sunjian" not in foreign

    property_desk = staff("receptionist", "wy_customer_service")
    theirs = {m["code"] for m in property_desk.get("/directory/mentions", text=text, policy="property-office").json()}
    assert theirs == {"liqiang"}
    assert hotline.get("/directory/mentions", text=text, policy="no-such-policy").status_code == 422
    assert hotline.get("/directory/mentions").status_code == 422  # the text is required
