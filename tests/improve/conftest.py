"""The desk fixtures of tests/web: logged-in staff and cases registered through intake."""

from tests.web.conftest import desk, registered  # noqa: F401
