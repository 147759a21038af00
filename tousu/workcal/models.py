"""Official working-day calendar; only exceptions to the Mon-Fri rule are stored."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year with official data loaded; years without a row use weekdays only."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    source = models.CharField(_("source"), max_length=200)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        ordering = ("year",)
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return f"{self.year} ({self.source})"


class CalendarDay(models.Model):
    """A statutory holiday (any day) or an adjusted working day (调休, a weekend)."""

    date = models.DateField(_("date"), primary_key=True)
    # The data set the row came from: normally date.year, but a notice for year Y
    # may also set late-December days of Y-1 (the 2019 notice made 2018-12-31 a
    # holiday).
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    is_workday = models.BooleanField(_("is a working day"))
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        ordering = ("date",)
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        kind = "W" if self.is_workday else "H"
        return f"{self.date.isoformat()} {kind} {self.name}"
