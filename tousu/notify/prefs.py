"""Which notices a staff member gets on which channel: their own choice, else the default."""

from __future__ import annotations

from django.contrib.auth.models import User

from tousu.notify.models import Channel, Kind, Preference

# The bell shows everything; e-mail carries what needs acting on; SMS only what cannot
# wait (P3.h1, P4.5.3 "at once").
DEFAULTS: dict[str, set[str]] = {
    Channel.INAPP: set(Kind.values),
    Channel.EMAIL: {
        Kind.ASSIGNMENT,
        Kind.DUE_SOON,
        Kind.BREACHED,
        Kind.ESCALATION,
        Kind.MAJOR_CASE,
        Kind.SUPERVISION_REPORT,
        Kind.FOLLOW_UP_DUE,
    },
    Channel.SMS: {Kind.MAJOR_CASE},
}
# Notices for staff (the others go to complainants and are not a staff choice).
STAFF_KINDS = [
    Kind.ASSIGNMENT,
    Kind.DUE_SOON,
    Kind.BREACHED,
    Kind.ESCALATION,
    Kind.MAJOR_CASE,
    Kind.SUPERVISION_REPORT,
    Kind.FOLLOW_UP_DUE,
]


def choices_of(user: User) -> dict[tuple[str, str], bool]:
    """(kind, channel) → enabled, for every staff kind and channel."""
    chosen = {(p.kind, p.channel): p.enabled for p in Preference.objects.filter(user=user)}
    return {
        (kind, channel): chosen.get((kind, channel), kind in DEFAULTS[channel])
        for kind in STAFF_KINDS
        for channel in Channel.values
    }


def enabled_channels(users: list[User], kind: str) -> dict[int, set[str]]:
    """For each user: the channels they want `kind` on (one query for all of them)."""
    chosen: dict[int, dict[str, bool]] = {}
    for user_id, channel, enabled in Preference.objects.filter(user__in=users, kind=kind).values_list(
        "user_id", "channel", "enabled"
    ):
        chosen.setdefault(user_id, {})[channel] = enabled
    result = {}
    for user in users:
        mine = chosen.get(user.pk, {})
        result[user.pk] = {c for c in Channel.values if mine.get(c, kind in DEFAULTS[c])}
    return result


def choose(user: User, kind: str, channel: str, enabled: bool) -> None:
    if kind not in STAFF_KINDS or channel not in Channel.values:
        raise ValueError(f"unknown notice {kind}/{channel}")
    Preference.objects.update_or_create(user=user, kind=kind, channel=channel, defaults={"enabled": enabled})
