"""A real IMAP server for the tests: Debian's dovecot, started from a config file in a
temporary directory, on a free loopback port, with passwd-file users and maildirs. No
system service is used; `.ci/run` installs the package when it is missing."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tousu.channels.mailboxes import Mailbox
from tousu.core.liveserver import free_port, stop_process_group

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = tousu-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
{users}
mail_location = maildir:{root}/home/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


@dataclass
class Dovecot:
    root: Path
    port: int
    passwords: dict[str, str]

    def mailbox(self, user: str, policy: str, folder: str = "INBOX") -> Mailbox:
        return Mailbox(policy, "imap", "127.0.0.1", self.port, user, self.passwords[user], folder)

    @contextmanager
    def client(self, user: str) -> Iterator[imaplib.IMAP4]:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        conn.login(user, self.passwords[user])
        try:
            yield conn
        finally:
            conn.logout()

    def deliver(self, user: str, raw: bytes, folder: str = "INBOX") -> None:
        """Put a message into the user's mailbox as a mail server would (IMAP APPEND)."""
        with self.client(user) as conn:
            status, data = conn.append(folder, None, None, raw)
            assert status == "OK", data

    def flags(self, user: str, folder: str = "INBOX") -> list[str]:
        with self.client(user) as conn:
            conn.select(folder, readonly=True)
            _status, data = conn.uid("FETCH", "1:*", "(FLAGS)")
            return [item.decode() for item in data if isinstance(item, bytes)]


@contextmanager
def running(users: dict[str, str]) -> Iterator[Dovecot]:
    if not Path(DOVECOT).exists():
        pytest.fail("dovecot is not installed: apt-get install dovecot-imapd (.ci/run does it)")
    # Not pytest's tmp_path: its parent is private to root, and as root the mail
    # processes run as `nobody`, who must reach the maildirs.
    root = Path(tempfile.mkdtemp(prefix="tousu-dovecot-"))
    root.chmod(0o755)
    port = free_port()
    for sub in ("run", "state", "home"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "passwd").write_text("".join(f"{user}:{{PLAIN}}{password}::::::\n" for user, password in users.items()))
    if os.getuid() == 0:
        # Dovecot refuses to read mail as root: the maildirs belong to an ordinary user.
        account = pwd.getpwnam("nobody")
        uid, gid = account.pw_uid, account.pw_gid
        os.chown(root / "home", uid, gid)
        own_users = ""
    else:
        # Unprivileged: every dovecot process runs as the current user.
        uid, gid = os.getuid(), os.getgid()
        me = pwd.getpwuid(uid).pw_name
        own_users = f"default_login_user = {me}\ndefault_internal_user = {me}\n"
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port, uid=uid, gid=gid, users=own_users))
    process = subprocess.Popen(  # noqa: S603 - the test's own server
        [DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    server = Dovecot(root, port, users)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                stderr = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"dovecot exited with {process.returncode}: {stderr}{log[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("dovecot did not answer within 20 s") from None
                time.sleep(0.1)
        yield server
    finally:
        stop_process_group(process, grace=10)
        shutil.rmtree(root, ignore_errors=True)
