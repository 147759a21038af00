"""Builds the .eml fixtures beside this file with Python's email package, each in the way
one family of mail clients writes Chinese mail. Run it to regenerate them:

    python tests/channels/mails/build.py

The files are committed: the tests read them, and append them to a real IMAP server.
"""

from __future__ import annotations

import base64
import quopri
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.utils import formataddr
from pathlib import Path

HERE = Path(__file__).resolve().parent
# A stand-in for a JPEG photo: the bytes only need to survive the trip.
PHOTO = bytes(range(256)) * 8
# The number the tests put in place of this before appending (same length).
NUMBER_PLACEHOLDER = "TS00000000-0000"


def text_part(subtype: str, text: str, charset: str, encoding: str, codec: str | None = None) -> MIMEBase:
    """A text part whose bytes are `text` in `codec` (default: the declared charset).

    Outlook declares GB2312 but writes GBK bytes for characters GB2312 lacks: `codec`
    lets a fixture do the same."""
    data = text.encode(codec or charset)
    part = MIMEBase("text", subtype, charset=charset)
    if encoding == "base64":
        part.set_payload(base64.encodebytes(data).decode("ascii"))
    else:
        part.set_payload(quopri.encodestring(data).decode("ascii"))
    part["Content-Transfer-Encoding"] = encoding
    return part


def attachment(content_type: str, data: bytes, filename_header: str) -> MIMEBase:
    maintype, subtype = content_type.split("/")
    part = MIMEBase(maintype, subtype)
    part.set_payload(base64.encodebytes(data).decode("ascii"))
    part["Content-Transfer-Encoding"] = "base64"
    part["Content-Disposition"] = filename_header
    return part


def encoded_word(text: str, charset: str, encoding: str) -> str:
    data = text.encode(charset)
    if encoding == "B":
        return f"=?{charset}?B?{base64.b64encode(data).decode('ascii')}?="
    # RFC 2047 Q: letters and digits as they are, every other byte as =XX, no line breaks.
    encoded = "".join(chr(b) if chr(b).isascii() and chr(b).isalnum() else f"={b:02X}" for b in data)
    return f"=?{charset}?Q?{encoded}?="


def outlook_gb2312_base64() -> Message:
    """Outlook on Windows: GB2312 declared, base64 bodies, plain + HTML alternatives,
    attachment name as an RFC 2047 encoded word. The text has 镕 and 堃, which GB2312
    lacks: Outlook writes them in GBK all the same."""
    msg = MIMEMultipart("mixed")
    msg["From"] = f"{encoded_word('王镕', 'gbk', 'B')} <wang.rong@example.cn>"
    msg["To"] = "ts-mailbox@example.gov.cn"
    msg["Subject"] = encoded_word("举报：电梯困人，维保单位不到场", "gb2312", "B")
    msg["Date"] = "Mon, 30 Nov 2026 08:12:45 +0800"
    msg["Message-ID"] = "<000001db4a2f$8c3e1a40$a4ba4ec0$@example.cn>"
    msg["X-Mailer"] = "Microsoft Outlook 16.0"
    body = (
        "您好：\r\n"
        "金堃花园3号楼的电梯今天上午困人四十分钟，维保单位一直没有到场。\r\n"
        "这部电梯上个月已经出过两次故障。\r\n"
        "举报人：王镕\r\n"
        "电话：13812345678\r\n"
        "地点：金堃花园3号楼2单元\r\n"
    )
    alternative = MIMEMultipart("alternative")
    alternative.attach(text_part("plain", body, "gb2312", "base64", codec="gbk"))
    html = "<html><body><p>" + body.replace("\r\n", "<br>") + "</p></body></html>"
    alternative.attach(text_part("html", html, "gb2312", "base64", codec="gbk"))
    msg.attach(alternative)
    name = encoded_word("电梯现场照片.jpg", "gb2312", "B")
    photo = attachment("image/jpeg", PHOTO, f'attachment; filename="{name}"')
    photo.set_param("name", name)
    msg.attach(photo)
    return msg


