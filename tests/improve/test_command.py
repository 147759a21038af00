"""`tousu improve`: the overdue corrective actions (P3.i, P5.5) and the case library
export (P1.6) from the command line."""

import io

import time_machine
from django.core.management import call_command

from tests.improve.helpers import bureau, docx_text
from tests.lifecycle.helpers import local


def test_overdue_and_library_export(staff, tmp_path):
    b = bureau(staff)
    with time_machine.travel(local(2026, 3, 2, 9, 0), tick=False):
        late = b.manager.post(
            "/improve/corrective-actions", {"department": "ts_special", "problem": "巡查漏项", "answer_days": 1}
        ).json()
        b.manager.post(
            "/improve/corrective-actions", {"department": "ts_special", "problem": "未到期", "answer_days": 20}
        )
        w = b.inspector.post(
            "/library/writeups", {"title": "电梯举报处理", "facts": "电梯超期未检", "tags": ["电梯"]}
        ).json()
        b.inspector.post(f"/library/writeups/{w['id']}/submit", {})
        b.head.post(f"/library/writeups/{w['id']}/publish", {})
    with time_machine.travel(local(2026, 3, 5, 9, 0), tick=False):
        out = io.StringIO()
        call_command("improve", "overdue", stdout=out)
    assert out.getvalue().splitlines() == [f"{late['number']}\tts_special\tissued\t2026-03-03\t巡查漏项"]
    target = tmp_path / "lib.docx"
    out = io.StringIO()
    call_command("improve", "library-export", "-q", "电梯", "-o", str(target), stdout=out)
    assert out.getvalue().strip().endswith(": 1")
    assert "电梯举报处理" in docx_text(target.read_bytes())
