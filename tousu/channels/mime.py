"""Reading an e-mail as Chinese mail clients write it: pure, no database.

Outlook writes GB2312 in base64, Foxmail GBK in quoted-printable, phones UTF-8; headers
come as RFC 2047 encoded words (or, from some clients, raw 8-bit bytes), attachment names
as RFC 2231 parameters or encoded words. Mail that says GB2312 or GBK often holds
characters only GBK or GB18030 have, so every GB charset is decoded as GB18030, its
superset. Text that still does not decode is reported, never turned into mojibake.
"""

from __future__ import annotations

import datetime as dt
import email
import email.utils
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from email.header import Header, decode_header
from email.message import Message

from tousu.channels.htmltext import html_to_text

# Charsets that mail clients name for Chinese text, read as the superset GB18030.
GB_ALIASES = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "euc-cn", "csgb2312", "gb18030"})
MAX_MESSAGE_ID = 250
ANGLE_IDS = re.compile(r"<[^<>\s]+>")
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


class Unreadable(ValueError):
    """The mail cannot become a case by itself; `code` is stored, stable."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass
class ParsedMail:
    message_id: str
    sender: str  # the address, lower-cased
    sender_name: str
    subject: str
    text: str
    sent_at: dt.datetime | None = None
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    automatic: bool = False  # an auto-reply, bounce or bulk mail (RFC 3834, RFC 3464)


def synthetic_message_id(raw: bytes) -> str:
    """A stable id for mail without a Message-ID, so a second collection still dedupes it."""
    return f"<sha256.{hashlib.sha256(raw).hexdigest()}@tousu.invalid>"


def decode_bytes(data: bytes, charset: str | None) -> tuple[str, bool]:
    """The text, and whether it decoded cleanly. An unknown or missing charset is tried
    as UTF-8, then GB18030 (the two that Chinese mail actually uses). NUL characters are
    dropped: no text has them, and PostgreSQL cannot store them (the raw mail keeps them)."""
    text, ok = _decode(data, charset)
    return text.replace("\x00", ""), ok


def _decode(data: bytes, charset: str | None) -> tuple[str, bool]:
    name = (charset or "").strip().strip('"').lower()
    if name in ("", "unknown-8bit", "us-ascii", "ascii", "unknown"):
        return _guess(data)
    candidates = ["gb18030"] if name in GB_ALIASES else [name]
    candidates += [c for c in ("utf-8", "gb18030") if c not in candidates]
    for candidate in candidates:
        try:
            return data.decode(candidate), True
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace"), False


def _guess(data: bytes) -> tuple[str, bool]:
    """Undeclared bytes: UTF-8 if they are, unless they only make sense as GB18030. Short
    GBK text is often valid UTF-8 too (漏水 in GBK reads as "©ˮ"): a UTF-8 reading with no
    Chinese character loses to a GB18030 reading that is all Chinese."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    else:
        if text.isascii() or CHINESE.search(text):
            return text, True
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return (text, True) if text else (data.decode("utf-8", errors="replace"), False)
    if not text or CHINESE.search(gb):
        return gb, True
    return text, True


def decode_header_value(value: object) -> tuple[str, bool]:
    """An RFC 2047 header (or raw 8-bit bytes some clients send) as text."""
    if value is None:
        return "", True
    if not isinstance(value, str | Header):
        value = str(value)
    # A header with raw 8-bit bytes comes as a Header of "unknown-8bit" chunks: decoding
    # it as a Header keeps the bytes (str() would turn them into U+FFFD).
    clean = True
    parts: list[str] = []
    for chunk, charset in decode_header(value):
        if isinstance(chunk, str):
            # Raw 8-bit header bytes arrive as surrogate escapes: decode them for real.
            if any("\udc80" <= ch <= "\udcff" for ch in chunk):
                text, ok = decode_bytes(chunk.encode("ascii", "surrogateescape"), None)
            else:
                text, ok = chunk, True
        else:
            text, ok = decode_bytes(chunk, charset)
        clean = clean and ok
        parts.append(text)
    # decode_header drops the whitespace between encoded words but keeps it elsewhere.
    return re.sub(r"\s+", " ", "".join(parts)).strip(), clean


def _filename(part: Message) -> str:
    raw = part.get_param("filename", header="content-disposition") or part.get_param("name")
    if raw is None:
        return ""
    if isinstance(raw, tuple):  # RFC 2231: (charset, language, percent-decoded value)
        charset, _language, value = raw
        text, _ok = decode_bytes(value.encode("raw-unicode-escape"), charset)
        return text.strip()
    text, _ok = decode_header_value(email.utils.unquote(raw))
    return text.strip()


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    return disposition == "attachment" or bool(_filename(part))


