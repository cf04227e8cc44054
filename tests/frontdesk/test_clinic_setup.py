"""Clinic set-up: every form refuses a wrong value beside its field and saves nothing."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)

from timer_app.billing import Discipline
from timer_app.clinic import ClinicServices
from timer_app.clinic.checks import cents
from timer_app.clinic.setup import NEW
from timer_app.records import Role
from timer_app.store import Store
from timer_app.ui.clinic_setup import ClinicSetup
from timer_app.ui.diagnoses_editor import DiagnosesEditor
from timer_app.ui.setup_codes import FAVOURITE, SHOWN
from timer_app.ui.theme import STYLE_SHEET

GOOD_NPI = "1234567893"
ICD_WAIT_MS = 30_000  # the first ICD-10-CM lookup loads the whole list (about 2 s)


@pytest.fixture
def setup(qtbot, qapp: QApplication, clinic: ClinicServices) -> ClinicSetup:  # type: ignore[no-untyped-def]
    if qapp.styleSheet() != STYLE_SHEET:  # re-styling every live widget is slow
        qapp.setStyleSheet(STYLE_SHEET)
    widget = ClinicSetup(clinic)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


# --- money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("31.50", 3150), ("$31.5", 3150), ("45", 4500), ("0.29", 29), ("1,031.07", 103107),
     ("  $ 12.00 ", 1200), ("", None)],
)  # fmt: skip
def test_fees_typed_in_dollars_become_exact_cents(typed: str, expected: int | None) -> None:
    assert cents(typed) == (expected, None)


@pytest.mark.parametrize(
    ("typed", "words"),
    [("31.5x", "write dollars and cents"), ("-3", "cannot be negative"),
     ("3.141", "write dollars and cents"), ("1,00", "write dollars and cents"),
     ("10000.01", "more than $10,000")],
)  # fmt: skip
def test_fees_that_are_not_money_are_refused_in_words(typed: str, words: str) -> None:
    amount, problem = cents(typed)
    assert amount is None and problem is not None and words in problem


# --- clinic ----------------------------------------------------------------------------------


def test_clinic_refuses_a_bad_npi_and_tax_id_beside_the_fields(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.clinic
    before = store.clinic.get()
    section.npi.setText("1234567890")  # the check digit should be 3
    section.tax_id.setText("123-45-6789")  # a Social Security number
    section.name.setText("Changed name")
    assert section.save() is False
    assert section.form.problem("Billing NPI").startswith("This NPI's check digit does not match")
    assert "Social Security number" in section.form.problem("Tax ID")
    assert section.form.problem("Name") == ""
    assert section.status.text().startswith("Nothing was saved")
    assert store.clinic.get() == before
    assert section.npi.hasFocus() or section.tax_id.hasFocus()


def test_clinic_saves_good_details_normalized(setup: ClinicSetup, store: Store) -> None:
    section = setup.clinic
    section.npi.setText(" 1234 567 893 ")
    section.tax_id.setText("987654321")
    section.phone.setText("(312) 555-0100")
    assert section.save() is True
    saved = store.clinic.get()
    assert saved is not None
    assert (saved.billing_npi, saved.tax_id) == (GOOD_NPI, "98-7654321")
    assert saved.phone == "(312) 555-0100"
    assert section.status.text() == "Clinic details saved."


def test_clinic_address_needs_two_lines_and_phone_ten_digits(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.clinic
    section.address.setPlainText("418 River Road")
    section.phone.setText("555-0100")
    before = store.clinic.get()
    assert section.save() is False
    assert "Two lines at least" in section.form.problem("Address")
    assert "10 digits; this one has 7" in section.form.problem("Phone")
    assert store.clinic.get() == before


# --- clinicians ------------------------------------------------------------------------------


def test_new_clinician_with_a_bad_npi_is_refused(setup: ClinicSetup, store: Store) -> None:
    section = setup.clinicians
    count = len(store.clinicians.all(include_inactive=True))
    section.records.start_new()
    section.name.setText("Alex Kim")
    section.credentials.setText("OT, OTR/L")
    section.role.setCurrentIndex(section.role.findData(Role.OT))
    section.npi.setText("12345678")
    assert section.save() is False
    assert section.form.problem("NPI") == "An NPI has 10 digits; this one has 8"
    assert len(store.clinicians.all(include_inactive=True)) == count


def test_role_and_discipline_must_agree(setup: ClinicSetup) -> None:
    section = setup.clinicians
    section.records.start_new()
    section.name.setText("Alex Kim")
    section.credentials.setText("COTA")
    section.role.setCurrentIndex(section.role.findData(Role.OTA))
    assert section.discipline.currentData() == Discipline.OT  # the role suggests it
    section.discipline.setCurrentIndex(section.discipline.findData(Discipline.SLP))
    assert section.save() is False
    assert section.form.problem("Discipline") == "A OTA works in OT; choose OT or another role"


def test_an_assistant_may_have_no_npi_and_is_saved(setup: ClinicSetup, store: Store) -> None:
    section = setup.clinicians
    section.records.start_new()
    section.name.setText("Alex Kim")
    section.credentials.setText("COTA")
    section.role.setCurrentIndex(section.role.findData(Role.OTA))
    assert section.save() is True
    saved = next(c for c in store.clinicians.all() if c.name == "Alex Kim")
    assert (saved.role, saved.discipline, saved.npi) == (Role.OTA, Discipline.OT, "")
    assert section.status.text() == "Alex Kim saved."
    assert section.records.view.currentIndex().data() == "Alex Kim, COTA"


def test_a_therapist_needs_an_npi(setup: ClinicSetup) -> None:
    section = setup.clinicians
    section.records.start_new()
    section.name.setText("Jo Park")
    section.credentials.setText("PT")
    assert section.save() is False
    assert section.form.problem("NPI") == "Enter the 10-digit NPI"


def test_changing_a_clinician_keeps_their_id(setup: ClinicSetup, store: Store) -> None:
    section = setup.clinicians
    dana = next(c for c in store.clinicians.all() if c.name == "Dana Reyes")
    section.records.pick(dana.id)
    assert section.name.text() == "Dana Reyes"
    section.credentials.setText("PT, DPT, OCS")
    assert section.save() is True
    assert store.clinicians.get(dana.id).credentials == "PT, DPT, OCS"


# --- payers ----------------------------------------------------------------------------------


def test_a_bad_fee_is_refused_beside_it_and_nothing_is_saved(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.payers
    medicare = store.payers.find("Medicare")
    assert medicare is not None
    section.records.pick(medicare.id)
    section.name.setText("Medicare Part B")
    section.set_fee_text("97110", "31.5x")
    section.set_fee_text("97140", "-2")
    assert section.save() is False
    assert section.fee_problem("97110") == "write dollars and cents, e.g. 31.50"
    assert section.fee_problem("97140") == "a fee cannot be negative"
    assert section.fee_problem("97530") == ""
    assert store.payers.get(medicare.id) == medicare  # name and fees as they were
    assert store.payers.get(medicare.id).fees == medicare.fees


def test_good_fees_are_saved_as_cents_and_a_blank_one_is_removed(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.payers
    aetna = store.payers.find("Aetna")
    assert aetna is not None and "97140" in aetna.fees
    section.records.pick(aetna.id)
    section.set_fee_text("97110", "$1,031.07")
    section.set_fee_text("97140", "")
    assert section.save() is True
    fees = store.payers.get(aetna.id).fees
    assert fees["97110"] == 103107
    assert "97140" not in fees
    assert section.status.text().startswith("Aetna saved with")


def test_a_new_payer_with_a_profile_and_fees(setup: ClinicSetup, store: Store) -> None:
    section = setup.payers
    section.records.start_new()
    section.name.setText("Cigna")
    section.profile.setCurrentIndex(section.profile.findText("Commercial (AMA)"))
    section.set_fee_text("97110", "40")
    assert section.save() is True
    cigna = store.payers.find("Cigna")
    assert cigna is not None
    assert (cigna.profile, cigna.fees) == ("Commercial (AMA)", {"97110": 4000})


def test_cq_co_follows_the_profile_until_the_owner_chooses(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.payers
    section.records.start_new()
    section.name.setText("Humana")
    section.profile.setCurrentIndex(section.profile.findText("Medicare"))
    assert section.assistants.isChecked()  # Medicare's habit
    section.profile.setCurrentIndex(section.profile.findText("Commercial (AMA)"))
    assert not section.assistants.isChecked()  # a commercial profile's
    section.assistants.setChecked(True)  # this plan wants them
    section.profile.setCurrentIndex(section.profile.findText("Medicare"))
    assert section.assistants.isChecked()  # the owner's choice stays
    section.profile.setCurrentIndex(section.profile.findText("Commercial (AMA)"))
    assert section.save() is True
    humana = store.payers.find("Humana")
    assert humana is not None and humana.assistant_modifiers is True
    medicare = store.payers.find("Medicare")
    assert medicare is not None
    section.records.pick(medicare.id)
    assert section.assistants.isChecked()
    section.records.pick(humana.id)
    assert section.assistants.isChecked()
    section.assistants.setChecked(False)  # back to the commercial profile's habit
    assert section.save() is True
    assert store.payers.get(humana.id).assistant_modifiers is None


def test_a_payer_name_already_taken_is_said_beside_the_name(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.payers
    count = len(store.payers.all())
    section.records.start_new()
    section.name.setText("medicare")
    assert section.save() is False
    assert "already exists" in section.form.problem("Name")
    assert len(store.payers.all()) == count


# --- patients --------------------------------------------------------------------------------


def test_a_patient_with_a_bad_birth_date_or_no_member_id_is_refused(
    setup: ClinicSetup, store: Store
) -> None:
    section = setup.patients
    count = len(store.patients.search("", limit=1000))
    section.records.start_new()
    section.name.setText("Ana Ruiz")
    section.born.setText("02/30/1970")
    section.payer.setCurrentIndex(section.payer.findText("Medicare"))
    assert section.save() is False
    assert section.form.problem("Date of birth") == "Write the date as MM/DD/YYYY, e.g. 03/02/1948"
    assert section.form.problem("Member ID") == "Enter the member ID from the insurance card"
    section.born.setText("01/01/2030")
    section.save()
    assert "in the future" in section.form.problem("Date of birth")
    assert len(store.patients.search("", limit=1000)) == count


def test_a_new_patient_with_a_checked_diagnosis_is_saved(  # type: ignore[no-untyped-def]
    qtbot, setup: ClinicSetup, store: Store
) -> None:
    section = setup.patients
    section.records.start_new()
    section.name.setText("Ana Ruiz")
    section.born.setText("07/04/1970")
    section.payer.setCurrentIndex(section.payer.findText("Medicare"))
    section.member_id.setText("7AC2CD3EF45")
    section.editor.code.setText("m54.50")
    section.editor.add.click()  # checked off the UI thread
    qtbot.waitUntil(lambda: len(section.editor.diagnoses()) == 1, timeout=ICD_WAIT_MS)
    assert section.save() is True
    saved = store.patients.search("Ana Ruiz")[0]
    assert [d.code for d in saved.diagnoses] == ["M54.50"]
    assert saved.member_id == "7AC2CD3EF45"


def test_a_category_code_names_its_billable_children(  # type: ignore[no-untyped-def]
    qtbot, setup: ClinicSetup
) -> None:
    editor = setup.patients.editor
    editor.code.setText("M54.5")
    editor.add.click()
    qtbot.waitUntil(lambda: editor.add.isEnabled(), timeout=ICD_WAIT_MS)
    assert "is a category, not billable" in editor.problem.text()
    assert "M54.50" in editor.problem.text()


def test_diagnosis_search_by_words_runs_off_the_ui_thread(  # type: ignore[no-untyped-def]
    qtbot, setup: ClinicSetup
) -> None:
    search = setup.patients.diagnosis_search
    search.query.setText("low back pain")
    search.search_button.click()
    assert not search.search_button.isEnabled()  # the answer comes later, from a worker
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=ICD_WAIT_MS)
    assert any(row.startswith("M54.50") for row in search.model.stringList())
    search.use(search.model.index(0, 0))
    editor = setup.patients.editor
    qtbot.waitUntil(lambda: len(editor.diagnoses()) > 0, timeout=ICD_WAIT_MS)


def test_a_payer_added_on_its_tab_appears_for_patients(
    setup: ClinicSetup, clinic: ClinicServices
) -> None:
    setup.sections.setCurrentWidget(setup.payers)
    clinic.setup.save_payer(NEW, "Humana", "Commercial (AMA)", {})
    assert setup.patients.payer.findText("Humana") < 0  # read when it is shown, not before
    setup.sections.setCurrentWidget(setup.patients)
    assert setup.patients.payer.findText("Humana") >= 0


def test_a_custom_code_gets_a_fee_row_on_the_payers_page(setup: ClinicSetup) -> None:
    setup.sections.setCurrentWidget(setup.codes)
    setup.codes.code.setText("97799")
    setup.codes.code_label.setText("Unlisted therapy procedure")
    assert setup.codes.add_custom()
    setup.sections.setCurrentWidget(setup.payers)
    setup.payers.set_fee_text("97799", "40.00")
    assert setup.payers.fee_problem("97799") == ""


# --- codes -----------------------------------------------------------------------------------


def test_codes_model_passes_qt_model_tester(qtmodeltester, setup: ClinicSetup) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(setup.codes.model, force_py=True)


def test_ticks_turn_codes_off_and_make_favourites(setup: ClinicSetup, store: Store) -> None:
    model = setup.codes.model
    row = model.row_of("97113")
    assert model.setData(model.index(row, SHOWN), Qt.CheckState.Unchecked.value,
                         Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    assert model.setData(model.index(row, FAVOURITE), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    saved = store.codes.all()["97113"]
    assert (saved.enabled, saved.favourite) == (False, True)
    shown = model.data(model.index(row, SHOWN), Qt.ItemDataRole.CheckStateRole)
    assert shown == Qt.CheckState.Unchecked


@pytest.mark.parametrize(
    ("code", "label", "words"),
    [("97110", "Again", "97110 is already in the list"), ("G02", "Short", "a HCPCS code a letter"),
     ("97799", "", "Enter the label")],
)  # fmt: skip
def test_a_bad_custom_code_is_refused_beside_the_field(
    setup: ClinicSetup, store: Store, code: str, label: str, words: str
) -> None:
    section = setup.codes
    before = store.codes.all()
    section.code.setText(code)
    section.code_label.setText(label)
    assert section.add_custom() is False
    assert words in section.form.problem("Code") + section.form.problem("Label")
    assert store.codes.all() == before


def test_a_custom_code_is_added(setup: ClinicSetup, store: Store) -> None:
    section = setup.codes
    section.code.setText(" 97799")
    section.code_label.setText("Unlisted therapy procedure")
    assert section.add_custom() is True
    saved = store.codes.all()["97799"]
    assert saved.custom and saved.label == "Unlisted therapy procedure"
    assert section.model.setting(section.model.row_of("97799")).custom
    assert section.status.text() == "97799 added; tick Favourite to give it a key."


# --- every control and the screenshots -------------------------------------------------------


def _controls(root: QWidget) -> list[QWidget]:
    """Interactive widgets we built (not the insides of combos, spin boxes or the shared
    diagnoses editor, which has its own tests)."""
    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractItemView)
    theirs = (QHeaderView,)  # a table's own parts, named by the table
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, kinds) or isinstance(widget, theirs):
            continue
        parent = widget.parentWidget()
        inside = False
        while parent is not None and parent is not root:
            if isinstance(parent, QComboBox | QAbstractSpinBox | QTabBar | DiagnosesEditor):
                inside = True
            parent = parent.parentWidget()
        if not inside and widget.metaObject().className() != "QTableCornerButton":
            found.append(widget)
    return found


def test_every_control_has_a_name_and_a_tip(setup: ClinicSetup) -> None:
    controls = _controls(setup)
    assert len(controls) > 30
    for widget in controls:
        name = widget.accessibleName() or widget.objectName() or type(widget).__name__
        assert widget.accessibleName(), name
        assert widget.toolTip(), name


def test_each_section_renders_at_1280_by_800(setup: ClinicSetup, tmp_path: Path) -> None:
    for index in range(setup.sections.count()):
        setup.sections.setCurrentIndex(index)
        image = setup.grab()
        assert (image.width(), image.height()) == (1280, 800)
        assert image.save(str(tmp_path / f"setup-{index}.png"))


def test_a_saved_clinic_round_trips(setup: ClinicSetup, store: Store) -> None:
    before = store.clinic.get()
    assert before is not None
    assert setup.clinic.save() is True  # what was loaded is already right
    assert asdict(store.clinic.get()) == asdict(before)  # type: ignore[arg-type]


def test_a_problem_beside_a_field_goes_as_soon_as_the_field_is_right(setup: ClinicSetup) -> None:
    section = setup.clinic
    section.npi.setText("1234567890")  # the check digit should be 3
    assert section.save() is False
    assert section.form.problem("Billing NPI").startswith("This NPI's check digit")
    section.npi.setText("12345")  # still wrong: the words follow what is typed
    assert section.form.problem("Billing NPI") == "An NPI has 10 digits; this one has 5"
    section.npi.setText("1234567893")
    assert section.form.problem("Billing NPI") == ""  # right: gone before any save


def test_a_medicare_number_that_is_not_an_mbi_is_said_beside_the_field(setup: ClinicSetup) -> None:
    section = setup.patients
    section.payer.setCurrentIndex(section.payer.findText("Medicare"))
    section.member_id.setText("12345")
    assert section.form.check() is False or section.form.problem("Member ID")
    assert "Medicare number (MBI) has 11" in section.form.problem("Member ID")
