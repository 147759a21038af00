"""The corrective action notice (纠正措施通知单, P3.i) as a Word document. It names the
cases by tracking number only: no complainant's name, phone or address ever goes in (P2.11)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document

from tousu.improve.models import CorrectiveAction, CorrectiveState


def notice_docx(action: CorrectiveAction) -> bytes:
    doc = Document()
    doc.add_heading(_("Corrective action notice"), level=1)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        (_("Number"), action.number),
        (_("Responsible department"), action.department.name),
        (_("Cases"), ", ".join(action.cases.order_by("number").values_list("number", flat=True)) or "—"),
        (_("Issued at"), timezone.localtime(action.issued_at).strftime("%Y-%m-%d")),
        (_("Answer due"), action.answer_due.isoformat()),
        (_("State"), str(CorrectiveState(action.state).label)),
        (_("Problem"), action.problem),
        (_("Root cause"), action.root_cause),
        (_("Corrective measures"), action.corrective_measures),
        (_("Preventive measures"), action.preventive_measures),
        (_("Verification of the effect"), action.verification),
    ]
    if action.verify_due:
        rows.insert(5, (_("Verification due"), action.verify_due.isoformat()))
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = str(label)
        cells[1].text = value or "—"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
