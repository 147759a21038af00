"""Writing the access log. One call per access; the row is written at once (its own
statement, not deferred), so a denied or revealed access is recorded even if the request
later fails."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext_lazy

VIEW = "view"
REVEAL = "reveal"
EXPORT = "export"
PRINT = "print"
DENIED = "denied"
BREAK_GLASS = "break_glass"
PIPL_EXPORT = "pipl_export"
ANONYMISE = "anonymise"
# Every action the log records, with what the auditor's page calls it.
LABELS = {
    VIEW: pgettext_lazy("access log", "Viewed personal data"),
    REVEAL: pgettext_lazy("access log", "Revealed personal data"),
    EXPORT: pgettext_lazy("access log", "Exported"),
    PRINT: pgettext_lazy("access log", "Printed"),
    DENIED: pgettext_lazy("access log", "Refused (outside scope)"),
    BREAK_GLASS: pgettext_lazy("access log", "Read with a logged reason"),
    PIPL_EXPORT: pgettext_lazy("access log", "Personal data handed out"),
    ANONYMISE: pgettext_lazy("access log", "Anonymised"),
}


def record(
    user: Any,
    action: str,
    *,
    complaint_id: int | None = None,
    number: str = "",
    reason: str = "",
    **detail: Any,
) -> None:
    from tousu.audit.models import AccessEntry

    authenticated = user is not None and getattr(user, "is_authenticated", False)
    AccessEntry.objects.create(
        user_id=user.pk if authenticated else None,
        username=getattr(user, "username", "") if authenticated else "",
        action=action,
        complaint_id=complaint_id,
        number=number,
        reason=reason[:500],
        detail=detail,
    )
