"""Small value types shared by the figures: a rate that keeps its numerator and denominator."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """None when nothing was measured: a rate of 0 and "no data" are not the same."""
        return self.numerator / self.denominator if self.denominator else None

    def percent(self) -> str:
        value = self.value
        return "—" if value is None else f"{value * 100:.1f}%"

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.numerator + other.numerator, self.denominator + other.denominator)


NO_RATE = Rate(0, 0)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
