"""Desk clients from the desk tests: staff logged in with a session."""

from tests.web.conftest import desk, registered  # noqa: F401
