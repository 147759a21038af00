"""Which mailbox feeds which policy, from the environment (read by settings.py).

    TOUSU_MAILBOXES="special-equipment=imaps://ts-mailbox%40example.cn:secret@mail.example.cn/INBOX
                     property-office=imap+starttls://wy:secret@10.0.0.5:143/Complaints"

                     property-office/ch_office=imaps://ch:secret@mail.example.cn/INBOX

Entries are separated by spaces, commas or new lines; each is POLICY=URL, or
POLICY/UNIT=URL for a policy that runs in several offices: UNIT is the code of the office
(or of a unit in it) whose mailbox this is, and its mail is registered there. Schemes:
`imaps` (TLS, port 993), `imap+starttls` (port 143 upgraded to TLS), `imap` (plain text:
only for a server on the same machine). Percent-encode @ : / in the user and password.
The path is the folder (default INBOX). A bad entry stops start-up with a message; one
that names no office for a policy running in several (`office_problem`) stops `tousu
serve` and the worker (a system check) and fails its collection with the same message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from tousu.env import SettingError, env_str

SCHEMES = {"imap": 143, "imap+starttls": 143, "imaps": 993}
POLICY_NAME = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
UNIT_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Mailbox:
    policy: str
    scheme: str
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    unit: str = ""  # the office it serves, for a policy that runs in several

    @property
    def name(self) -> str:
        """Stable, without the password: the key of the mailbox's collection state."""
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"[:64]

    @property
    def feeds(self) -> str:
        """The policy, and the office if one is named (for messages)."""
        return f"{self.policy}/{self.unit}" if self.unit else self.policy

    def __repr__(self) -> str:  # never print the password
        return f"Mailbox({self.feeds!r}, {self.scheme}://{self.name})"


def parse_mailbox(entry: str) -> Mailbox:
    head, sep, url = entry.partition("=")
    policy, named, unit = head.partition("/")
    if not sep or not POLICY_NAME.match(policy) or (named and not UNIT_CODE.match(unit)):
        raise SettingError(f"TOUSU_MAILBOXES: {entry.split(':')[0]!r} is not POLICY=URL or POLICY/UNIT=URL")
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
        unit=unit,
    )


def mailboxes_from_env() -> list[Mailbox]:
    raw = env_str("TOUSU_MAILBOXES", "")
    return [parse_mailbox(entry) for entry in re.split(r"[\s,]+", raw) if entry]


def office_problem(mailbox: Mailbox) -> str:
    """What is wrong with where this mailbox's mail would be registered, in words ("" if
    nothing): a policy that runs in several offices needs the mailbox to name its office,
    and a named unit must be one the policy runs in. Reads the database."""
    from tousu.org import tree as org_tree
    from tousu.policies.registry import UnknownPolicy, placement

    try:
        _organisation, homes = placement(mailbox.policy)
    except UnknownPolicy:
        return ""  # each mail is held with "unknown_policy", as before
    tree = org_tree.current()
    if mailbox.unit:
        unit = tree.by_code.get(mailbox.unit)
        if unit is None or tree.home_of(unit, set(homes)) is None:
            return f"TOUSU_MAILBOXES: {mailbox.feeds}: {mailbox.policy} does not run in a unit {mailbox.unit!r}"
        return ""
    if len(homes) > 1:
        codes = ", ".join(sorted(tree.nodes[u].code for u in homes if u in tree.nodes))
        return (
            f"TOUSU_MAILBOXES: {mailbox.policy} runs in several offices ({codes}): name the office "
            f"whose mailbox this is, as {mailbox.policy}/OFFICE=URL"
        )
    return ""
