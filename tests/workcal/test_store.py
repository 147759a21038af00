from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tousu.workcal import store
from tousu.workcal.arithmetic import Unit, compute_due
from tousu.workcal.models import CalendarDay, CalendarYear

D = date.fromisoformat
SAMPLE = Path(store.__file__).parent / "samples" / "2027-example.yaml"

pytestmark = pytest.mark.django_db


def rows() -> list[tuple[date, int, bool, str]]:
    return list(CalendarDay.objects.values_list("date", "year", "is_workday", "name"))


def write(tmp_path: Path, text: str, name: str = "notice.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_2026() -> None:
    assert store.seed_from_package(range(2026, 2027)) == [2026]
    assert CalendarDay.objects.filter(year=2026, is_workday=False).count() == 33
    assert set(CalendarDay.objects.filter(year=2026, is_workday=True).values_list("date", flat=True)) == {
        D("2026-01-04"),
        D("2026-02-14"),
        D("2026-02-28"),
        D("2026-05-09"),
        D("2026-09-20"),
        D("2026-10-10"),
    }
    assert CalendarDay.objects.get(date=D("2026-02-15")).name == "春节"
    assert CalendarDay.objects.get(date=D("2026-02-14")).name == "春节调休"
    assert CalendarYear.objects.get(year=2026).source == store.PACKAGE_SOURCE
    cal = store.get_calendar()
    assert cal.years == frozenset({2026})
    assert cal.add_working_days(D("2026-02-13"), 2) == (D("2026-02-24"), False)


def test_seed_is_idempotent() -> None:
    first = store.seed_from_package()
    assert first == list(range(2004, 2027))
    snapshot = rows()
    assert store.seed_from_package() == first
    assert rows() == snapshot
    assert CalendarYear.objects.count() == 23


def test_seed_refuses_years_without_package_data() -> None:
    with pytest.raises(store.CalendarImportError, match="2027"):
        store.seed_from_package(range(2026, 2028))
    assert not CalendarDay.objects.exists()


def test_import_sample_and_cache_invalidation() -> None:
    assert not store.get_calendar().covers(D("2027-02-14"))  # cached now
    assert store.import_notice(SAMPLE) == 2027
    cal = store.get_calendar()
    assert cal.covers(D("2027-02-14"))
    assert cal.is_workday(D("2027-02-14"))
    assert not cal.is_workday(D("2027-02-08"))
    due = compute_due(
        datetime(2027, 2, 5, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        2,
        Unit.WORKING_DAYS,
        cal,
        tz=ZoneInfo("Asia/Shanghai"),
    )
    assert (due.at.date(), due.estimated) == (D("2027-02-15"), False)
    assert CalendarDay.objects.filter(year=2027).count() == 8 + 3 + 3 + 5 + 1 + 1 + 7 + 5


def test_cache_is_kept_until_invalidated() -> None:
    assert store.get_calendar().years == frozenset()
    CalendarYear.objects.create(year=2030, source="x", imported_at="2026-01-01T00:00Z")
    assert store.get_calendar().years == frozenset()
    store.invalidate()
    assert store.get_calendar().years == frozenset({2030})


NOTICE_2026 = """
year: 2026
source: test notice
holidays:
  - {name: 春节, from: 2026-02-16, to: 2026-02-20}
workdays: []
"""


def test_reimport_replaces_the_year_and_seed_keeps_notice_years(tmp_path: Path) -> None:
    store.seed_from_package(range(2025, 2027))
    assert store.import_notice(write(tmp_path, NOTICE_2026)) == 2026
    assert [r[0] for r in rows() if r[1] == 2026] == [D(f"2026-02-{d}") for d in range(16, 21)]
    assert not store.get_calendar().is_workday(D("2026-02-16"))
    assert store.get_calendar().is_workday(D("2026-02-23"))  # old package row is gone
    assert store.seed_from_package(range(2025, 2027)) == [2025]
    assert CalendarYear.objects.get(year=2026).source == "test notice"
    assert store.seed_from_package(range(2026, 2027), overwrite_notices=True) == [2026]
    assert CalendarDay.objects.filter(year=2026).count() == 39


def test_notice_may_set_late_december_of_previous_year(tmp_path: Path) -> None:
    store.seed_from_package(range(2026, 2027))
    notice = """
year: 2027
source: test
holidays:
  - {name: 元旦, from: 2026-12-31, to: 2027-01-02}
workdays:
  - {date: 2026-12-27, name: 元旦调休}
"""
    store.import_notice(write(tmp_path, notice))
    day = CalendarDay.objects.get(date=D("2026-12-31"))
    assert (day.year, day.is_workday) == (2027, False)
    # Re-seeding 2026 must not drop what the 2027 notice said about Dec 2026.
    store.seed_from_package(range(2026, 2027))
    assert CalendarDay.objects.filter(date__in=[D("2026-12-27"), D("2026-12-31")], year=2027).count() == 2
    cal = store.get_calendar()
    assert cal.add_working_days(D("2026-12-30"), 1) == (D("2027-01-04"), False)


VALID = """\
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知
holidays:
  - name: 元旦
    from: 2027-01-01
    to: 2027-01-01
  - name: 春节
    from: 2027-02-06
    to: 2027-02-13
workdays:
  - date: 2027-02-14
    name: 春节调休
"""


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        (
            "from: 2027-02-06",
            "from: 2026-02-06",
            "holidays[1].from",
            "not in year 2027",
        ),
        ("to: 2027-02-13", "to: 2028-02-13", "holidays[1].to", "not in year 2027"),
        (
            "date: 2027-02-14",
            "date: 2026-11-28",
            "workdays[0].date",
            "not in year 2027",
        ),
        ("to: 2027-02-13", "to: 2027-02-05", "holidays[1].to", "before"),
        ("date: 2027-02-14", "date: 2027-02-15", "workdays[0].date", "Monday"),
        (
            "date: 2027-02-14",
            "date: 2027-02-13",
            "workdays[0].date",
            "both a holiday and a workday",
        ),
        (
            "from: 2027-01-01\n    to: 2027-01-01",
            "from: 2027-02-13\n    to: 2027-02-13",
            "holidays[1]",
            "listed twice",
        ),
        (
            "source: 国务院办公厅关于2027年部分节假日安排的通知\n",
            "",
            "source",
            "missing",
        ),
        ("    to: 2027-01-01\n", "", "holidays[0].to", "missing"),
        ("    name: 春节调休\n", "", "workdays[0].name", "missing"),
        ("workdays:", "workday:", "workdays", "missing"),
        ("  - name: 元旦", "  - nmae: 元旦", "holidays[0].name", "missing"),
        ("year: 2027", "year: next", "year", "expected a year"),
        ("from: 2027-02-06", "from: 6 Feb 2027", "holidays[1].from", "expected a date"),
        ("to: 2027-02-13", "to: 2027-02-13 18:00", "holidays[1].to", "expected a date"),
        ("name: 春节\n", "name: ''\n", "holidays[1].name", "non-empty"),
        (
            "workdays:\n  - date: 2027-02-14\n    name: 春节调休\n",
            "workdays: 2027-02-14\n",
            "workdays",
            "expected a list",
        ),
        ("year: 2027", "year: 2027\nyears: 2027", "years", "unknown key"),
        ("to: 2027-02-13", "to: 2027-03-13", "holidays[1].to", "longer than"),
    ],
)
def test_import_rejects_invalid_file(tmp_path: Path, old: str, new: str, field: str, reason: str) -> None:
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1), "bad-2027.yaml")
    with pytest.raises(store.CalendarImportError) as info:
        store.import_notice(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {field}: "), message
    assert reason in message
    assert not CalendarYear.objects.exists()


def test_import_valid_minimal_file(tmp_path: Path) -> None:
    assert store.import_notice(write(tmp_path, VALID)) == 2027
    assert rows() == [
        (D("2027-01-01"), 2027, False, "元旦"),
        *[(D(f"2027-02-{d:02}"), 2027, False, "春节") for d in range(6, 14)],
        (D("2027-02-14"), 2027, True, "春节调休"),
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [("year: [2027\n", "not valid YAML"), ("- 2027\n", "expected a mapping")],
)
def test_import_rejects_non_notice_files(tmp_path: Path, text: str, reason: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(store.CalendarImportError, match=reason) as info:
        store.import_notice(path)
    assert str(path) in str(info.value)


def test_import_missing_file(tmp_path: Path) -> None:
    with pytest.raises(store.CalendarImportError, match="cannot read file"):
        store.import_notice(tmp_path / "nope.yaml")
