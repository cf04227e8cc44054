"""A payer's fee schedule as CSV: written, read back the same, every wrong line named."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timer_app.clinic.checks import MAX_FEE_CENTS
from timer_app.clinic.fee_files import (
    compare,
    copied,
    fee_csv,
    parse_fee_csv,
    parse_percent,
    read_fee_file,
    scaled,
    write_fee_file,
)
from timer_app.errors import UserError

CODES = ("97110", "97112", "97140", "97530", "97010", "G0283", "97750")
LABELS = {code: f"Label of {code}" for code in CODES}

fees_strategy = st.dictionaries(
    st.sampled_from(CODES), st.one_of(st.none(), st.integers(0, MAX_FEE_CENTS))
)


@given(fees=fees_strategy, labels=st.lists(st.text(max_size=30), min_size=7, max_size=7))
def test_export_then_import_gives_the_same_fees(
    fees: dict[str, int | None], labels: list[str]
) -> None:
    rows = [(code, labels[i], fees[code]) for i, code in enumerate(CODES) if code in fees]
    read = parse_fee_csv(fee_csv(rows).encode("utf-8-sig").decode("utf-8-sig"), CODES)
    if not fees:
        assert not read.ok  # a header alone holds no fees
        return
    assert read.ok, read.problems
    assert read.fees == fees


@given(fees=st.dictionaries(st.sampled_from(CODES), st.integers(0, MAX_FEE_CENTS), min_size=1))
def test_a_written_file_reads_back_the_same(fees: dict[str, int], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fees") / "Aetna fees.csv"
    write_fee_file(path, [(code, LABELS[code], amount) for code, amount in fees.items()])
    assert path.read_bytes().startswith(b"\xef\xbb\xbfcode,fee,service\r\n")
    assert parse_fee_csv(read_fee_file(path), CODES).fees == fees


def test_the_file_says_dollars_like_a_spreadsheet_and_no_fee_as_blank() -> None:
    text = fee_csv([("97110", "Therapeutic exercise", 3487), ("97140", "Manual", None),
                    ("97530", "Big", 120000), ("97010", "=cmd()", 5)])  # fmt: skip
    assert text.splitlines() == [
        "code,fee,service",
        "97110,34.87,Therapeutic exercise",
        "97140,,Manual",
        "97530,1200.00,Big",
        "97010,0.05,'=cmd()",  # a label is never run as a formula
    ]


@pytest.mark.parametrize(
    "text",
    [
        "97110,$34.87\n97140,34\n",
        "Code,Fee\n97110,34.87\n97140,34.00\n",
        "\ufeffcode;fee;service\r\n97110;$34.87;Exercise\r\n97140;34;Manual\r\n",
        "CPT;Description;Allowed\n97110;Exercise, strength;34.87\n97140;Manual;$34\n",
        '\n97110," $34.87 "\n\n97140,"34"\n,\n',
    ],
)
def test_what_spreadsheets_write_is_read(text: str) -> None:
    read = parse_fee_csv(text, CODES)
    assert read.problems == ()
    assert read.fees == {"97110": 3487, "97140": 3400}


def test_a_blank_fee_removes_the_code_and_a_code_left_out_is_not_touched() -> None:
    read = parse_fee_csv("code,fee\n97110,\n97140,31.5\n", CODES)
    assert read.fees == {"97110": None, "97140": 3150}
    changes = compare({"97110": 3000, "97530": 4000, "97140": 3150}, read.fees, LABELS)
    assert (changes.new, changes.changed, changes.unchanged) == ((), (), 1)
    assert [c.code for c in changes.removed] == ["97110"]
    assert changes.summary() == "1 fee removed, 1 unchanged"
    assert compare({}, {"97110": 1, "97112": 2}, LABELS).summary() == "2 new fees"
    assert compare({"97110": 1}, {"97110": 2}, LABELS).summary() == "1 fee changed"


def test_every_wrong_line_is_named_with_what_to_do_and_nothing_is_taken() -> None:
    text = (
        "code,fee\n"          # line 1
        "97110,34.87\n"       # 2: fine
        "99999,20\n"          # 3: not a code of the clinic
        "97140,abc\n"         # 4: not money
        "97530,-5\n"          # 5: negative
        "97110,35\n"          # 6: twice
        "97010,20000\n"       # 7: over the limit
        ",12\n"               # 8: no code
        "97112,34.875\n"      # 9: a part of a cent
        "97750,40\n"          # 10: turned off
    )  # fmt: skip
    read = parse_fee_csv(text, CODES[:-1], turned_off={"97750"})
    assert not read.ok and read.fees == {}
    assert read.problems == (
        "Line 3: 99999 is not one of the clinic's codes; add it in Codes first, or delete the line",
        "Line 4: 97140, fee “abc”: write dollars and cents, e.g. 31.50",
        "Line 5: 97530, fee “-5”: a fee cannot be negative",
        "Line 6: 97110 is also on line 2; keep one line per code",
        "Line 7: 97010, fee “20000”: more than $10,000 a unit; check the amount",
        "Line 8: no code; put the code in the first column, or delete the line",
        "Line 9: 97112, fee “34.875”: write dollars and cents, e.g. 31.50",
        "Line 10: 97750 is turned off in Codes; turn it on there first, or delete the line",
    )


def test_a_file_without_fees_says_what_a_line_looks_like() -> None:
    assert parse_fee_csv("code,fee\n", CODES).problems == (
        "The file holds no fees: write one line per code, e.g. 97110,34.87",
    )


def test_files_that_are_not_fee_schedules_are_refused_in_words(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist; choose the file again"):
        read_fee_file(tmp_path / "missing.csv")
    with pytest.raises(UserError, match="is a folder"):
        read_fee_file(tmp_path)
    binary = tmp_path / "fees.xlsx"
    binary.write_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(UserError, match="save the schedule as CSV"):
        read_fee_file(binary)
    big = tmp_path / "big.csv"
    big.write_bytes(b"97110,1\n" * 200_000)
    with pytest.raises(UserError, match="larger than a fee schedule"):
        read_fee_file(big)
    windows = tmp_path / "windows.csv"
    windows.write_bytes("code,fee,service\n97110,34.87,Caf\xe9\n".encode("cp1252"))
    assert parse_fee_csv(read_fee_file(windows), CODES).fees == {"97110": 3487}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_a_fee_file_is_not_written_over_the_clinic_database(tmp_path: Path) -> None:
    (tmp_path / "clinic.sqlite3").write_bytes(b"SQLite format 3\x00")
    with pytest.raises(UserError):
        write_fee_file(tmp_path / "clinic.sqlite3", [("97110", "x", 1)])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("110", 11000), ("110%", 11000), (" 92.5 % ", 9250), ("", 10000), ("100.25", 10025)],
)
def test_percentages_are_read_exactly(typed: str, expected: int) -> None:
    assert parse_percent(typed) == (expected, None)


@pytest.mark.parametrize(
    ("typed", "words"),
    [("abc", "write a percentage, e.g. 110 or 92.5"), ("-10", "write a percentage"),
     ("0", "from 1 to 1000"), ("1001", "from 1 to 1000"), ("1.234", "write a percentage")],
)  # fmt: skip
def test_a_wrong_percentage_says_what_to_write(typed: str, words: str) -> None:
    amount, problem = parse_percent(typed)
    assert amount is None and problem is not None and words in problem


def test_copies_round_half_a_cent_up() -> None:
    assert scaled(3487, 11000) == 3836  # 38.357 -> 38.36
    assert scaled(3485, 11000) == 3834  # 38.335 -> 38.34 (half up, not to even)
    assert scaled(5, 11000) == 6  # 5.5 -> 6
    assert scaled(1, 5000) == 1  # 0.5 -> 1
    fees, problems = copied({"97110": 3487, "97140": 3000, "G0283": 1200}, ("97110", "97140",
                            "97530"), 11000)  # fmt: skip
    assert (fees, problems) == ({"97110": 3836, "97140": 3300}, ())
    _, problems = copied({"97110": 950000}, ("97110",), 11000)
    assert problems == ("97110 would be $10450.00, more than $10,000 a unit; choose a smaller "
                        "percentage",)  # fmt: skip


@given(st.integers(0, MAX_FEE_CENTS), st.integers(100, 100000))
def test_scaling_is_the_exact_product_rounded_half_up(amount: int, hundredths: int) -> None:
    exact = 2 * amount * hundredths  # twice the product, in ten-thousandths of a cent
    result = scaled(amount, hundredths)
    assert (2 * result - 1) * 10000 <= exact < (2 * result + 1) * 10000
