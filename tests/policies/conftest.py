from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tousu.policies.loader import PRESETS_DIR
from tousu.policies.registry import spec_of_version
from tousu.workcal import store

PRESETS = sorted(PRESETS_DIR.glob("*.yaml"))
OFFICE = PRESETS_DIR / "property-office.yaml"


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    # Both caches outlive a test's rolled-back transaction, and row ids are reused.
    spec_of_version.cache_clear()
    store.invalidate()
    yield
    spec_of_version.cache_clear()
    store.invalidate()


@pytest.fixture
def office_source() -> str:
    return OFFICE.read_text(encoding="utf-8")


@pytest.fixture
def write_policy(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write policy text to a file in the test's temporary folder."""

    def write(text: str, name: str = "policy.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
