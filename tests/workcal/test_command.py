from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tousu.workcal import store
from tousu.workcal.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
SAMPLE = Path(store.__file__).parent / "samples" / "2027-example.yaml"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("calendar", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_seed_then_show_2026() -> None:
    out, _err = run("seed", "--from", "2025", "--to", "2026")
    assert "Loaded 2 years" in out and "2025, 2026" in out
    out, _err = run("show", "2026")
    lines = out.splitlines()
    assert lines[0] == f"2026: official calendar data from {store.PACKAGE_SOURCE}."
    feb = lines.index("February 2026")
    assert lines[feb + 1] == " Mo  Tu  We  Th  Fr  Sa  Su"
    assert lines[feb + 2] == "                          1"
    assert lines[feb + 3] == "  2   3   4   5   6   7   8"
    assert lines[feb + 4] == "  9  10  11  12  13  14W 15H"
    assert lines[feb + 5] == " 16H 17H 18H 19H 20H 21H 22H"
    assert lines[feb + 6] == " 23H 24  25  26  27  28W"
    assert "  W 2026-02-14 春节调休" in lines
    assert "  H 2026-02-23 春节" in lines
    oct_ = lines.index("October 2026")
    assert lines[oct_ + 2] == "              1H  2H  3H  4H"
    assert lines[oct_ + 3] == "  5H  6H  7H  8   9  10W 11"
    assert sum(line.startswith("  H 2026-") for line in lines) == 33
    assert sum(line.startswith("  W 2026-") for line in lines) == 6
    assert "estimated" not in out


def test_show_year_without_data() -> None:
    out, _err = run("show", "2027")
    assert "weekdays only — deadlines in this year are estimated" in out.splitlines()[0]
    assert "H " not in out.replace("H = ", "")


def test_import_example_warns() -> None:
    out, err = run("import", str(SAMPLE))
    assert out.startswith("Imported 2027 from ")
    assert "example" in err
    out, _err = run("show", "2027")
    assert "  W 2027-02-14 春节调休" in out.splitlines()


def test_seed_keeps_notice_years() -> None:
    run("import", str(SAMPLE))
    CalendarYear.objects.filter(year=2027).update(year=2026)  # pretend a 2026 notice
    out, _err = run("seed", "--from", "2026", "--to", "2026")
    assert "Kept 2026" in out
    assert not CalendarDay.objects.filter(year=2026).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "/nonexistent/2027.yaml"), "cannot read file"),
        (("seed", "--from", "2027"), "no data for 2027"),
        (("seed", "--from", "2026", "--to", "2020"), "--from must not be after --to"),
        (("show", "3000"), "between 1900 and 2100"),
    ],
)
def test_bad_input_is_a_command_error(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_bad_notice_is_a_command_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("year: 2027\nsource: x\nholidays: []\nworkdays: []\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.yaml: holidays: no holidays listed"):
        run("import", str(path))
