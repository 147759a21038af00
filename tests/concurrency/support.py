"""Helpers shared by the concurrency tests (no fixtures here: see conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.lifecycle.test_property_office import CASE

# A property-office case (P4): routed to wy_engineering, tracking prefix WY.
PROPERTY_CASE: dict[str, Any] = CASE


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
