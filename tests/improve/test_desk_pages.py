"""The desk pages of the improvement loop, with Django's test client: the case page shows
the category's handling guide and fills the reply form from a template (P1.6); corrective
actions are issued, answered and verified from their pages with the overdue ones listed
first (P3.i, P4.5.3, P5.5); a closed case is written up, reviewed, published and exported
without the confidential reporter (P1.6, P2.11); proposals and reviews have their pages."""

import re

import time_machine

from tests.improve.helpers import assert_no_reporter, docx_text
from tests.lifecycle.helpers import local
from tousu.cases import actions
from tousu.improve.models import CorrectiveAction
from tousu.library.models import HandlingGuide, ReplyTemplate, WriteUp

SECRET = {"complainant_name": "陈建国", "complainant_phone": "13622220000", "confidential": True}


def _close(case, receptionist, head, handler):
    actions.perform(case, "assign", {"assignee": handler.user.username}, actor=head.user)
    case.refresh_from_db()
    actions.perform(case, "resolve", {"outcome": "repair", "summary": "更换门机控制板。"}, actor=handler.user)
    case.refresh_from_db()
    actions.perform(
        case, "callback", {"reached": True, "channel": "phone", "satisfaction": "satisfied"}, actor=receptionist.user
    )
    case.refresh_from_db()
    actions.perform(case, "sign_off", {"opinion": "同意"}, actor=head.user)
    case.refresh_from_db()
    actions.perform(case, "close", {}, actor=receptionist.user)
    case.refresh_from_db()
    return case


