"""Clinic set-up, the clinic's own details: what every superbill prints at its top."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from timer_app.clinic import checks
from timer_app.clinic.setup import ClinicSetup
from timer_app.dates import DateStyle
from timer_app.errors import UserError
from timer_app.records import Clinic
from timer_app.records.model import PLACES_OF_SERVICE
from timer_app.ui.setup_fields import CheckedForm, StatusLine, combo, line_edit, text_edit
from timer_app.ui.widgets import button, explain, label


class ClinicSection(QWidget):
    """Name, address, phone, tax ID, billing NPI, place of service and whether each
    superbill prints with its treatment time record; saved all at once."""

    def __init__(self, setup: ClinicSetup) -> None:
        super().__init__()
        self.setup = setup
        self.name = line_edit("Clinic name", "As printed at the top of every superbill")
        self.address = text_edit(
            "Clinic address", "Street on the first line, then city, state, ZIP"
        )
        self.phone = line_edit("Clinic phone", "The number patients call", "(312) 555-0142")
        self.tax_id = line_edit("Tax ID (EIN)", "The clinic's employer ID number", "12-3456789")
        self.npi = line_edit("Billing NPI", "The clinic's (group) NPI, 10 digits", "1234567893")
        places = [(f"{code} – {name}", code) for code, name in PLACES_OF_SERVICE.items()]
        self.place = combo("Place of service", "Where the visits happen, as the claim says", places)
        styles = [(f"{style.value}   e.g. {style.example}", style.value) for style in DateStyle]
        self.date_style = combo(
            "Dates", "How every screen, superbill and receipt writes a date (files for other "
            "programs keep YYYY-MM-DD). After saving, the treatment screen, the front desk and "
            "set-up write dates the new way at once; a dialog left open shows it when opened "
            "again", styles,
        )  # fmt: skip
        self.time_record = explain(
            QCheckBox("Print the treatment time record with each superbill"),
            "Treatment time record with each superbill",
            "Each visit's superbill is followed by a page with every code's start, end, "
            "minutes and who timed it, the total timed minutes and the total treatment time",
        )
        self.form = CheckedForm()
        self.form.add(
            "Name", self.name, lambda: checks.clinic_name_problem(self.name.text()),
            limit=checks.CLINIC_NAME_LIMIT,
        )  # fmt: skip
        self.form.add(
            "Address", self.address, lambda: checks.address_problem(self.address.toPlainText()),
            limit_text=checks.address_limit_words(),
        )  # fmt: skip
        self.form.add(
            "Phone", self.phone, lambda: checks.phone_problem(self.phone.text()),
            limit=checks.PHONE_LIMIT,
        )  # fmt: skip
        self.form.add("Tax ID", self.tax_id, lambda: checks.tax_id_problem(self.tax_id.text()))
        self.form.add("Billing NPI", self.npi, lambda: checks.npi_problem(self.npi.text()))
        self.form.add("Place of service", self.place)
        self.form.add("Dates", self.date_style)
        self.form.add("Superbills", self.time_record)
        self.save_button = button("Save clinic details", "Check every field, then save", "primary")
        self.save_button.clicked.connect(self.save)
        self.status = StatusLine("Clinic details saved")
        self._lay_out()
        self.reload()

    def _lay_out(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(label("What every superbill prints at its top.", "caption"))
        layout.addLayout(self.form.layout)
        layout.addStretch(1)
        layout.addLayout(actions)

    def reload(self) -> None:
        clinic = self.setup.clinic() or Clinic(name="")
        self.name.setText(clinic.name)
        self.address.setPlainText(clinic.address)
        self.phone.setText(clinic.phone)
        self.tax_id.setText(clinic.tax_id)
        self.npi.setText(clinic.billing_npi)
        self.place.setCurrentIndex(max(self.place.findData(clinic.place_of_service), 0))
        self.date_style.setCurrentIndex(max(self.date_style.findData(clinic.date_style), 0))
        self.time_record.setChecked(self.setup.time_record_with_superbill())
        self.form.clear_problems()
        self.status.clear()

    def save(self) -> bool:
        """Save when every field is right; otherwise say what is wrong beside each field."""
        self.status.clear()
        if not self.form.check():
            self.status.failed("Nothing was saved: correct the fields marked in red.")
            return False
        clinic = Clinic(
            name=self.name.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            tax_id=self.tax_id.text(),
            billing_npi=self.npi.text(),
            place_of_service=str(self.place.currentData()),
            date_style=str(self.date_style.currentData()),
        )
        with_time_record = self.time_record.isChecked()  # read before saving reloads the page
        try:
            self.setup.save_clinic(clinic)
            self.setup.set_time_record_with_superbill(with_time_record)
        except UserError as error:
            self.status.failed(f"Nothing was saved: {error.message}")
            return False
        self.status.done("Clinic details saved.")
        return True