def _walk(part: Message, bodies: list[tuple[str, str, bool]], files: list[Attachment]) -> None:
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        inner = part.get_payload()
        data = inner[0].as_bytes() if isinstance(inner, list) and inner and isinstance(inner[0], Message) else b""
        files.append(Attachment(_filename(part) or "attached-message.eml", content_type, data))
        return
    if part.is_multipart():
        for child in part.get_payload():
            if isinstance(child, Message):
                _walk(child, bodies, files)
        return
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    if _is_attachment(part) or part.get_content_maintype() not in ("text",):
        if data:
            # An inline image without a name (HTML mail, Content-ID only) gets one.
            name = _filename(part) or "attachment" + (mimetypes.guess_extension(content_type) or ".bin")
            files.append(Attachment(name, content_type, data))
        return
    text, ok = decode_bytes(data, part.get_content_charset())
    if content_type == "text/html":
        text = html_to_text(text)
    bodies.append((content_type, text, ok))


AUTOMATIC_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@", re.I)


def _is_automatic(message: Message, sender: str) -> bool:
    """Mail no person wrote. Registering it would answer it with an acknowledgement,
    which an auto-responder answers again: a mail loop."""
    auto = (message.get("Auto-Submitted") or "no").strip().lower()
    precedence = (message.get("Precedence") or "").strip().lower()
    report = message.get_content_type() == "multipart/report"
    return (
        auto != "no"
        or precedence in ("bulk", "junk", "list", "auto_reply")
        or report
        or bool(AUTOMATIC_SENDERS.match(sender) or message.get("X-Autoreply") or message.get("X-Autorespond"))
    )


def _ids(value: object) -> list[str]:
    return ANGLE_IDS.findall(str(value or ""))[:50]


def parse(raw: bytes) -> ParsedMail:
    """The parts of a mail that intake needs; raises Unreadable when it has no sender or
    no text, or its text cannot be decoded."""
    message = email.message_from_bytes(raw)
    if not message.keys():
        raise Unreadable("no_headers")
    found_ids = _ids(message.get("Message-ID"))
    message_id = found_ids[0][:MAX_MESSAGE_ID] if found_ids else synthetic_message_id(raw)
    from_text, _ok = decode_header_value(message.get("From"))
    sender_name, sender = email.utils.parseaddr(from_text)
    if "@" not in sender:
        raise Unreadable("no_sender", from_text[:200])
    subject, subject_ok = decode_header_value(message.get("Subject"))
    bodies: list[tuple[str, str, bool]] = []
    files: list[Attachment] = []
    _walk(message, bodies, files)
    # text/plain preferred; HTML (converted) only when the mail has no plain text.
    plain = [b for b in bodies if b[0] == "text/plain" and b[1].strip()]
    chosen = plain or [b for b in bodies if b[1].strip()]
    if chosen and not all(ok for _type, _text, ok in chosen[:1]):
        raise Unreadable("undecodable", f"charset of the text part of {message_id}")
    if not subject_ok:
        raise Unreadable("undecodable", "subject")
    text = chosen[0][1].strip() if chosen else ""
    if not text and not subject:
        raise Unreadable("no_text")
    sent_at: dt.datetime | None = None
    if message.get("Date"):
        try:
            sent_at = email.utils.parsedate_to_datetime(str(message.get("Date")))
        except (TypeError, ValueError):
            sent_at = None
        if sent_at is not None and sent_at.tzinfo is None:
            sent_at = None
    return ParsedMail(
        message_id=message_id,
        sender=sender.strip().lower(),
        sender_name=sender_name.strip().strip('"'),
        subject=subject,
        text=text,
        sent_at=sent_at,
        in_reply_to=_ids(message.get("In-Reply-To")),
        references=_ids(message.get("References")),
        attachments=files,
        automatic=_is_automatic(message, sender),
    )


def envelope_of(raw: bytes) -> tuple[str, str, str]:
    """Sender address, sender name and subject as far as they can be read, for listing a
    mail that parse() refuses."""
    try:
        message = email.message_from_bytes(raw)
        name, address = email.utils.parseaddr(decode_header_value(message.get("From"))[0])
        return address.strip().lower(), name.strip(), decode_header_value(message.get("Subject"))[0]
    except Exception:  # whatever the bytes are, the mail is still listed
        return "", "", ""


def message_id_of(raw: bytes) -> str:
    """The Message-ID even of mail that parse() refuses, for deduplication."""
    try:
        found = _ids(email.message_from_bytes(raw).get("Message-ID"))
    except Exception:  # whatever the bytes are, they still get an id
        found = []
    return found[0][:MAX_MESSAGE_ID] if found else synthetic_message_id(raw)
