"""Departments by code, cached per process: routing looks one up on every registration."""

import time

from tousu.org.models import Department

TTL_SECONDS = 60.0
_by_code: dict[str, tuple[float, Department]] = {}


def department_by_code(code: str) -> Department | None:
    now = time.monotonic()
    hit = _by_code.get(code)
    if hit is not None and now - hit[0] < TTL_SECONDS:
        return hit[1]
    department = Department.objects.filter(code=code).first()
    if department is not None:
        _by_code[code] = (now, department)
    return department


def forget() -> None:
    _by_code.clear()
