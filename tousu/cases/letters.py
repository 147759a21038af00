"""The written reply letter (P5.4): a complaint that came by letter is answered in writing."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from docx import Document
from docx.shared import Pt

from tousu.cases.models import Attachment, Complaint

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class ReplyLetter:
    """The wording of the letter, shared by the .docx and the printable page."""

    title: str
    salutation: str
    opening: str
    paragraphs: list[str]
    closing: str
    signer: str
    day: dt.date


def reply_letter(complaint: Complaint, text: str, signer: str, day: dt.date) -> ReplyLetter:
    received = timezone.localtime(complaint.received_at)
    return ReplyLetter(
        title="投诉处理答复函",
        salutation=f"{complaint.complainant_name or complaint.contact_person or '投诉人'}：",
        opening=f"您于{received:%Y年%m月%d日}反映的问题（受理编号 {complaint.number}）已处理完毕，现答复如下：",
        paragraphs=[p.strip() for p in text.splitlines() if p.strip()],
        closing="如对处理结果有异议，请与我们联系。感谢您的监督与支持。",
        signer=signer,
        day=day,
    )


def render_reply_letter(complaint: Complaint, text: str, signer: str, day: dt.date) -> bytes:
    letter = reply_letter(complaint, text, signer, day)
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(12)
    document.add_heading(letter.title, level=1)
    document.add_paragraph(letter.salutation)
    document.add_paragraph(letter.opening)
    for paragraph in letter.paragraphs:
        document.add_paragraph(paragraph)
    document.add_paragraph(letter.closing)
    document.add_paragraph(letter.signer)
    document.add_paragraph(f"{letter.day:%Y年%m月%d日}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def attach_reply_letter(complaint: Complaint, text: str, actor: Any, now: dt.datetime) -> str:
    """Generate the letter and keep it with the case; returns the attachment token. The
    letter opens with the reporter's name: for a confidential case it is a restricted
    document, seen only by the need-to-know list (P2.11)."""
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
        restricted=complaint.confidential,
    )
    attachment.file.save(token, ContentFile(content), save=False)
    attachment.save()
    return token
