"""Set-up, payers: fee schedules without wasted time and without lost edits.

Codes without a fee are said; a schedule comes from a CSV file or from another payer (shown
first, saved by Save payer, audited); unsaved fees are asked about before a payer, a
section or the window is left. The questions are answered by replacing the section's
callables, never through a real dialog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow, QStyleOptionViewItem

from timer_app.clinic import ClinicServices
from timer_app.clinic.fee_files import FeeChanges
from timer_app.errors import UserError
from timer_app.records import Payer
from timer_app.store import Store
from timer_app.ui.clinic_setup import ClinicSetup
from timer_app.ui.fee_dialogs import DISCARD, SAVE, CopySourceDialog, FeePreviewDialog
from timer_app.ui.setup_payers import FEE, PayersSection
from timer_app.ui.theme import STYLE_SHEET

SCREENSHOT = Path(__file__).parents[2] / "docs" / "screenshots" / "setup-payers-fees-1280x800.png"


@pytest.fixture
def setup(qtbot, qapp: QApplication, clinic: ClinicServices) -> ClinicSetup:  # type: ignore[no-untyped-def]
    if qapp.styleSheet() != STYLE_SHEET:
        qapp.setStyleSheet(STYLE_SHEET)
    widget = ClinicSetup(clinic)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.sections.setCurrentWidget(widget.payers)
    return widget


class Answers:
    """The section's questions, answered as a test says; what was asked is kept."""

    def __init__(self, section: PayersSection, unsaved: str | None = None) -> None:
        self.unsaved = unsaved
        self.questions: list[str] = []
        self.previews: list[tuple[str, FeeChanges]] = []
        self.problems: list[tuple[str, list[str]]] = []
        self.use_fees = True
        section.ask_unsaved = self._ask
        section.confirm_fees = self._confirm
        section.show_problems = lambda heading, lines: self.problems.append((heading, list(lines)))

    def _ask(self, question: str) -> str | None:
        self.questions.append(question)
        return self.unsaved

    def _confirm(self, heading: str, changes: FeeChanges) -> bool:
        self.previews.append((heading, changes))
        return self.use_fees


def _payer(store: Store, name: str) -> Payer:
    found = store.payers.find(name)
    assert found is not None
    return found


def _opened(section: PayersSection, store: Store, name: str) -> Payer:
    payer = _payer(store, name)
    section.records.pick(payer.id)
    assert section.editing == payer.id
    return payer


# --- 1. codes without a fee ------------------------------------------------------------------


