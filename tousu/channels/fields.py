"""A mail as a registration: the sender is the complainant, the text the content, and
what the text says in the usual places (a mobile number, "房号：…" lines, category
keywords) fills the fields the policy's registration form asks for (P5.1, P2.5).

Pure: no database. Whatever the policy still requires and the mail does not say is left
empty; intake then refuses, and the mail is held for a person to complete.
"""

from __future__ import annotations

import re
from typing import Any

from tousu.cases.vocab import Channel, EquipmentType
from tousu.channels.mime import ParsedMail
from tousu.policies.schema import Policy as PolicySpec

MAX_CONTENT = 20000
MAX_NOTE = 5000

# "标签：值" lines, as people write a complaint form into a mail.
LABELS = {
    "complainant_name": ("姓名", "投诉人", "举报人", "联系人姓名"),
    "complainant_phone": ("电话", "手机", "联系电话", "手机号", "手机号码", "联系方式"),
    "complainant_unit": ("房号", "单元", "单元号", "房间号", "门牌号", "住址房号"),
    "complainant_address": ("地址", "住址", "通讯地址"),
    "contact_person": ("联系人",),
    "location": ("地点", "位置", "设备地点", "发生地点"),
    "subject_org": ("被投诉单位", "被举报单位", "使用单位", "单位名称"),
}
LABEL_LINE = re.compile(r"^\s*([\u4e00-\u9fff]{1,8})\s*[：:]\s*(.+?)\s*$", re.M)
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
LANDLINE = re.compile(r"(?<![\d-])(0\d{2,3}-?\d{7,8})(?![\d-])")
LIMITS = {
    "complainant_name": 100,
    "complainant_phone": 32,
    "complainant_unit": 100,
    "complainant_address": 200,
    "contact_person": 100,
    "location": 200,
    "subject_org": 200,
}
# Where a quoted earlier message starts in a reply (Outlook, Foxmail, Gmail, iPhone).
QUOTE_STARTS = re.compile(
    r"^(-{2,}\s*(原始邮件|Original Message|Forwarded message)\s*-{2,}|发件人[:：]|From:\s|"
    r"在.{4,80}写道[:：]?\s*$|On .{4,200} wrote:\s*$)",
    re.M | re.I,
)


def labelled(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for label, value in LABEL_LINE.findall(text):
        for name, labels in LABELS.items():
            if label in labels and name not in found:
                found[name] = value[: LIMITS[name]]
    return found


def phone_in(text: str) -> str:
    match = MOBILE.search(text) or LANDLINE.search(text)
    return match.group(1) if match else ""


def category_in(spec: PolicySpec, text: str) -> str:
    """The policy category whose keyword (or label) appears first; a subcategory wins over
    its parent when both appear, being more precise."""
    best: tuple[int, int, str] | None = None  # (-depth, position, code)
    for code, (category, ancestors) in spec.category_index().items():
        for word in [*category.keywords, category.label]:
            position = text.find(word) if word else -1
            if position < 0:
                continue
            candidate = (-len(ancestors), position, code)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else ""


def equipment_of(spec: PolicySpec, category: str) -> str:
    """P2.3: the equipment type a category names (its own code or an ancestor's)."""
    if not category:
        return ""
    _category, ancestors = spec.category_index()[category]
    for code in (category, *reversed(ancestors)):
        if code in EquipmentType.values:
            return code
    return ""


def registration(mail: ParsedMail, spec: PolicySpec) -> dict[str, Any]:
    """The register payload for a new case from this mail (channel e-mail)."""
    text = mail.text or mail.subject
    content = f"{mail.subject}\n\n{text}" if mail.subject and mail.subject not in text else text
    found = labelled(mail.text)
    payload: dict[str, Any] = {
        "policy": spec.name,
        "channel": Channel.EMAIL.value,
        "content": content[:MAX_CONTENT],
        "complainant_email": mail.sender,
        "complainant_name": found.get("complainant_name") or mail.sender_name[:100],
        "complainant_phone": found.get("complainant_phone") or phone_in(mail.text),
        "reply_channel": Channel.EMAIL.value if Channel.EMAIL in spec.reply_channels else None,
    }
    for name in ("complainant_unit", "complainant_address", "contact_person", "location", "subject_org"):
        if found.get(name):
            payload[name] = found[name]
    category = category_in(spec, f"{mail.subject}\n{mail.text}")
    if category:
        payload["category"] = category
        equipment = equipment_of(spec, category)
        if equipment and "equipment" in spec.classifications:
            payload["equipment_type"] = equipment
    # received_at stays the time of collection: the mail's Date header is the sender's
    # clock, and the deadlines count from when the organisation took the case in (P2.7).
    return payload


def reply_text(mail: ParsedMail) -> str:
    """What the complainant wrote in a reply, without the quoted earlier messages."""
    text = mail.text
    match = QUOTE_STARTS.search(text)
    if match and match.start() > 0:
        text = text[: match.start()]
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    body = "\n".join(lines).strip() or mail.subject
    return body[:MAX_NOTE]
