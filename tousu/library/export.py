"""A set of published write-ups as one Word document for training new staff (P1.6, P1.R).
Only the scrubbed texts go in; never the source case's complainant fields (P2.11)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document

from tousu.library.models import WriteUp


def writeups_docx(writeups: Iterable[WriteUp]) -> bytes:
    doc = Document()
    doc.add_heading(_("Case library"), level=0)
    doc.add_paragraph(_("Exported %(date)s for training.") % {"date": timezone.localdate().isoformat()})
    for n, w in enumerate(writeups, start=1):
        doc.add_heading(f"{n}. {w.title}", level=1)
        meta = [w.category, " ".join(f"#{t}" for t in w.tags)]
        if any(meta):
            doc.add_paragraph(" · ".join(m for m in meta if m))
        for label, text in (
            (_("Facts"), w.facts),
            (_("How it was handled"), w.handling),
            (_("Skills used"), w.skills),
            (_("Lesson"), w.lesson),
        ):
            if text:
                doc.add_heading(str(label), level=2)
                for line in text.splitlines():
                    doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