def foxmail_gbk_qp() -> Message:
    """Foxmail: GBK, quoted-printable, attachment name as an RFC 2231 parameter."""
    msg = MIMEMultipart("mixed")
    msg["From"] = f"{encoded_word('李四', 'GBK', 'Q')} <lisi@example.com>"
    msg["To"] = "ts-mailbox@example.gov.cn"
    msg["Subject"] = encoded_word("气瓶充装站违规给过期钢瓶充气", "GBK", "Q")
    msg["Date"] = "Tue, 01 Dec 2026 21:03:10 +0800"
    msg["Message-ID"] = "<202612012103101234567@example.com>"
    msg["X-Mailer"] = "Foxmail 7.2.25.228[cn]"
    body = (
        "举报内容：城东液化气充装站给已过检验期的液化气钢瓶充装，存在安全隐患。\r\n"
        "被举报单位：城东燃气有限公司充装站\r\n"
        "举报人：李四\r\n"
        "联系电话：0754-88123456\r\n"
    )
    msg.attach(text_part("plain", body, "GBK", "quoted-printable"))
    sheet = attachment("application/pdf", b"%PDF-1.4\n% stand-in\n" * 20, "attachment")
    sheet.set_param("filename", ("GBK", "", "过期钢瓶清单.pdf"), header="Content-Disposition")
    msg.attach(sheet)
    return msg


def iphone_utf8() -> Message:
    """iPhone Mail: UTF-8, quoted-printable text, RFC 2231 UTF-8 attachment name."""
    msg = MIMEMultipart("mixed")
    msg["From"] = formataddr((str(Header("赵敏", "utf-8")), "zhaomin@icloud.example"))
    msg["To"] = "ts-mailbox@example.gov.cn"
    msg["Subject"] = Header("游乐场过山车安全带松动", "utf-8")
    msg["Date"] = "Wed, 02 Dec 2026 19:40:02 +0800"
    msg["Message-ID"] = "<7D1A2C3E-9F41-4B2A-8C6D-2E5F1A0B9C7D@icloud.example>"
    msg["X-Mailer"] = "iPhone Mail (22B91)"
    body = "周末带孩子去海滨乐园，发现过山车第三排的安全带扣不紧，工作人员说没关系。请派人检查。\n\n发自我的iPhone"
    msg.attach(text_part("plain", body, "utf-8", "quoted-printable"))
    photo = attachment("image/jpeg", PHOTO[::-1], "inline")
    photo.set_param("filename", ("utf-8", "", "安全带.jpg"), header="Content-Disposition")
    msg.attach(photo)
    return msg


def webmail_html_gb18030() -> Message:
    """A web mail that sends HTML only, in GB18030, base64."""
    msg = MIMEMultipart("mixed")
    msg["From"] = "chen.jing@webmail.example"
    msg["To"] = "ts-mailbox@example.gov.cn"
    msg["Subject"] = encoded_word("锅炉房夜间无人值守", "gb18030", "B")
    msg["Date"] = "Thu, 03 Dec 2026 07:15:00 +0800"
    msg["Message-ID"] = "<tencent_5A1B2C3D4E5F@qq.example>"
    html = (
        "<html><head><style>p{color:red}</style></head><body>"
        "<div>东区小区的燃气锅炉房夜间&nbsp;无人值守，门也没锁。</div>"
        "<div><br></div><div>姓名：陈静</div><script>track()</script></body></html>"
    )
    msg.attach(text_part("html", html, "gb18030", "base64"))
    return msg


