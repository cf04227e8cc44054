"""Clinic set-up, clinicians: name, credentials, NPI, role and discipline."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from timer_app.billing import Discipline
from timer_app.clinic import checks
from timer_app.clinic.setup import NEW, ClinicSetup
from timer_app.records import Clinician, Role
from timer_app.ui.setup_fields import (
    CheckedForm,
    RecordList,
    StatusLine,
    combo,
    lay_out_record_page,
    line_edit,
    write_record,
)
from timer_app.ui.widgets import button


class CliniciansSection(QWidget):
    """The clinic's clinicians; one is added or changed at a time, saved when all is right."""

    def __init__(self, setup: ClinicSetup) -> None:
        super().__init__()
        self.setup = setup
        self.editing: int | None = None  # the clinician's id, None for a new one
        self.records = RecordList("Clinicians", "New clinician", "Add a therapist or assistant")
        self.records.chosen.connect(self.edit)
        self._build_form()
        self._lay_out()
        self.reload()

    def _build_form(self) -> None:
        self.name = line_edit("Clinician name", "First and last name, as on the superbill")
        self.credentials = line_edit(
            "Credentials", "Printed after the name, e.g. PT, DPT or MS, CCC-SLP", "PT, DPT"
        )
        self.npi = line_edit("Clinician NPI", "Their individual NPI, 10 digits", "1234567893")
        self.role = combo("Role", "Assistants' minutes carry CQ/CO", [(r.value, r) for r in Role])
        self.discipline = combo(
            "Discipline", "Sets GP, GO or GN on the claim", [(d.value, d) for d in Discipline]
        )
        self.active = QCheckBox("Works here now")
        self.active.setAccessibleName("Active")
        self.active.setToolTip("Former clinicians stay on their old visits but leave the lists")
        self.form = CheckedForm()
        self.form.add(
            "Name", self.name, lambda: checks.name_problem(self.name.text()),
            limit=checks.NAME_LIMIT,
        )  # fmt: skip
        self.form.add(
            "Credentials", self.credentials,
            lambda: checks.credentials_problem(self.credentials.text()),
            limit=checks.CREDENTIALS_LIMIT,
        )  # fmt: skip
        self.form.add(
            "NPI", self.npi, lambda: checks.clinician_npi_problem(self.npi.text(), self._role())
        )
        self.form.add("Role", self.role)
        self.form.add(
            "Discipline", self.discipline,
            lambda: checks.discipline_problem(self._role(), self._discipline()),
        )  # fmt: skip
        self.form.add("", self.active)
        self.role.currentIndexChanged.connect(self._match_discipline)
        self.save_button = button("Save clinician", "Check every field, then save", "primary")
        self.save_button.clicked.connect(self.save)
        self.status = StatusLine("Clinician saved")

    def _lay_out(self) -> None:
        self.heading = lay_out_record_page(
            self, self.records, self.form.layout, self.status, self.save_button
        )

    def _role(self) -> Role:
        return Role(self.role.currentData())

    def _discipline(self) -> Discipline:
        return Discipline(self.discipline.currentData())

    def _match_discipline(self) -> None:
        """A new role suggests its discipline; the check still catches a mismatch."""
        wanted = self._role().discipline
        self.discipline.setCurrentIndex(self.discipline.findData(wanted))

    def reload(self) -> None:
        clinicians = self.setup.clinicians()
        self.records.set_records(
            [(f"{c.name}, {c.credentials}" + ("" if c.active else " (left)"), c.id)
             for c in clinicians],
            keep=self.editing,
        )  # fmt: skip
        self.edit(self.editing)

    def edit(self, clinician_id: int | None) -> None:
        """Fill the form with a clinician, or empty it for a new one."""
        self.editing = clinician_id
        found = None if clinician_id is None else self.setup.clinician(clinician_id)
        self.heading.setText(f"Change {found.name}" if found else "New clinician")
        self.name.setText(found.name if found else "")
        self.credentials.setText(found.credentials if found else "")
        self.npi.setText(found.npi if found else "")
        self.role.setCurrentIndex(self.role.findData(found.role if found else Role.PT))
        self.discipline.setCurrentIndex(
            self.discipline.findData(found.discipline if found else Discipline.PT)
        )
        self.active.setChecked(found.active if found else True)
        self.form.clear_problems()
        self.status.clear()

    def save(self) -> bool:
        if not self.form.check():
            self.status.failed("Nothing was saved: correct the fields marked in red.")
            return False
        typed = Clinician(
            self.editing or NEW, self.name.text(), self.credentials.text(), self.npi.text(),
            self._discipline(), self._role(), active=self.active.isChecked(),
        )  # fmt: skip
        return write_record(
            self,
            lambda: self.setup.save_clinician(typed),
            lambda message: self.status.failed(f"Nothing was saved: {message}"),
        )
