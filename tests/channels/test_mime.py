"""Reading Chinese mail as the usual clients write it, without a server: charsets
(GB2312/GBK/GB18030, UTF-8), transfer encodings (base64, quoted-printable), RFC 2047
headers, RFC 2231 file names, HTML-only bodies; and mail that cannot be read."""

from __future__ import annotations

from email.header import Header
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from tousu.channels import fields, mime
from tousu.channels.mailboxes import parse_mailbox
from tousu.env import SettingError

from .conftest import eml


@pytest.mark.parametrize(
    ("name", "sender", "subject", "attachment"),
    [
        ("outlook_gb2312_base64.eml", "王镕", "举报：电梯困人，维保单位不到场", "电梯现场照片.jpg"),
        ("foxmail_gbk_qp.eml", "李四", "气瓶充装站违规给过期钢瓶充气", "过期钢瓶清单.pdf"),
        ("iphone_utf8.eml", "赵敏", "游乐场过山车安全带松动", "安全带.jpg"),
        ("webmail_html_gb18030.eml", "", "锅炉房夜间无人值守", None),
    ],
)
def test_chinese_headers_bodies_and_file_names_decode(name: str, sender: str, subject: str, attachment: str) -> None:
    mail = mime.parse(eml(name))
    assert (mail.sender_name, mail.subject) == (sender, subject)
    assert "\ufffd" not in mail.text and mail.text
    assert [a.name for a in mail.attachments] == ([attachment] if attachment else [])


def test_gb2312_declared_but_gbk_written_reads_as_gb18030() -> None:
    # Outlook labels GBK bytes as GB2312: 镕 and 堃 are not in GB2312.
    assert mime.decode_bytes("王镕 金堃".encode("gbk"), "gb2312") == ("王镕 金堃", True)
    assert mime.decode_bytes("𠮷".encode("gb18030"), "GBK") == ("𠮷", True)
    assert mime.decode_bytes("投诉".encode(), None) == ("投诉", True)
    assert mime.decode_bytes("投诉".encode("gbk"), "x-unknown") == ("投诉", True)


def test_nul_characters_are_dropped_from_text_postgresql_cannot_store_them() -> None:
    raw = "From: 张三 <z@example.cn>\r\nSubject: 漏\x00水\r\nMessage-ID: <n@b>\r\n\r\n3栋\x00漏水\r\n".encode()
    mail = mime.parse(raw)
    assert mail.subject == "漏水" and "\x00" not in mail.text and "3栋漏水" in mail.text


def test_raw_eight_bit_headers_are_decoded_too() -> None:
    raw = "From: 张三 <z@example.cn>\r\nSubject: 漏水\r\nMessage-ID: <a@b>\r\n\r\nbody\r\n".encode("gbk")
    mail = mime.parse(raw)
    assert (mail.sender_name, mail.subject) == ("张三", "漏水")


def test_plain_text_is_preferred_to_html() -> None:
    mail = mime.parse(eml("outlook_gb2312_base64.eml"))
    assert "<br>" not in mail.text and mail.text.startswith("您好：")


def test_undecodable_text_is_refused_not_garbled() -> None:
    with pytest.raises(mime.Unreadable) as refused:
        mime.parse(eml("broken_charset.eml"))
    assert refused.value.code == "undecodable"


def test_mail_without_sender_or_message_id() -> None:
    with pytest.raises(mime.Unreadable) as refused:
        mime.parse(b"Subject: hi\r\n\r\nno sender\r\n")
    assert refused.value.code == "no_sender"
    raw = b"From: a@example.cn\r\nSubject: x\r\n\r\ntext\r\n"
    # No Message-ID: a stable one from the bytes, so a second collection still dedupes it.
    assert mime.parse(raw).message_id == mime.message_id_of(raw) == mime.synthetic_message_id(raw)


def test_a_reply_loses_its_quoted_history() -> None:
    mail = mime.parse(eml("reply_with_headers.eml"))
    assert fields.reply_text(mail) == "补充：下午维保人员来了，说是门机故障，但没有给出书面记录。"
    assert mail.in_reply_to == ["<000001db4a2f$8c3e1a40$a4ba4ec0$@example.cn>"]


def test_mailbox_settings_fail_loudly() -> None:
    box = parse_mailbox("special-equipment=imaps://ts%40bureau.example:p%40ss@mail.example:993/Complaints")
    assert (box.user, box.password, box.host, box.port, box.folder) == (
        "ts@bureau.example",
        "p@ss",
        "mail.example",
        993,
        "Complaints",
    )
    assert "p@ss" not in repr(box)
    for bad in ("imaps://x:y@h", "special-equipment=pop3://x:y@h", "special-equipment=imaps://h"):
        with pytest.raises(SettingError):
            parse_mailbox(bad)


@pytest.mark.parametrize(
    "headers",
    [
        "From: wang@example.cn\r\nAuto-Submitted: auto-replied\r\n",
        "From: MAILER-DAEMON@mx.example.cn\r\n",
        "From: list@example.cn\r\nPrecedence: bulk\r\n",
    ],
)
def test_mail_no_person_wrote_is_recognised(headers: str) -> None:
    raw = f"{headers}Subject: 自动回复：您的投诉已受理\r\nMessage-ID: <auto@x>\r\n\r\n我正在休假。\r\n".encode()
    assert mime.parse(raw).automatic


def test_a_person_s_mail_is_not_automatic() -> None:
    assert not mime.parse(eml("iphone_utf8.eml")).automatic


def test_an_html_mail_with_an_inline_image_keeps_the_image() -> None:
    related = MIMEMultipart("related")
    related["From"] = "qq-user@example.cn"
    related["Subject"] = str(Header("小区门口积水", "utf-8"))
    related.attach(MIMEText('<p>门口积水很深</p><img src="cid:img1">', "html", "utf-8"))
    image = MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(100), "png")
    image["Content-ID"] = "<img1>"
    related.attach(image)

    mail = mime.parse(related.as_bytes())

    assert mail.text == "门口积水很深"
    assert [(a.name, a.content_type, len(a.data)) for a in mail.attachments] == [("attachment.png", "image/png", 108)]
