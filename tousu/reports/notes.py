"""Reading and writing the editable sections of the monthly analysis report (R03)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.cases.errors import Conflict, InvalidInput
from tousu.reports.models import ReportNote
from tousu.reports.scope import Scope

MAX_LENGTH = 20000


def _keys(scope: Scope) -> dict[str, str]:
    return {
        "policy_name": scope.policy or "",
        "period": scope.period.code,
        "department_code": scope.department or "",
        "unit_code": scope.unit or "",
    }


def note_for(scope: Scope) -> ReportNote:
    """The saved sections, or an empty unsaved note (version 0)."""
    return ReportNote.objects.filter(**_keys(scope)).first() or ReportNote(**_keys(scope))


def save_note(scope: Scope, *, analysis: str, proposals: str, version: int, user: User | None) -> ReportNote:
    """Save both sections if nobody saved since `version` was read; else a Conflict."""
    if len(analysis) > MAX_LENGTH or len(proposals) > MAX_LENGTH:
        raise InvalidInput(_("The text is too long (at most %(n)d characters).") % {"n": MAX_LENGTH})
    if not scope.policy:
        raise InvalidInput(_("Choose a policy: the analysis is written for one policy."))
    keys = _keys(scope)
    fields = {"analysis": analysis, "proposals": proposals, "updated_by": user, "updated_at": timezone.now()}
    with transaction.atomic():
        if version == 0:
            try:
                with transaction.atomic():
                    return ReportNote.objects.create(**keys, **fields, version=1)
            except IntegrityError:
                pass  # someone created it first: fall through to the version check
        changed = ReportNote.objects.filter(**keys, version=version).update(**fields, version=F("version") + 1)
        if changed != 1:
            raise Conflict(_("Someone else saved this analysis in the meantime. Reload it and try again."))
        return ReportNote.objects.get(**keys)
