"""The written reply letter (P5.4): a complaint that came by letter is answered in writing."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from docx import Document
from docx.shared import Pt

from tousu.cases.models import Attachment, Complaint

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_reply_letter(complaint: Complaint, text: str, signer: str, day: dt.date) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(12)
    document.add_heading("投诉处理答复函", level=1)
    salutation = complaint.complainant_name or complaint.contact_person or "投诉人"
    document.add_paragraph(f"{salutation}：")
    received = timezone.localtime(complaint.received_at)
    document.add_paragraph(
        f"您于{received:%Y年%m月%d日}反映的问题（受理编号 {complaint.number}）已处理完毕，现答复如下："
    )
    for paragraph in text.splitlines():
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    document.add_paragraph("如对处理结果有异议，请与我们联系。感谢您的监督与支持。")
    document.add_paragraph(signer)
    document.add_paragraph(f"{day:%Y年%m月%d日}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def attach_reply_letter(complaint: Complaint, text: str, actor: Any, now: dt.datetime) -> str:
    """Generate the letter and keep it with the case; returns the attachment token."""
    from tousu.policies.registry import spec_of_version

    signer = spec_of_version(complaint.policy_version_id).title
    content = render_reply_letter(complaint, text, signer, timezone.localdate(now))
    token = secrets.token_hex(16)
    attachment = Attachment(
        complaint=complaint,
        token=token,
        name=f"答复函-{complaint.number}.docx",
        content_type=DOCX_TYPE,
        size=len(content),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        generated=True,
    )
    attachment.file.save(token, ContentFile(content), save=False)
    attachment.save()
    return token
