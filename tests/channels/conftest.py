from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .dovecot import Dovecot, running

MAILS = Path(__file__).resolve().parent / "mails"


def eml(name: str) -> bytes:
    return (MAILS / name).read_bytes()


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A dovecot IMAP server of this test's own: the 12365 bureau's published complaint
    mailbox (P2.7) and a property office's mailbox."""
    with running({"ts-mailbox": "ts-secret-1", "wy-mailbox": "wy-secret-2"}) as server:
        yield server
