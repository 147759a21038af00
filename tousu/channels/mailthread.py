"""Which case a mail answers: by its In-Reply-To / References headers against the
Message-IDs we took in or sent, else by a tracking number in its subject (many mail
clients drop the headers, people keep the subject).

Only a case of the organisation whose mailbox received the mail is answered: a mail
naming another organisation's case is a new message here, never a note on that case
(nothing crosses an organisation's boundary unasked)."""

from __future__ import annotations

import re

from django.db.models import Q

from tousu.cases.models import Complaint
from tousu.channels.mime import ParsedMail
from tousu.channels.models import InboundMail
from tousu.policies.registry import UnknownPolicy, placement

# Tracking numbers look like TS20261129-0007 (tousu.cases.numbers).
TRACKING_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,6}\d{8}-\d{4,})(?!\d)")
# Message-IDs of the mail we send about a case carry its number (<tousu.NUMBER.ID@domain>,
# tousu.notify.deliver.message_id), so a reply to any of them finds the case without a
# table of sent ids.
OUTGOING = re.compile(r"^<tousu\.([A-Z]{1,6}\d{8}-\d{4,})\.[^@<>]+@")


def own_cases(policy: str, prefix: str = "") -> Q:
    """The cases a mailbox feeding `policy` may add to: its organisation's."""
    try:
        organisation_id, _homes = placement(policy)
    except UnknownPolicy:
        return Q(pk__in=[])
    if organisation_id is None:
        return Q(**{prefix + "policy_name": policy})
    return Q(**{prefix + "organisation_id": organisation_id})


def case_replied_to(mail: ParsedMail, policy: str) -> Complaint | None:
    """The case of the mailbox's organisation (its policy's) this mail answers, if any."""
    cases = Complaint.objects.filter(own_cases(policy))
    ids = [*mail.in_reply_to, *reversed(mail.references)]
    if ids:
        numbers = [m.group(1) for m in map(OUTGOING.match, ids) if m]
        if numbers:
            found = cases.filter(number__in=numbers).order_by("-pk").first()
            if found is not None:
                return found
        seen = (
            InboundMail.objects.filter(own_cases(policy, "complaint__"), message_id__in=ids, complaint__isnull=False)
            .select_related("complaint")
            .order_by("-pk")
            .first()
        )
        if seen is not None:
            return seen.complaint
    for number in TRACKING_NUMBER.findall(mail.subject):
        found = cases.filter(number=number).first()
        if found is not None:
            return found
    return None
