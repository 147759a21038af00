"""The desk fixtures of tests/web: logged-in staff and cases registered through intake."""

from tests.notify.conftest import smtp  # noqa: F401

from tests.web.conftest import desk, registered  # noqa: F401
