def test_every_desk_page_answers(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    head = desk("department_head", "wy_engineering")
    case = registered(receptionist)
    for client, url in [
        (receptionist, "/desk/"),
        (receptionist, "/desk/register/"),
        (receptionist, "/desk/register/?policy=special-equipment"),
        (receptionist, f"/desk/cases/{case.number}/"),
        (receptionist, f"/desk/registered/{case.number}/"),
        (
            receptionist,
            "/desk/register/caller/?complainant_phone=13800001234&complainant_unit=3栋1单元502&policy=property-office",
        ),
        (receptionist, "/desk/register/urgent/?policy=property-office&category=elevator"),
        (head, "/desk/oversight/"),
        (head, f"/desk/cases/{case.number}/"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
