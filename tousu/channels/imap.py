"""Reading new messages from an IMAP mailbox (RFC 3501), with the standard library.

Messages are fetched with BODY.PEEK[] (the server does not mark them read by fetching)
and flagged \\Seen only after they are taken in, so a person looking at the mailbox sees
what the desk has not taken yet.
"""

from __future__ import annotations

import imaplib
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager

from tousu.channels.mailboxes import Mailbox

TIMEOUT = 60.0


class MailboxError(RuntimeError):
    pass


def _check(result: tuple[str, list]) -> list:
    status, data = result
    if status != "OK":
        raise MailboxError(f"IMAP answered {status}: {data!r}"[:300])
    return data


@contextmanager
def session(mailbox: Mailbox) -> Iterator[imaplib.IMAP4]:
    try:
        if mailbox.scheme == "imaps":
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                mailbox.host, mailbox.port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT
            )
        else:
            conn = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=TIMEOUT)
            if mailbox.scheme == "imap+starttls":
                conn.starttls(ssl.create_default_context())
        conn.login(mailbox.user, mailbox.password)
    except (OSError, imaplib.IMAP4.error) as error:
        raise MailboxError(f"{mailbox.name}: {error}") from error
    try:
        yield conn
    finally:
        try:
            conn.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


def open_folder(conn: imaplib.IMAP4, folder: str) -> int:
    """Select the folder; returns its UIDVALIDITY."""
    _check(conn.select(_quoted(folder)))
    _name, values = conn.response("UIDVALIDITY")
    if not values or values[0] is None:
        raise MailboxError("the server sent no UIDVALIDITY")
    return int(values[0])


def uids_after(conn: imaplib.IMAP4, last_uid: int) -> list[int]:
    data = _check(conn.uid("SEARCH", "UID", f"{last_uid + 1}:*"))
    # "n:*" also matches the highest UID when it is below n (RFC 3501 6.4.8): filter.
    found = [int(u) for u in (data[0] or b"").split()]
    return sorted(u for u in found if u > last_uid)


def fetch(conn: imaplib.IMAP4, uid: int) -> bytes:
    data = _check(conn.uid("FETCH", str(uid), "(BODY.PEEK[])"))
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return bytes(item[1])
    raise MailboxError(f"no message with UID {uid}")


def mark_seen(conn: imaplib.IMAP4, uid: int) -> None:
    _check(conn.uid("STORE", str(uid), "+FLAGS", "(\\Seen)"))


def _quoted(folder: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9._/-]+", folder):
        return folder
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
