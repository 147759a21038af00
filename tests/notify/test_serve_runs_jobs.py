"""The embedded default needs no other server: `tousu serve` starts the job runner beside
gunicorn, so an acknowledgement goes out with nothing else running."""

from __future__ import annotations

import time

import pytest
import requests

from tousu.core.liveserver import current_database_url, running_server

from .test_email import ELEVATOR


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_tousu_serve_delivers_the_acknowledgement(staff, smtp, tmp_path):
    receptionist = staff("receptionist", "wy_customer_service")
    env = {"TOUSU_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}", "TOUSU_SMS_FILE": str(tmp_path / "sms.log")}
    with running_server(current_database_url(), workers=1, env=env, log=tmp_path / "serve.log") as url:
        response = requests.post(
            f"{url}/api/v1/complaints",
            json=ELEVATOR,
            headers={"Authorization": receptionist.headers["HTTP_AUTHORIZATION"]},
            timeout=10,
        )
        assert response.status_code == 201, response.text
        number = response.json()["number"]
        deadline = time.monotonic() + 30
        while not any(m["X-Tousu-Case"] == number for m in smtp.messages):
            assert time.monotonic() < deadline, "no acknowledgement from the server's job runner"
            time.sleep(0.2)
