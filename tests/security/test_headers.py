"""Production settings, security headers, the Content Security Policy, escaping
(issue 6, hardening)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.test import Client

from tousu.cases.models import Complaint

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<script>alert(1)</script>张三"


def deploy_check(**env: str) -> subprocess.CompletedProcess[str]:
    # Without the suite's own settings (the browser tests allow Django's async-unsafe calls).
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TOUSU_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "-m", "tousu", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, "TOUSU_VAR_DIR": str(ROOT / "var"), **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_production_settings_pass_check_deploy_without_warnings() -> None:
    done = deploy_check(TOUSU_SECRET_KEY="k" + os.urandom(32).hex(), TOUSU_TLS="1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_warns_about_the_development_key_and_plain_http() -> None:
    done = deploy_check()
    assert done.returncode != 0
    assert "tousu.W001" in done.stderr and "security.W004" in done.stderr


def test_pages_carry_a_strict_policy_and_the_security_headers(setup_data: None) -> None:
    page = Client().get("/p/")
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"


def test_no_template_has_an_inline_script_handler_or_style() -> None:
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|<style", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "tousu").glob("*/templates/**/*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_hostile_text_is_shown_escaped_on_the_portal_and_the_desk(setup_data: None, desk: Any) -> None:
    public = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = public.get("/p/submit/property-office/")
    sent = public.post(
        "/p/submit/property-office/",
        {
            "complainant_name": HOSTILE,
            "complainant_phone": "13800001234",
            "complainant_unit": "3栋1单元502",
            "category": "elevator",
            "content": f"电梯被困 {HOSTILE}",
            "consent": "on",
            "submission": page.context["form"]["submission"].value(),
        },
        follow=True,
    )
    assert sent.status_code == 200
    case = Complaint.objects.get()
    assert case.complainant_name == HOSTILE  # kept as written, never altered
    assert "<script>alert(1)" not in sent.content.decode()
    manager = desk("complaint_manager", "wy_customer_service")
    body = manager.get(f"/desk/cases/{case.number}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;张三" in body
    assert "<script>alert(1)" not in body
