"""Typed text has a limit, said beside its field, and no invisible control character: the
forms refuse it beside the field, set-up refuses it from a script too, and a record that
got in some other way (an older version, a database tool) still prints and exports clean."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.frontdesk.conftest import SIGNED_DAY
from tests.superbill.pdf_tools import pdf_text
from timer_app.billing import Discipline, Kind
from timer_app.clinic import ClinicServices, checks
from timer_app.clinic.setup import NEW
from timer_app.errors import UserError
from timer_app.records import Clinic, Clinician, Diagnosis, Patient, Role
from timer_app.store import Store
from timer_app.superbill import claims_csv
from timer_app.superbill.render import write_pdf
from timer_app.ui.clinic_setup import ClinicSetup
from timer_app.ui.patient_dialog import NewPatientDialog
from timer_app.ui.setup_fields import CheckedForm
from timer_app.ui.theme import STYLE_SHEET

HIDDEN = ("Ann\u202eLee", "Ann\x00Lee")  # a right-to-left override, a NUL
INVISIBLE = "contains an invisible control character; retype it"
GOOD_NPI = "1234567893"


@pytest.fixture
def setup(qtbot, qapp: QApplication, clinic: ClinicServices) -> ClinicSetup:  # type: ignore[no-untyped-def]
    if qapp.styleSheet() != STYLE_SHEET:
        qapp.setStyleSheet(STYLE_SHEET)
    widget = ClinicSetup(clinic)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def _patients(store: Store) -> int:
    return len(store.patients.search("", limit=10_000))


def _new_patient(setup: ClinicSetup, name: str) -> None:
    section = setup.patients
    section.records.start_new()
    section.name.setText(name)
    section.born.setText("07/04/1970")
    section.payer.setCurrentIndex(0)  # self-pay: no member ID needed


# --- limits ----------------------------------------------------------------------------------


def test_every_text_field_says_its_limit_and_takes_no_more(setup: ClinicSetup) -> None:
    forms: list[tuple[CheckedForm, str, int | None]] = [
        (setup.patients.form, "Name", checks.NAME_LIMIT),
        (setup.patients.form, "Record number", checks.RECORD_NUMBER_LIMIT),
        (setup.patients.form, "Member ID", checks.MEMBER_ID_LIMIT),
        (setup.patients.form, "Address", None),
        (setup.clinicians.form, "Name", checks.NAME_LIMIT),
        (setup.clinicians.form, "Credentials", checks.CREDENTIALS_LIMIT),
        (setup.payers.form, "Name", checks.PAYER_NAME_LIMIT),
        (setup.clinic.form, "Name", checks.CLINIC_NAME_LIMIT),
        (setup.clinic.form, "Address", None),
        (setup.clinic.form, "Phone", checks.PHONE_LIMIT),
        (setup.codes.form, "Label", checks.CODE_LABEL_LIMIT),
    ]
    for form, caption, limit in forms:
        widget = form.fields[caption].widget
        if limit is None:
            assert form.limit(caption) == "at most 4 lines of 55 characters"
            continue
        assert form.limit(caption) == f"at most {limit} characters", caption
        assert isinstance(widget, QLineEdit) and widget.maxLength() == limit, caption
        assert f"at most {limit} characters" in widget.toolTip()


def test_an_overlong_name_is_cut_at_the_field_and_refused_by_the_service(
    setup: ClinicSetup, clinic: ClinicServices, store: Store
) -> None:
    before = _patients(store)
    _new_patient(setup, "Lopez-Hernandez " * 625)  # 10,000 characters, pasted
    assert len(setup.patients.name.text()) == checks.NAME_LIMIT
    assert setup.patients.form.limit("Name") == "at most 80 characters"

    typed = Patient(NEW, "x" * (checks.NAME_LIMIT + 1), date(1970, 7, 4))
    with pytest.raises(UserError, match=r"^Name: at most 80 characters; this name has 81$"):
        clinic.setup.save_patient(typed, clinic.treatment.today())
    with pytest.raises(UserError, match=r"^Name: at most 80"):
        clinic.setup.save_patient(replace(typed, name="x" * 10_000), clinic.treatment.today())
    assert _patients(store) == before


def test_an_overlong_address_is_refused_beside_the_field(setup: ClinicSetup, store: Store) -> None:
    before = _patients(store)
    _new_patient(setup, "Ana Ruiz")
    setup.patients.address.setPlainText("45 Oak Avenue\n" + "Springfield " * 10)
    assert setup.patients.save() is False
    assert setup.patients.form.problem("Address") == (
        "Line 2 has 119 characters; at most 55 characters"
    )
    setup.patients.address.setPlainText("\n".join(["45 Oak Avenue"] * 5))
    assert setup.patients.save() is False
    assert setup.patients.form.problem("Address") == "At most 4 lines; this address has 5"
    assert _patients(store) == before


@pytest.mark.parametrize(
    "save",
    [
        lambda s, text: s.save_clinician(
            Clinician(NEW, "Jo Park", text, GOOD_NPI, Discipline.PT, Role.PT)
        ),
        lambda s, text: s.save_payer(NEW, "x" + text, "Medicare", {}),
        lambda s, text: s.add_custom("97799", text, Kind.UNTIMED),
        lambda s, text: s.save_clinic(replace(s.clinic(), name=text)),
        lambda s, text: s.save_clinic(replace(s.clinic(), address=f"{text} Street\nCity, IL")),
    ],
    ids=["credentials", "payer", "custom label", "clinic name", "clinic address"],
)
def test_the_service_refuses_a_control_character_in_every_text(
    clinic: ClinicServices, save: Callable[[object, str], object]
) -> None:
    before = (clinic.setup.clinic(), clinic.setup.clinicians(), clinic.setup.payers(),
              clinic.setup.code_rows())  # fmt: skip
    for text in HIDDEN:
        with pytest.raises(UserError, match=INVISIBLE):
            save(clinic.setup, text)
    after = (clinic.setup.clinic(), clinic.setup.clinicians(), clinic.setup.payers(),
             clinic.setup.code_rows())  # fmt: skip
    assert after == before


def test_the_service_refuses_overlong_text_in_every_field(clinic: ClinicServices) -> None:
    setup, today = clinic.setup, clinic.treatment.today()
    pt = Clinician(NEW, "Jo Park", "PT", GOOD_NPI, Discipline.PT, Role.PT)
    patient = Patient(NEW, "Ana Ruiz", date(1970, 7, 4))
    attempts: list[Callable[[], object]] = [
        lambda: setup.save_clinician(replace(pt, name="x" * 81)),
        lambda: setup.save_clinician(replace(pt, credentials="x" * 41)),
        lambda: setup.save_payer(NEW, "x" * 61, "Medicare", {}),
        lambda: setup.add_custom("97799", "x" * 61, Kind.UNTIMED),
        lambda: setup.save_patient(replace(patient, medical_record_number="x" * 31), today),
        lambda: setup.save_patient(replace(patient, member_id="x" * 31), today),
        lambda: setup.save_patient(
            replace(patient, diagnoses=(Diagnosis("M54.50", "x" * 251),)), today
        ),
        lambda: setup.save_clinic(replace(_clinic(setup), name="x" * 81)),
        lambda: setup.save_clinic(replace(_clinic(setup), phone="(312)" + " " * 30 + "555-0142")),
    ]
    for attempt in attempts:
        with pytest.raises(UserError, match="at most"):
            attempt()


def _clinic(setup: object) -> Clinic:
    found = setup.clinic()  # type: ignore[attr-defined]
    assert found is not None
    return found  # type: ignore[no-any-return]


# --- invisible characters ----------------------------------------------------------------------


@pytest.mark.parametrize("name", HIDDEN)
def test_a_name_with_an_invisible_control_is_refused_at_input(
    setup: ClinicSetup, clinic: ClinicServices, store: Store, name: str
) -> None:
    before = _patients(store)
    _new_patient(setup, name)
    assert setup.patients.name.text() == name  # the field keeps what was pasted...
    assert setup.patients.save() is False  # ...and refuses it in words, beside it
    assert setup.patients.form.problem("Name") == f"The name {INVISIBLE}"
    with pytest.raises(UserError, match=f"^Name: the name {INVISIBLE}$"):
        clinic.setup.save_patient(Patient(NEW, name, date(1970, 7, 4)), clinic.treatment.today())
    assert _patients(store) == before


@pytest.mark.parametrize("name", HIDDEN)
def test_other_sections_refuse_it_beside_the_field(setup: ClinicSetup, name: str) -> None:
    setup.clinicians.records.start_new()
    setup.clinicians.name.setText(name)
    assert setup.clinicians.save() is False
    assert INVISIBLE in setup.clinicians.form.problem("Name")
    setup.payers.records.start_new()
    setup.payers.name.setText(name)
    assert setup.payers.save() is False
    assert INVISIBLE in setup.payers.form.problem("Name")
    setup.clinic.name.setText(name)
    assert setup.clinic.save() is False
    assert INVISIBLE in setup.clinic.form.problem("Name")
    setup.codes.code.setText("97799")
    setup.codes.code_label.setText(name)
    assert setup.codes.add_custom() is False
    assert INVISIBLE in setup.codes.form.problem("Label")


def test_an_address_may_have_lines_but_no_other_control(setup: ClinicSetup) -> None:
    assert checks.patient_address_problem("45 Oak Avenue\nSpringfield, IL 62704") is None
    setup.clinic.address.setPlainText("1200 Main\u202e Street\nSpringfield, IL 62701")
    assert setup.clinic.save() is False
    assert setup.clinic.form.problem("Address") == f"The address {INVISIBLE}"


@pytest.mark.parametrize("name", HIDDEN)
def test_the_new_patient_dialog_refuses_it_and_says_its_limit(  # type: ignore[no-untyped-def]
    qtbot, clinic: ClinicServices, store: Store, name: str
) -> None:
    before = _patients(store)
    dialog = NewPatientDialog(clinic, name)
    qtbot.addWidget(dialog)
    dialog.birth.setText("04/17/1952")
    assert dialog.name.maxLength() == checks.NAME_LIMIT
    assert dialog.member_id.maxLength() == checks.MEMBER_ID_LIMIT
    dialog._save()
    assert dialog.patient is None
    assert dialog.problem.text() == f"Name: the name {INVISIBLE}"
    assert _patients(store) == before


# --- what got in another way --------------------------------------------------------------------


def test_a_record_written_past_the_checks_prints_and_exports_clean(
    qapp: QApplication, clinic: ClinicServices, store: Store, tmp_path: Path
) -> None:
    desk = clinic.front_desk
    item = desk.find(on=SIGNED_DAY)[0]
    patient = store.patients.get(item.patient.id)
    store.patients.update(
        replace(patient, name="Ann\u202eLee\x00", member_id="1EG4\x00TE5MK72\u2067",
                address="45 Oak\x00 Avenue\nSpring\u202efield, IL 62704")
    )  # fmt: skip
    items = [i for i in desk.find(on=SIGNED_DAY) if i.patient.id == patient.id]
    bills = desk.superbills(items)

    text = claims_csv(bills)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["patient"] for row in rows} == {"AnnLee"}
    assert {row["member_id"] for row in rows} == {"1EG4TE5MK72"}
    assert not any(mark in text for mark in ("\x00", "\u202e", "\u2067"))

    path = tmp_path / "hostile.pdf"
    assert write_pdf(bills, path)
    printed = pdf_text(path)
    assert "AnnLee" in printed and "Springfield, IL 62704" in printed
    assert not any(mark in printed for mark in ("\x00", "\u202e", "\u2067"))

    # whoever opens that record in set-up is asked to retype the name before saving it
    with pytest.raises(UserError, match=INVISIBLE):
        clinic.setup.save_patient(store.patients.get(patient.id), clinic.treatment.today())
