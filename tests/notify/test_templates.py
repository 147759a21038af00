"""Templates per kind and language, seeded from the file and edited by an administrator."""

from __future__ import annotations

from django.core.management import call_command

from tousu.notify.models import Kind, Template

from .helpers import drain
from .test_email import ELEVATOR, subject, to


def test_an_administrators_edit_is_what_goes_out(staff, smtp, admin_client):
    call_command("notify", "templates")
    template = Template.objects.get(kind="acknowledgement", channel="email", language="zh-hans")
    page = admin_client.get(f"/admin/notify/template/{template.pk}/change/")
    assert page.status_code == 200
    response = admin_client.post(
        f"/admin/notify/template/{template.pk}/change/",
        {
            "kind": "acknowledgement",
            "channel": "email",
            "language": "zh-hans",
            "subject": "【物业服务中心】受理回执 {{ number }}",
            "body": "编号：{{ number }}\n查询码：{{ verification_code }}\n我们会在3天内答复您。",
        },
    )
    assert response.status_code == 302
    receptionist = staff("receptionist", "wy_customer_service")
    created = receptionist.post("/complaints", ELEVATOR).json()
    drain()
    [ack] = to(smtp, "wangfang@example.cn")
    assert subject(ack) == f"【物业服务中心】受理回执 {created['number']}"
    assert ack.get_content().replace("\r\n", "\n").strip() == (
        f"编号：{created['number']}\n查询码：{created['verification_code']}\n我们会在3天内答复您。"
    )


def test_every_kind_has_chinese_and_english_templates(db):
    call_command("notify", "templates")
    for kind, channel in Template.objects.values_list("kind", "channel").distinct():
        languages = set(Template.objects.filter(kind=kind, channel=channel).values_list("language", flat=True))
        assert languages == {"zh-hans", "en"}, (kind, channel)
    assert set(Template.objects.values_list("kind", flat=True)) == set(Kind)  # every kind has its templates
