"""The demo's one rule for contact data: nothing it makes up may reach a real person.

Complainants' phones are 11-digit numbers beginning 1000. Chinese mobile numbers begin
13–19, so no mobile block holds them, and a number beginning 10 is not a subscriber
number one can dial; the SMS rules (tousu.notify.recipients.MOBILE) never take them for
a mobile. Their e-mail addresses are at the domains RFC 2606 reserves for examples, which
no mail server receives for. Staff in the demo have neither.
"""

from __future__ import annotations

import random
import re

TEST_PHONE_PREFIX = "1000"
TEST_PHONE = re.compile(r"^1000\d{7}$")
RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
# What a real mainland mobile looks like, with or without +86 (what SMS may be sent to).
REAL_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")


def phone(rng: random.Random) -> str:
    return TEST_PHONE_PREFIX + f"{rng.randrange(10**7):07d}"


def email(rng: random.Random, local: str) -> str:
    return f"{local}@{rng.choice(RESERVED_DOMAINS)}"


def is_test_phone(value: str) -> bool:
    return bool(TEST_PHONE.match(re.sub(r"[\s-]", "", value)))


def is_reserved_address(value: str) -> bool:
    """An e-mail address at a reserved example domain (or one of its subdomains)."""
    domain = value.rpartition("@")[2].strip().lower().rstrip(".")
    return any(domain == d or domain.endswith("." + d) for d in RESERVED_DOMAINS)


def is_safe_destination(address: str) -> bool:
    """May a notice of the demo go to this address? In-app (no address), a reserved
    e-mail domain, or a phone in the test range — never a real-looking mobile."""
    if not address:
        return True
    if "@" in address:
        return is_reserved_address(address)
    return is_test_phone(address) and not REAL_MOBILE.match(address)
