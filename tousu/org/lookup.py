"""Units by code, cached per process: routing looks one up on every registration."""

import time

from tousu.org import tree
from tousu.org.models import Unit

TTL_SECONDS = 60.0
_by_code: dict[str, tuple[float, Unit]] = {}


def department_by_code(code: str) -> Unit | None:
    now = time.monotonic()
    hit = _by_code.get(code)
    if hit is not None and now - hit[0] < TTL_SECONDS:
        return hit[1]
    unit = Unit.objects.filter(code=code).first()
    if unit is not None:
        _by_code[code] = (now, unit)
    return unit


def forget() -> None:
    _by_code.clear()
    tree.forget()