def test_codes_without_a_fee_are_said_in_their_row_and_counted(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.payers
    aetna = _opened(section, store, "Aetna")
    without = [code for code, _ in section._codes if code not in aetna.fees]
    assert section.no_fee_note.text() == (
        f"{len(without)} codes have no fee: their superbills cannot be printed."
        if without
        else "Every code has a fee."
    )
    for code in ("97110", "97140", "97530"):
        section.set_fee_text(code, "")
    assert section.shown_fee("97110") == "no fee"
    count = len(without) + 3
    assert section.no_fee_note.text() == (
        f"{count} codes have no fee: their superbills cannot be printed."
    )
    # the cell itself reads "no fee" (the text stays blank for typing)
    row = [code for code, _ in section._codes].index("97110")
    option = QStyleOptionViewItem()
    delegate = section.fees.itemDelegateForColumn(FEE)
    delegate.initStyleOption(option, section.fees.model().index(row, FEE))  # type: ignore[attr-defined]
    assert option.text == "no fee"  # type: ignore[attr-defined]
    assert section.fee_text("97110") == ""
    section.set_fee_text("97110", "31")
    assert section.no_fee_note.text().startswith(f"{count - 1} codes have no fee")


def test_a_payer_with_every_fee_says_so(setup: ClinicSetup, store: Store) -> None:
    section = setup.payers
    _opened(section, store, "Medicare")
    for code, _ in section._codes:
        if not section.fee_text(code):
            section.set_fee_text(code, "10")
    assert section.no_fee_note.text() == "Every code has a fee."
    section.set_fee_text("97110", "")
    assert section.no_fee_note.text() == "1 code has no fee: its superbills cannot be printed."


# --- 2. CSV export and import ------------------------------------------------------------------


def test_exported_fees_read_back_unchanged(
    setup: ClinicSetup, store: Store, tmp_path: Path
) -> None:
    section = setup.payers
    answers = Answers(section)
    bcbs = _opened(section, store, "Blue Cross Blue Shield of Illinois")
    chosen: list[str] = []
    out = tmp_path / "out"  # tmp_path holds the clinic's database: no output beside it
    out.mkdir()
    section.choose_export_path = lambda suggested: chosen.append(suggested) or out / "b.csv"
    section.export_fees()
    assert chosen == ["Blue Cross Blue Shield of Illinois fees.csv"]
    text = (out / "b.csv").read_text("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "code,fee,service"
    assert f"97110,{bcbs.fees['97110'] // 100}.{bcbs.fees['97110'] % 100:02d}," in text
    assert section.status.text().startswith(f"{len(bcbs.fees)} fees of Blue Cross")
    # the same file into the same payer changes nothing
    assert section.import_file(out / "b.csv") is False
    assert answers.previews == []
    assert "nothing changed" in section.status.text()
    assert not section.has_unsaved_changes()


def test_an_import_is_shown_then_put_in_the_table_and_saved_only_by_save(
    setup: ClinicSetup, store: Store, tmp_path: Path
) -> None:
    section = setup.payers
    answers = Answers(section)
    aetna = _opened(section, store, "Aetna")
    file = tmp_path / "aetna 2027.csv"
    file.write_bytes(
        "\ufeffCPT;Our words;Fee\r\n97110;Exercise;$35.87\r\n97140;Manual;34\r\n"
        f"97530;Activities;{aetna.fees['97530'] / 100:.2f}\r\n97112;;\r\n".encode()
    )
    section.choose_import_path = lambda: file
    section.import_fees()
    [(heading, changes)] = answers.previews
    assert heading == "From aetna 2027.csv for Aetna"
    assert [c.code for c in changes.changed] == ["97110", "97140"]
    assert [(c.code, c.before, c.after) for c in changes.removed] == [
        ("97112", aetna.fees["97112"], None)
    ]
    assert changes.unchanged == 1
    assert (section.fee_text("97110"), section.fee_text("97140")) == ("35.87", "34.00")
    assert section.shown_fee("97112") == "no fee"
    assert sorted(section.changed_codes()) == ["97110", "97112", "97140"]
    assert "Not saved yet" in section.status.text()
    assert store.payers.get(aetna.id).fees == aetna.fees  # nothing saved yet
    assert section.save() is True
    saved = store.payers.get(aetna.id).fees
    assert (saved["97110"], saved["97140"], "97112" in saved) == (3587, 3400, False)
    entry = store.audit.latest(1)[0]
    assert entry.what == "payer and fees changed"
    assert entry.before is not None and entry.after is not None
    assert entry.before["fees"]["97110"] == aetna.fees["97110"]
    assert entry.after["fees"]["97110"] == 3587
    assert section.changed_codes() == []


def test_a_file_with_bad_lines_brings_nothing_and_names_every_line(
    setup: ClinicSetup, store: Store, tmp_path: Path
) -> None:
    section = setup.payers
    answers = Answers(section)
    aetna = _opened(section, store, "Aetna")
    file = tmp_path / "fees.csv"
    file.write_text("code,fee\n97110,34.87\n99999,12\n97140,twelve\n97530,-3\n", "utf-8")
    assert section.import_file(file) is False
    [(heading, lines)] = answers.problems
    assert heading == (
        "Nothing was imported from fees.csv: 3 lines are wrong. Correct them in the file "
        "and import it again."
    )
    assert lines == [
        "Line 3: 99999 is not one of the clinic's codes; add it in Codes first, or delete the line",
        "Line 4: 97140, fee “twelve”: write dollars and cents, e.g. 31.50",
        "Line 5: 97530, fee “-3”: a fee cannot be negative",
    ]
    assert section.status.text() == heading
    assert answers.previews == []
    assert section.fee_text("97110") == f"{aetna.fees['97110'] / 100:.2f}"  # not 34.87
    assert not section.has_unsaved_changes()
    assert store.payers.get(aetna.id).fees == aetna.fees


def test_an_unreadable_file_is_said_and_a_declined_preview_changes_nothing(
    setup: ClinicSetup, store: Store, tmp_path: Path
) -> None:
    section = setup.payers
    answers = Answers(section)
    _opened(section, store, "Aetna")
    assert section.import_file(tmp_path / "gone.csv") is False
    assert section.status.text().startswith("Nothing was imported: ")
    assert "does not exist; choose the file again" in section.status.text()
    file = tmp_path / "fees.csv"
    file.write_text("97110,1\n", "utf-8")
    answers.use_fees = False
    assert section.import_file(file) is False
    assert len(answers.previews) == 1
    assert not section.has_unsaved_changes()


def test_a_turned_off_code_in_a_file_says_where_to_turn_it_on(
    setup: ClinicSetup, clinic: ClinicServices, store: Store, tmp_path: Path
) -> None:
    clinic.setup.set_shown("97750", False)
    section = setup.payers
    answers = Answers(section)
    section.reload()
    _opened(section, store, "Aetna")
    file = tmp_path / "fees.csv"
    file.write_text("97750,40\n", "utf-8")
    assert section.import_file(file) is False
    assert answers.problems[0][1] == [
        "Line 1: 97750 is turned off in Codes; turn it on there first, or delete the line"
    ]


def test_exporting_wrong_fees_is_refused_and_a_bad_target_is_said(
    setup: ClinicSetup, store: Store, tmp_path: Path
) -> None:
    section = setup.payers
    Answers(section)
    _opened(section, store, "Aetna")
    section.set_fee_text("97110", "abc")
    assert section.export_to(tmp_path / "x.csv") is False
    assert section.status.text() == "Nothing was exported: correct the fees marked in red first."
    assert not (tmp_path / "x.csv").exists()
    section.set_fee_text("97110", "30")
    assert section.export_to(tmp_path / "no folder" / "x.csv") is False
    assert "does not exist" in section.status.text()
    assert section.export_to(tmp_path / "x.csv") is False  # beside the clinic's database
    assert "Nothing was exported: " in section.status.text()
    (tmp_path / "out").mkdir()
    assert section.export_to(tmp_path / "out" / "x.csv") is True
    assert "(as shown: the changes are not saved yet)" in section.status.text()


# --- 3. copy from another payer ---------------------------------------------------------------


def test_copy_at_110_percent_rounds_half_a_cent_up_and_is_shown_first(
    setup: ClinicSetup, clinic: ClinicServices, store: Store
) -> None:
    section = setup.payers
    answers = Answers(section)
    medicare = _payer(store, "Medicare")
    clinic.setup.save_payer(
        medicare.id, "Medicare", "Medicare", {"97110": 3485, "97140": 3487, "97530": 5}
    )
    section.records.start_new()
    section.name.setText("Cigna")
    asked: list[list[str]] = []
    section.ask_copy_source = lambda payers: (
        asked.append([name for name, _ in payers]) or (medicare.id, "110%")
    )
    section.copy_fees()
    assert "Medicare" in asked[0]
    [(heading, changes)] = answers.previews
    assert heading == "Medicare's fees at 110% for Cigna"
    after = {c.code: c.after for c in changes.new}
    assert after["97110"] == 3834  # 38.335 -> 38.34
    assert after["97140"] == 3836  # 38.357 -> 38.36
    assert after["97530"] == 6  # 5.5 -> 6
    assert section.fee_text("97110") == "38.34"
    assert "Not saved yet" in section.status.text()
    assert store.payers.find("Cigna") is None
    assert section.save() is True
    cigna = _payer(store, "Cigna")
    assert cigna.fees["97110"] == 3834 and cigna.fees["97530"] == 6


def test_copy_keeps_the_fees_the_source_lacks_and_refuses_a_bad_percentage(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.payers
    answers = Answers(section)
    aetna = _opened(section, store, "Aetna")
    medicare = _payer(store, "Medicare")
    assert section.copy_from(medicare.id, "abc") is False
    assert section.status.text() == ("Nothing was copied: write a percentage, e.g. 110 or 92.5.")
    assert section.copy_from(medicare.id, "2000") is False
    assert section.copy_from(medicare.id, "100") is True
    [(heading, changes)] = answers.previews
    assert heading == "Medicare's fees for Aetna"
    assert all(c.after == medicare.fees[c.code] for c in changes.all)
    for code, cents in aetna.fees.items():
        if code not in medicare.fees:
            assert section.fee_text(code) == f"{cents / 100:.2f}"


def test_the_copy_dialog_checks_the_percentage_beside_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = CopySourceDialog(None, [("Medicare", 1), ("Aetna", 3)])
    qtbot.addWidget(dialog)
    dialog.percent.setText("eleven")
    dialog._check()
    assert dialog.problem.text() == "Write a percentage, e.g. 110 or 92.5"
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.percent.setText("110")
    dialog._check()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_the_preview_lists_each_change(qtbot) -> None:  # type: ignore[no-untyped-def]
    from timer_app.clinic.fee_files import compare

    changes = compare(
        {"97110": 3000, "97140": 2000, "97530": 1000},
        {"97110": 3100, "97140": None, "97112": 500, "97530": 1000},
        {"97110": "Exercise"},
    )
    dialog = FeePreviewDialog(None, "From x.csv for Aetna", changes)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
    rows = [
        [dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())
    ]
    assert rows == [
        ["97112", "", "no fee", "$5.00", "new"],
        ["97110", "Exercise", "$30.00", "$31.00", "changed"],
        ["97140", "", "$20.00", "no fee", "removed"],
    ]
    assert dialog.summary.text().startswith("1 new fee, 1 changed, 1 removed, 1 unchanged. Nothing")


# --- 4. unsaved changes asked about -------------------------------------------------------------


def _edited_aetna(section: PayersSection, store: Store) -> Payer:
    aetna = _opened(section, store, "Aetna")
    section.set_fee_text("97110", "99.99")
    assert section.has_unsaved_changes()
    return aetna


def test_switching_payer_with_unsaved_fees_cancel_stays(setup: ClinicSetup, store: Store) -> None:
    section = setup.payers
    answers = Answers(section, unsaved=None)
    aetna = _edited_aetna(section, store)
    section.records.pick(_payer(store, "Medicare").id)
    assert answers.questions == ["Save the fee changes for Aetna?"]
    assert section.editing == aetna.id
    assert section.records.view.currentIndex().data() == "Aetna"
    assert section.fee_text("97110") == "99.99"


def test_switching_payer_with_unsaved_fees_discard_goes_on(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.payers
    answers = Answers(section, unsaved=DISCARD)
    aetna = _edited_aetna(section, store)
    medicare = _payer(store, "Medicare")
    section.records.pick(medicare.id)
    assert len(answers.questions) == 1
    assert section.editing == medicare.id
    assert store.payers.get(aetna.id).fees == aetna.fees
    section.records.pick(aetna.id)
    assert section.fee_text("97110") == f"{aetna.fees['97110'] / 100:.2f}"
    assert len(answers.questions) == 1  # nothing was edited since


def test_switching_payer_with_unsaved_fees_save_keeps_them(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.payers
    answers = Answers(section, unsaved=SAVE)
    aetna = _edited_aetna(section, store)
    medicare = _payer(store, "Medicare")
    section.records.pick(medicare.id)
    assert len(answers.questions) == 1
    assert store.payers.get(aetna.id).fees["97110"] == 9999
    assert section.editing == medicare.id
    assert section.records.view.currentIndex().data() == "Medicare"
    assert section.name.text() == "Medicare"


def test_save_with_a_wrong_fee_stays_on_the_payer(setup: ClinicSetup, store: Store) -> None:
    section = setup.payers
    Answers(section, unsaved=SAVE)
    aetna = _opened(section, store, "Aetna")
    section.set_fee_text("97110", "9x")
    section.records.start_new()
    assert section.editing == aetna.id
    assert section.fee_problem("97110") == "write dollars and cents, e.g. 31.50"
    assert store.payers.get(aetna.id).fees == aetna.fees


def test_a_new_payer_typed_and_not_saved_is_asked_about(setup: ClinicSetup, store: Store) -> None:
    section = setup.payers
    answers = Answers(section, unsaved=None)
    section.records.start_new()
    assert section.editing is None
    section.name.setText("Cigna")
    section.set_fee_text("97110", "40")
    section.records.pick(_payer(store, "Aetna").id)
    assert answers.questions == ["Save the fee changes for Cigna?"]
    assert section.editing is None and section.name.text() == "Cigna"
    assert not section.records.view.selectionModel().hasSelection()


@pytest.mark.parametrize(("answer", "leaves"), [(None, False), (DISCARD, True), (SAVE, True)])
def test_switching_section_with_unsaved_fees(
    setup: ClinicSetup, store: Store, answer: str | None, leaves: bool
) -> None:
    section = setup.payers
    answers = Answers(section, unsaved=answer)
    aetna = _edited_aetna(section, store)
    setup.sections.setCurrentWidget(setup.codes)
    assert answers.questions == ["Save the fee changes for Aetna?"]
    assert (setup.sections.currentWidget() is setup.codes) is leaves
    assert setup.sections.currentWidget().isVisible()
    saved = store.payers.get(aetna.id).fees["97110"]
    assert (saved == 9999) is (answer == SAVE)
    if answer is None:
        assert section.fee_text("97110") == "99.99"
        setup.sections.setCurrentWidget(setup.clinic)  # asked again, still Cancel
        assert len(answers.questions) == 2 and setup.sections.currentWidget() is section


def test_a_name_change_alone_is_asked_about_in_its_own_words(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.payers
    answers = Answers(section, unsaved=DISCARD)
    _opened(section, store, "Aetna")
    section.name.setText("Aetna Better Health")
    setup.sections.setCurrentWidget(setup.codes)
    assert answers.questions == ["Save the changes to Aetna Better Health?"]


@pytest.mark.parametrize(("answer", "closes"), [(None, False), (DISCARD, True), (SAVE, True)])
def test_closing_the_window_with_unsaved_fees(  # type: ignore[no-untyped-def]
    qtbot, clinic: ClinicServices, store: Store, answer: str | None, closes: bool
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    setup = ClinicSetup(clinic)
    window.setCentralWidget(setup)
    window.resize(1280, 800)
    window.show()
    setup.sections.setCurrentWidget(setup.payers)
    answers = Answers(setup.payers, unsaved=answer)
    aetna = _edited_aetna(setup.payers, store)
    assert window.close() is closes
    assert answers.questions == ["Save the fee changes for Aetna?"]
    assert (store.payers.get(aetna.id).fees["97110"] == 9999) is (answer == SAVE)
    if not closes:
        assert window.isVisible()
        answers.unsaved = DISCARD
        assert window.close() is True


def test_nothing_unsaved_is_never_asked(setup: ClinicSetup, store: Store) -> None:
    section = setup.payers
    answers = Answers(section, unsaved=None)
    _opened(section, store, "Aetna")
    section.set_fee_text("97110", section.fee_text("97110").removesuffix("0"))  # 31.20 -> 31.2
    section.records.pick(_payer(store, "Medicare").id)
    setup.sections.setCurrentWidget(setup.codes)
    assert answers.questions == []
    assert not section.discard_button.isEnabled()


# --- 5. undo before saving is Discard ---------------------------------------------------------


def test_discard_undoes_an_import_before_it_is_saved(
    setup: ClinicSetup, store: Store, tmp_path: Path
) -> None:
    section = setup.payers
    Answers(section)
    aetna = _opened(section, store, "Aetna")
    file = tmp_path / "fees.csv"
    file.write_text("97110,1\n97140,2\n", "utf-8")
    assert section.import_file(file) is True
    assert section.discard_button.isEnabled()
    section.discard_button.click()
    assert section.fee_text("97110") == f"{aetna.fees['97110'] / 100:.2f}"
    assert section.changed_codes() == [] and not section.has_unsaved_changes()
    assert not section.discard_button.isEnabled()


def test_records_read_again_keep_fees_typed_and_not_saved(
    setup: ClinicSetup, clinic: ClinicServices, store: Store
) -> None:
    section = setup.payers
    Answers(section)
    _opened(section, store, "Aetna")
    section.set_fee_text("97110", "77")
    clinic.setup.add_custom("97799", "Unlisted therapy", "timed")  # the codes change
    section.reload()
    assert section.fee_text("97110") == "77"
    assert "97799" in section._rows()
    assert section.has_unsaved_changes()


def test_only_the_owner_saves_an_imported_schedule(
    setup: ClinicSetup, clinic: ClinicServices, store: Store, tmp_path: Path
) -> None:
    section = setup.payers
    Answers(section)
    aetna = _opened(section, store, "Aetna")
    file = tmp_path / "fees.csv"
    file.write_text("97110,1\n", "utf-8")
    assert section.import_file(file) is True
    clinic.access.require_people()
    desk = next(u for u in clinic.access.users() if u.name == "Kim Lee (front desk)")
    clinic.access.sign_in(desk.id, "4444")
    assert section.save() is False
    assert "may not" in section.form.problem("Name")
    assert store.payers.get(aetna.id).fees == aetna.fees
    with pytest.raises(UserError):
        clinic.setup.save_payer(aetna.id, "Aetna", aetna.profile, {"97110": 1})


# --- the picture -------------------------------------------------------------------------------


def test_the_payers_section_renders_at_1280_by_800(
    setup: ClinicSetup, store: Store, tmp_path: Path
) -> None:
    section = setup.payers
    Answers(section)
    medicare = _opened(section, store, "Aetna")
    file = tmp_path / "Aetna 2027.csv"
    file.write_text("code,fee\n97110,36.10\n97140,33.25\n97530,\n", "utf-8")
    assert section.import_file(file)
    assert medicare.id
    image = setup.grab()
    assert (image.width(), image.height()) == (1280, 800)
    assert image.save(str(tmp_path / "payers.png"))
