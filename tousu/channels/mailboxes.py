"""Which mailbox feeds which policy, from the environment (read by settings.py).

    TOUSU_MAILBOXES="special-equipment=imaps://ts-mailbox%40example.cn:secret@mail.example.cn/INBOX
                     property-office=imap+starttls://wy:secret@10.0.0.5:143/Complaints"

Entries are separated by spaces, commas or new lines; each is POLICY=URL. Schemes:
`imaps` (TLS, port 993), `imap+starttls` (port 143 upgraded to TLS), `imap` (plain text:
only for a server on the same machine). Percent-encode @ : / in the user and password.
The path is the folder (default INBOX). A bad entry stops start-up with a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from tousu.env import SettingError, env_str

SCHEMES = {"imap": 143, "imap+starttls": 143, "imaps": 993}
POLICY_NAME = re.compile(r"^[a-z][a-z0-9-]{1,62}$")


@dataclass(frozen=True)
class Mailbox:
    policy: str
    scheme: str
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"

    @property
    def name(self) -> str:
        """Stable, without the password: the key of the mailbox's collection state."""
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"[:64]

    def __repr__(self) -> str:  # never print the password
        return f"Mailbox({self.policy!r}, {self.scheme}://{self.name})"


def parse_mailbox(entry: str) -> Mailbox:
    policy, sep, url = entry.partition("=")
    if not sep or not POLICY_NAME.match(policy):
        raise SettingError(f"TOUSU_MAILBOXES: {entry.split(':')[0]!r} is not POLICY=URL")
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise SettingError(f"TOUSU_MAILBOXES: {policy}: use imaps://, imap+starttls:// or imap://")
    if not parts.hostname or not parts.username or parts.password is None:
        raise SettingError(f"TOUSU_MAILBOXES: {policy}: the URL needs user, password and host")
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError:
        raise SettingError(f"TOUSU_MAILBOXES: {policy}: bad port") from None
    return Mailbox(
        policy=policy,
        scheme=parts.scheme,
        host=parts.hostname,
        port=port,
        user=unquote(parts.username),
        password=unquote(parts.password),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
    )


def mailboxes_from_env() -> list[Mailbox]:
    raw = env_str("TOUSU_MAILBOXES", "")
    return [parse_mailbox(entry) for entry in re.split(r"[\s,]+", raw) if entry]
