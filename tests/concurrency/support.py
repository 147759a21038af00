"""Helpers shared by the concurrency tests (no fixtures here: see conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A property-office case (P4): routed to wy_engineering, tracking prefix WY.
PROPERTY_CASE: dict[str, Any] = {
    "policy": "property-office",
    "channel": "phone",
    "complainant_name": "王芳",
    "complainant_phone": "13800001234",
    "complainant_unit": "3栋1单元502",
    "category": "elevator",
    "content": "3栋1单元电梯停在8楼不动，里面有老人被困，请马上处理。",
    "request": "尽快修好电梯，并说明原因",
}


@dataclass
class Server:
    url: str
    log: Path

    def tail(self, lines: int = 60) -> str:
        """The end of the server's output, to explain a failed assertion."""
        if not self.log.exists():
            return "(no server log)"
        text = self.log.read_text(errors="replace").splitlines()
        return "\n".join(["--- server log (tail) ---", *text[-lines:]])


def token_of(api: Any) -> str:
    """The raw API token of a client made by the `staff` fixture."""
    return str(api.headers["HTTP_AUTHORIZATION"].removeprefix("Bearer "))
