"""Translated names of the timeline's stable action codes (shown, never stored)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "register": _("register"),
    "screen": _("screen"),
    "verify": _("verify"),
    "classify": _("classify"),
    "transfer": _("transfer"),
    "assign": _("assign"),
    "plan": _("decide the handling plan"),
    "reply": _("reply"),
    "note": _("add a note"),
    "follow_up": _("follow up"),
    "site_visit": _("record a site visit"),
    "determine_responsibility": _("determine responsibility"),
    "resolve": _("resolve"),
    "extend": _("extend a deadline"),
    "pause_clock": _("pause a deadline"),
    "resume_clock": _("resume a deadline"),
    "set_aside": _("set aside as to-be-improved"),
    "callback": _("record a callback"),
    "reopen": _("reopen"),
    "sign_off": _("sign off"),
    "close": _("close"),
    "escalate": _("escalate"),
    "merge": _("merge"),
    "merged_in": _("a duplicate was merged in"),
    "withdraw": _("withdraw"),
    "breach": _("record a missed deadline"),
}