def reply_with_headers() -> Message:
    """A reply to the Outlook report: In-Reply-To and References name its Message-ID."""
    msg = MIMEMultipart("mixed")
    msg["From"] = f"{encoded_word('王镕', 'gbk', 'B')} <wang.rong@example.cn>"
    msg["To"] = "ts-mailbox@example.gov.cn"
    msg["Subject"] = encoded_word("答复: 举报：电梯困人，维保单位不到场", "gb2312", "B")
    msg["Date"] = "Mon, 30 Nov 2026 18:02:11 +0800"
    msg["Message-ID"] = "<000101db4a80$1b2c3d4e$5f6a7b8c$@example.cn>"
    msg["In-Reply-To"] = "<000001db4a2f$8c3e1a40$a4ba4ec0$@example.cn>"
    msg["References"] = "<000001db4a2f$8c3e1a40$a4ba4ec0$@example.cn>"
    body = (
        "补充：下午维保人员来了，说是门机故障，但没有给出书面记录。\r\n"
        "\r\n"
        "-----原始邮件-----\r\n"
        "发件人: 王镕 <wang.rong@example.cn>\r\n"
        "> 金堃花园3号楼的电梯今天上午困人四十分钟\r\n"
    )
    msg.attach(text_part("plain", body, "gb2312", "base64", codec="gbk"))
    return msg


def reply_by_subject() -> Message:
    """A reply from a client that dropped In-Reply-To and References: only the tracking
    number in the subject links it to the case."""
    msg = MIMEMultipart("mixed")
    msg["From"] = formataddr((str(Header("李四", "utf-8")), "lisi@example.com"))
    msg["To"] = "ts-mailbox@example.gov.cn"
    subject = Header("回复：您的举报已受理", "utf-8")
    subject.append(" " + NUMBER_PLACEHOLDER, "us-ascii")
    msg["Subject"] = subject
    msg["Date"] = "Fri, 04 Dec 2026 10:00:00 +0800"
    msg["Message-ID"] = "<reply-by-subject-1@example.com>"
    msg.attach(text_part("plain", "充装站今天还在给过期钢瓶充气，附上照片。", "utf-8", "base64"))
    msg.attach(attachment("image/jpeg", PHOTO, 'attachment; filename="IMG_0412.jpg"'))
    return msg


def broken_charset() -> Message:
    """Declares GB2312 but its bytes are neither GB18030 nor UTF-8: kept for a person."""
    msg = Message()
    msg["From"] = "someone@broken.example"
    msg["To"] = "ts-mailbox@example.gov.cn"
    msg["Subject"] = "=?gb2312?B?1b3M3A==?="
    msg["Date"] = "Fri, 04 Dec 2026 11:00:00 +0800"
    msg["Message-ID"] = "<broken-1@broken.example>"
    msg["Content-Type"] = 'text/plain; charset="gb2312"'
    msg["Content-Transfer-Encoding"] = "base64"
    msg.set_payload(base64.encodebytes(b"\xff\xfe\xff\xfd\x80\x81 \xff garbled").decode("ascii"))
    return msg


def property_owner_plain() -> Message:
    """A plain UTF-8 mail to a property office that says no unit number: the policy
    requires one (P5.1), so it is held until a person completes it."""
    msg = MIMEMultipart("mixed")
    msg["From"] = formataddr((str(Header("周先生", "utf-8")), "zhou@example.net"))
    msg["To"] = "wy-mailbox@example.cn"
    msg["Subject"] = Header("楼道灯坏了一个星期", "utf-8")
    msg["Date"] = "Sat, 05 Dec 2026 20:20:00 +0800"
    msg["Message-ID"] = "<owner-1@example.net>"
    msg.attach(text_part("plain", "楼道的灯坏了一个星期了，晚上很黑，请尽快维修。电话 13900001111", "utf-8", "base64"))
    return msg


FIXTURES = {
    "outlook_gb2312_base64.eml": outlook_gb2312_base64,
    "foxmail_gbk_qp.eml": foxmail_gbk_qp,
    "iphone_utf8.eml": iphone_utf8,
    "webmail_html_gb18030.eml": webmail_html_gb18030,
    "reply_with_headers.eml": reply_with_headers,
    "reply_by_subject.eml": reply_by_subject,
    "broken_charset.eml": broken_charset,
    "property_owner_plain.eml": property_owner_plain,
}


def main() -> None:
    for name, build in FIXTURES.items():
        data = build().as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