def test_case_page_shows_the_guide_and_fills_the_reply_from_a_template(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    HandlingGuide.objects.create(
        policy_name="property-office",
        category="elevator",
        title="电梯困人处理要点",
        body="先确认有无人员被困，立即通知维保单位。",
    )
    template = ReplyTemplate.objects.create(
        name="首次答复",
        policy_name="property-office",
        reply_kind="first",
        text="{{ name }}您好，您反映的{{ category }}问题（{{ number }}）已交{{ department }}处理。",
    )
    case = registered(receptionist)
    page = receptionist.get(f"/desk/cases/{case.number}/").content.decode()
    assert "电梯困人处理要点" in page and "先确认有无人员被困" in page
    assert "首次答复" in page
    form = receptionist.get(
        f"/desk/library/templates/{template.pk}/use/{case.number}/?version={case.version}", HTTP_HX_REQUEST="true"
    )
    assert form.status_code == 200
    html = form.content.decode()
    assert f"王芳您好，您反映的电梯故障问题（{case.number}）已交工程部处理。" in html
    assert 'value="first" selected' in html
    # The form posts to the case's own reply action: the engine records it as usual.
    posted = receptionist.post(
        f"/desk/cases/{case.number}/act/reply/",
        {
            "reply-version": case.version,
            "reply-reply_kind": "first",
            "reply-channel": "phone",
            "reply-text": "王芳您好，已处理。",
        },
    )
    assert posted.status_code == 302
    assert case.events.filter(action="reply").count() == 1


def test_corrective_action_pages_p3_i_p5_5(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    head = desk("department_head", "wy_engineering")
    manager = desk("complaint_manager", "wy_office")
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        case = registered(receptionist, **SECRET)
        page = manager.get(f"/desk/cases/{case.number}/").content.decode()
        assert f"/desk/improve/issue/?cases={case.number}&amp;department=wy_engineering" in page
        form = manager.get(f"/desk/improve/issue/?cases={case.number}&department=wy_engineering").content.decode()
        assert case.number in form
        bad = manager.post(
            "/desk/improve/issue/",
            {"cases": "WY-NOPE", "department": "wy_engineering", "problem": "x", "answer_days": 5},
        )
        assert bad.status_code == 422
        assert "没有这些投诉：WY-NOPE。" in bad.content.decode()
        done = manager.post(
            "/desk/improve/issue/",
            {
                "cases": case.number,
                "department": "wy_engineering",
                "problem": "陈先生反映电梯频繁停运",
                "answer_days": 2,
            },
        )
        assert done.status_code == 302
        ca = CorrectiveAction.objects.get()
        assert done["Location"] == f"/desk/improve/{ca.pk}/"
        assert_no_reporter(ca.problem)
        assert head.get("/desk/improve/issue/").status_code == 200  # heads issue too (P4.5.3)
        assert receptionist.get("/desk/improve/issue/").status_code == 404

    with time_machine.travel(local(2026, 3, 5, 9, 0), tick=False):
        listing = head.get("/desk/improve/").content.decode()
        overdue = listing.split('id="overdue"')[1].split('id="all"')[0]
        assert ca.number in overdue
        detail = head.get(f"/desk/improve/{ca.pk}/").content.decode()
        assert 'id="step-answer"' in detail and 'id="step-verify"' not in detail
        missing = head.post(f"/desk/improve/{ca.pk}/answer/", {"version": 1, "root_cause": "维保不到位"})
        assert missing.status_code == 422
        answered = head.post(
            f"/desk/improve/{ca.pk}/answer/",
            {
                "version": 1,
                "root_cause": "维保不到位",
                "corrective_measures": "更换部件",
                "preventive_measures": "每月检查",
                "verify_days": 30,
            },
        )
        assert answered.status_code == 302
        stale = manager.post(f"/desk/improve/{ca.pk}/verify/", {"version": 1, "verification": "未再发生"})
        assert stale.status_code == 409
        assert "请重新加载" in stale.content.decode()
        closed = manager.post(f"/desk/improve/{ca.pk}/verify/", {"version": 2, "verification": "未再发生"})
        assert closed.status_code == 302
        ca.refresh_from_db()
        assert ca.state == "closed"
        # The history says what happened in words, not in action codes.
        history = manager.get(f"/desk/improve/{ca.pk}/").content.decode().split('class="timeline"')[1]
        for step in ("发出纠正措施通知", "答复原因及措施", "验证效果"):
            assert f"<strong>{step}</strong>" in history
        notice = manager.get(f"/desk/improve/{ca.pk}/notice.docx")
        text = docx_text(notice.content)
        assert "每月检查" in text
        assert_no_reporter(text)


def test_library_pages_write_review_publish_export_p1_6(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    head = desk("department_head", "wy_engineering")
    handler = desk("handler", "wy_engineering")
    cs_head = desk("department_head", "wy_customer_service")
    case = registered(receptionist, content="我是陈建国，电话13622220000。3栋电梯停运，老人被困。", **SECRET)
    case = _close(case, receptionist, head, handler)
    page = handler.get(f"/desk/cases/{case.number}/").content.decode()
    assert f"/desk/library/write/?case={case.number}" in page
    form = handler.get(f"/desk/library/write/?case={case.number}").content.decode()
    assert "3栋电梯停运" in form
    assert_no_reporter(form)
    saved = handler.post(
        "/desk/library/write/",
        {
            "case": case.number,
            "title": "电梯困人快速处置",
            "facts": "住户陈建国来电（13622220000）：3栋电梯停运。",
            "tags": "电梯，困人",
        },
    )
    assert saved.status_code == 302
    w = WriteUp.objects.get()
    assert_no_reporter(w.facts)
    assert handler.post(f"/desk/library/{w.pk}/submit/", {"version": w.version}).status_code == 302
    # The author sees no publish button; a head of another department reviews it.
    assert 'id="step-publish"' not in handler.get(f"/desk/library/{w.pk}/").content.decode()
    assert cs_head.post(f"/desk/library/{w.pk}/publish/", {"version": w.version + 1}).status_code == 302
    listing = receptionist.get("/desk/library/", {"q": "电梯"}).content.decode()
    assert "电梯困人快速处置" in listing
    link = re.search(r'href="(/desk/library/export\.docx[^"]*)"', listing).group(1).replace("&amp;", "&")
    text = docx_text(receptionist.get(link).content)
    assert "电梯困人快速处置" in text
    assert_no_reporter(text)


def test_proposal_and_review_pages_p1_5_p5_6(desk, registered):
    receptionist = desk("receptionist", "wy_customer_service")
    manager = desk("complaint_manager", "wy_office")
    case = registered(receptionist, severity="major")
    made = receptionist.post(
        "/desk/improve/proposals/",
        {
            "title": "电梯维保考核",
            "area": "process",
            "problem": "电梯频繁停运",
            "proposal": "按月考核维保单位",
            "cases": case.number,
        },
    )
    assert made.status_code == 302
    detail = receptionist.get(made["Location"]).content.decode()
    assert "按月考核维保单位" in detail and 'id="step-accept"' not in detail
    assert 'id="step-accept"' in manager.get(made["Location"]).content.decode()
    assert manager.post(made["Location"] + "accept/", {"note": "采纳"}).status_code == 302
    assert "已采纳" in manager.get(made["Location"]).content.decode()

    assert receptionist.get("/desk/improve/reviews/").status_code == 404
    planned = manager.post(
        "/desk/improve/reviews/", {"title": "月度评审", "period_start": "2020-01-01", "period_end": "2099-12-31"}
    )
    assert planned.status_code == 302
    page = manager.get(planned["Location"]).content.decode()
    agenda = page.split('id="agenda"')[1]
    assert case.number in agenda and "电梯维保考核" in agenda
    held = manager.post(
        planned["Location"] + "minutes/", {"minutes": "讨论电梯停运", "decisions": "工程部排查全部电梯\n"}
    )
    assert held.status_code == 302
    page = manager.get(planned["Location"]).content.decode()
    decision = re.search(r'name="decision" value="(\d+)"', page).group(1)
    manager.post(planned["Location"] + "action/", {"decision": decision, "department": "wy_engineering"})
    ca = CorrectiveAction.objects.get()
    assert ca.problem == "工程部排查全部电梯" and ca.department.code == "wy_engineering"
    assert ca.number in manager.get(planned["Location"]).content.decode()
    assert manager.post(planned["Location"] + "close/").status_code == 302


def test_reward_pages_for_allowed_roles_only_p2_10(desk, setup_data):
    from tests.improve.helpers import REPORT

    hotline = desk("receptionist", "ts_12365")
    head = desk("department_head", "ts_special")
    inspector = desk("handler", "ts_special")
    manager = desk("complaint_manager", "ts_supervision")
    executive = desk("executive", "ts_supervision")
    from tousu.cases import intake

    case = intake.register(REPORT, actor=hotline.user).complaint
    for action, by, data in (
        ("screen", hotline, {"decision": "in_scope"}),
        ("assign", head, {"assignee": inspector.user.username}),
        ("plan", inspector, {"plan": "现场检查"}),
        ("resolve", inspector, {"outcome": "penalty", "summary": "罚款"}),
    ):
        actions.perform(case, action, data, actor=by.user)
        case.refresh_from_db()
    assert head.get("/desk/improve/rewards/").status_code == 404
    made = manager.post("/desk/improve/rewards/", {"case": case.number, "penalty": "10000"})
    assert made.status_code == 302
    page = executive.get(made["Location"]).content.decode()
    assert "800.00" in page
    assert_no_reporter(page)
    assert executive.post(made["Location"] + "approve/", {"note": ""}).status_code == 302
    paid = manager.post(made["Location"] + "pay/", {"payment_reference": "凭证1", "paid_on": "2026-04-12"})
    assert paid.status_code == 302
    assert "已发放" in manager.get(made["Location"]).content.decode()


def test_contract_service_pages_p3_s1_s3(desk):
    sales = desk("handler", "sh_sales")
    technician = desk("handler", "sh_technical")
    made = sales.post(
        "/desk/improve/services/", {"contract_reference": "HT-1", "customer": "华信食品厂", "description": "保养"}
    )
    assert made.status_code == 302
    here = made["Location"]
    assert sales.post(here + "review/", {"contract_review": "已写入合同第7条"}).status_code == 302
    assert 'id="step-plan"' in sales.get(here).content.decode()
    planned = sales.post(
        here + "plan/",
        {"department": ["sh_technical", "sh_quality"], "task": ["现场保养", ""], "due": ["2099-01-01", ""]},
    )
    assert planned.status_code == 302
    page = technician.get(here).content.decode()
    task = re.search(r'name="task" value="(\d+)"', page).group(1)
    assert technician.post(here + "task_done/", {"task": task, "result": "完成"}).status_code == 302
    assert sales.post(here + "verify/", {"verification": "signature", "note": "客户签字"}).status_code == 302
    assert 'id="service-state"' in sales.get(here).content.decode()
    from tousu.improve.models import ServiceRequest

    assert ServiceRequest.objects.get().state == "verified"


def test_questionnaire_and_customer_information_pages_p3_e1_p3_g1(desk, registered):
    admin = desk("administrator", "property-office")
    receptionist = desk("receptionist", "wy_customer_service")
    case = registered(receptionist, complainant_email="wang@example.com")
    assert 'id="surveys"' in receptionist.get("/desk/improve/surveys/").content.decode()
    made = admin.post(
        "/desk/improve/surveys/",
        {
            "title": "服务满意度征询",
            "kind": "service",
            "questions": "rating: 维修是否及时\nchoice: 态度 | 好 | 一般\ntext: 建议",
        },
    )
    assert made.status_code == 302
    from tousu.improve.models import Survey, SurveyInvitation

    survey = Survey.objects.get()
    assert [q["type"] for q in survey.questions] == ["rating", "choice", "text"]
    bad = admin.post("/desk/improve/surveys/", {"title": "x", "questions": "choice: 只有一个选项 | 好"})
    assert bad.status_code == 422
    sent = receptionist.post(f"/desk/improve/surveys/{survey.pk}/send/", {"cases": case.number})
    assert 'id="sent"' in sent.content.decode()
    assert SurveyInvitation.objects.filter(survey=survey, complaint=case).exists()
    recorded = receptionist.post(
        "/desk/improve/customers/",
        {"customer": "3栋业主", "visited_on": "2026-05-20", "topic": "service", "rating": "5", "opinion": "维修很快"},
    )
    assert recorded.status_code == 302
    page = receptionist.get("/desk/improve/customers/", {"start": "2026-05-01", "end": "2026-05-31"}).content.decode()
    assert "维修很快" in page
