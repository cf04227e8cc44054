"""`timer-app rules` and CMS's quarterly practitioner PTP table imported into a clinic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from timer_app.billing import TimedInterval
from timer_app.billing.edits import parse_ptp_table
from timer_app.cli import main
from timer_app.clinic import open_local
from timer_app.errors import UserError

Capture = pytest.CaptureFixture[str]
HEADING = (
    "CPT codes, descriptions, and other data only are copyright American Medical Association.\n"
    "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date "
    "*=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale\n"
)
ROWS = [
    ("97140", "97530", "", "20020101", "*", "1", "Mutually exclusive procedures"),
    ("97530", "97150", "", "20140101", "*", "0", "Misuse of column two code"),
    ("97110", "97112", "", "20050101", "20100331", "9", "Standards of medical practice"),
    ("99213", "97110", "", "20020101", "*", "1", "CPT manual instructions"),  # not ours
    ("97140", "97124", "*", "19960101", "20270101", "1", "Mutually exclusive procedures"),
]


def table(rows: list[tuple[str, ...]] = ROWS) -> str:
    return HEADING + "".join("\t".join(row) + "\n" for row in rows)


def test_the_table_keeps_the_clinics_pairs_with_their_dates() -> None:
    pairs = parse_ptp_table(table().splitlines(), {"97140", "97530", "97150", "97110",
                                                  "97112", "97124"}, "CMS 2026Q4")  # fmt: skip
    assert [(p.column1, p.column2, p.modifier_indicator) for p in pairs] == [
        ("97140", "97530", 1), ("97530", "97150", 0), ("97110", "97112", 9), ("97140", "97124", 1),
    ]  # fmt: skip
    deleted, later = pairs[2], pairs[3]
    assert not deleted.in_force(date(2008, 1, 1))  # indicator 9: never applies
    assert later.in_force(date(2026, 12, 31)) and not later.in_force(date(2027, 1, 1))
    assert pairs[0].effective == date(2002, 1, 1) and pairs[0].source == "CMS 2026Q4"


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([("97140", "97530", "", "2002-01-01", "*", "1", "x")], "dates must be YYYYMMDD"),
        ([("97140", "97530", "", "20020101", "*", "7", "x")], "must be 0, 1 or 9"),
        ([("99213", "99214", "", "20020101", "*", "1", "x")], "no edit pair among"),
    ],
)
def test_a_table_that_cannot_be_read_says_why(rows: list[tuple[str, ...]], words: str) -> None:
    with pytest.raises(UserError, match=words):
        parse_ptp_table(table(rows).splitlines(), {"97140", "97530"}, "CMS")


def test_import_then_bill_with_the_imported_edits(tmp_path: Path, capsys: Capture) -> None:
    data = tmp_path / "clinic"
    assert main(["demo", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    file = tmp_path / "PRA-PTP-2026Q4-table.txt"
    file.write_text(table(), encoding="utf-8")
    assert main(["rules", "import-ncci", str(file), "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Imported 4 edit pairs" in out and "(2026Q4)" in out and "3 are in force today" in out
    assert main(["rules", "--data-dir", str(data)]) == 0
    shown = capsys.readouterr().out
    assert "4 pairs from PRA-PTP-2026Q4-table.txt" in shown and "version 2026.1" in shown
    with open_local(data_dir=data, daily_backup=False) as clinic:
        pairs = clinic.codes.edit_pairs()
        assert {(p.column1, p.column2) for p in pairs} >= {("97530", "97150")}
        t0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
        blocks = [TimedInterval("97140", t0, t0 + timedelta(minutes=15)),
                  TimedInterval("97124", t0 + timedelta(minutes=20), t0 + timedelta(minutes=35))]
        from timer_app.billing import bill_visit, find_profile  # the clinic's pairs, as billed

        billing = bill_visit([("97140", 900), ("97124", 900)], find_profile("Medicare"),
                             intervals=blocks, edit_pairs=pairs, on=date(2026, 11, 2))
        assert billing.line("97124").modifiers == ("GP", "59")  # fmt: skip


def test_a_file_without_a_quarter_asks_for_one(tmp_path: Path, capsys: Capture) -> None:
    data = tmp_path / "clinic"
    main(["demo", "--data-dir", str(data)])
    file = tmp_path / "edits.txt"
    file.write_text(table(), encoding="utf-8")
    assert main(["rules", "--data-dir", str(data), "import-ncci", str(file)]) == 2
    assert "give it with --quarter 2026Q4" in capsys.readouterr().err
    assert main(["rules", "--data-dir", str(data), "import-ncci", str(file),
                 "--quarter", "2026q3"]) == 0  # fmt: skip
    assert "(2026Q3)" in capsys.readouterr().out
