"""Clinic set-up: the clinic's details, clinicians, payers and fees, patients and codes.

Every save checks what it is given (`timer_app.clinic.checks`, the same checks the forms
show beside their fields), writes it in one unit of work, and tells the listeners what
changed. A refusal is a UserError naming the field, and nothing is saved. Every text is
checked, whoever typed it (a form, a script): not longer than its limit, and without an
invisible control character.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, is_dataclass, replace
from datetime import date
from typing import Any

from timer_app.billing import Kind, find_profile, load_profiles
from timer_app.billing.identifiers import normalize_ein, normalize_npi
from timer_app.billing.profiles import SELF_PAY
from timer_app.clinic import checks
from timer_app.clinic.access import AccessControl
from timer_app.clinic.billing import self_pay_of
from timer_app.clinic.catalog import ClinicCodes
from timer_app.clinic.events import Events, Records
from timer_app.clinic.master_data import refuse_when_joined
from timer_app.clinic.port import StorePort
from timer_app.dates import DEFAULT_STYLE
from timer_app.errors import UserError
from timer_app.records import Clinic, Clinician, Patient, Payer, Sex
from timer_app.records.diagnoses import check_diagnoses
from timer_app.records.model import address_lines
from timer_app.records.people import Permission

NEW = 0  # the id of a record not saved yet


@dataclass(frozen=True, slots=True)
class CodeRow:
    """One code of the Codes page: the shipped or custom code and the clinic's choices."""

    code: str
    label: str
    kind: Kind
    shown: bool
    favourite: bool
    custom: bool


def refuse(*problems: tuple[str, str | None]) -> None:
    """Raise the first (field, problem) found, in words for the person who typed it."""
    for field, problem in problems:
        if problem:
            raise UserError(f"{field}: {problem}")


def _tidy(patient: Patient) -> Patient:
    """As typed, without the spaces around; the NPI as its 10 digits."""
    npi = patient.referring_npi.strip()
    return replace(
        patient, name=patient.name.strip(), address=patient.address.strip(),
        medical_record_number=patient.medical_record_number.strip(),
        member_id=patient.member_id.strip(), sex=Sex(patient.sex),
        referring_physician=patient.referring_physician.strip(),
        referring_npi=normalize_npi(npi) if npi else "",
        group_number=patient.group_number.strip(),
        secondary_member_id=patient.secondary_member_id.strip(),
    )  # fmt: skip


TIME_RECORD_SETTING = "superbill_time_record"  # "1": the time record follows each superbill


def time_record_with_superbill(store: StorePort) -> bool:
    """The owner's choice: print the treatment time record with each superbill."""
    return store.settings.get(TIME_RECORD_SETTING) == "1"


class ClinicSetup:
    """What the owner keeps; read by every other part of the program."""

    def __init__(
        self, store: StorePort, codes: ClinicCodes, events: Events, access: AccessControl
    ) -> None:
        self.store = store
        self.codes = codes
        self.events = events
        self.access = access

    def _audit(
        self, what: str, before: object, after: object, patient_id: int | None = None
    ) -> None:
        """The change, under whoever is signed in (or the OS account of a command)."""
        self.store.audit.record(
            "", what, patient_id=patient_id, before=_shown(before), after=_shown(after)
        )

    # --- the clinic ------------------------------------------------------------------------

    def clinic(self) -> Clinic | None:
        return self.store.clinic.get()

    def save_clinic(self, clinic: Clinic) -> Clinic:
        self.access.require(Permission.CLINIC)
        refuse_when_joined(self.store, "the clinic's information")
        refuse(
            ("Name", checks.clinic_name_problem(clinic.name)),
            ("Address", checks.address_problem(clinic.address)),
            ("Phone", checks.phone_problem(clinic.phone)),
            ("Tax ID", checks.tax_id_problem(clinic.tax_id)),
            ("Billing NPI", checks.npi_problem(clinic.billing_npi)),
            ("Place of service", checks.text_problem(clinic.place_of_service, "code", 2)),
            ("Dates", checks.date_style_problem(clinic.date_style)),
        )
        tidy = replace(
            clinic,
            name=clinic.name.strip(),
            address="\n".join(address_lines(clinic.address)),
            phone=clinic.phone.strip(),
            tax_id=normalize_ein(clinic.tax_id),
            billing_npi=normalize_npi(clinic.billing_npi),
        )
        with self.store.atomic():
            before = self.store.clinic.get()
            saved = self.store.clinic.save(tidy)
            self._audit("clinic changed", before, saved)
        restyled = (before.date_style if before else DEFAULT_STYLE) != saved.date_style
        # a new date style: every screen reads its records again and writes dates anew
        self.events.records(Records.EVERYTHING if restyled else Records.CLINIC)
        return saved

    def time_record_with_superbill(self) -> bool:
        return time_record_with_superbill(self.store)

    def set_time_record_with_superbill(self, on: bool) -> None:
        """Print the treatment time record on the page after each superbill (or not);
        the owner's, audited."""
        self.access.require(Permission.CLINIC)
        before = self.time_record_with_superbill()
        if before == on:
            return
        with self.store.atomic():
            self.store.settings.set(TIME_RECORD_SETTING, "1" if on else "0")
            self.store.audit.record("", "time record with each superbill",
                                    before={"print": before}, after={"print": on})  # fmt: skip
        self.events.records(Records.CLINIC)

    # --- clinicians ------------------------------------------------------------------------

    def clinicians(self) -> list[Clinician]:
        return self.store.clinicians.all(include_inactive=True)

    def clinician(self, clinician_id: int) -> Clinician:
        return self.store.clinicians.get(clinician_id)

    def save_clinician(self, clinician: Clinician) -> Clinician:
        """Add (id NEW) or change a clinician; favourites stay as they were."""
        self.access.require(Permission.CLINIC)
        refuse_when_joined(self.store, "a clinician")
        refuse(
            ("Name", checks.name_problem(clinician.name)),
            ("Credentials", checks.credentials_problem(clinician.credentials)),
            ("NPI", checks.clinician_npi_problem(clinician.npi, clinician.role)),
            ("Discipline", checks.discipline_problem(clinician.role, clinician.discipline)),
        )
        npi = normalize_npi(clinician.npi) if clinician.npi.strip() else ""
        tidy = replace(
            clinician, name=clinician.name.strip(), credentials=clinician.credentials.strip(),
            npi=npi,
        )  # fmt: skip
        with self.store.atomic():
            before = None if tidy.id == NEW else self.store.clinicians.get(tidy.id)
            saved = self._write_clinician(tidy)
            self._audit("clinician added" if before is None else "clinician changed", before,
                        saved)  # fmt: skip
        self.events.records(Records.CLINICIANS)
        return saved

    def _write_clinician(self, clinician: Clinician) -> Clinician:
        if clinician.id != NEW:
            current = self.store.clinicians.get(clinician.id)
            return self.store.clinicians.update(
                replace(clinician, favourite_codes=current.favourite_codes)
            )
        added = self.store.clinicians.add(
            clinician.name, discipline=clinician.discipline, role=clinician.role,
            credentials=clinician.credentials, npi=clinician.npi,
        )  # fmt: skip
        return (
            added
            if clinician.active
            else self.store.clinicians.update(replace(added, active=False))
        )

    # --- payers and fees -------------------------------------------------------------------

    def payers(self) -> list[Payer]:
        return self.store.payers.all()

    def payer(self, payer_id: int) -> Payer:
        return self.store.payers.get(payer_id)

    def profiles(self) -> list[str]:
        """The payer profiles a payer may follow (how it turns minutes into units)."""
        return list(load_profiles())

    def marks_assistants(self, profile: str, payer: Payer | None = None) -> bool:
        """Whether an assistant's units carry CQ/CO: the payer's own choice, else the
        profile's habit (Medicare: yes; commercial profiles: no)."""
        if payer is not None and payer.assistant_modifiers is not None:
            return payer.assistant_modifiers
        return find_profile(profile).assistant_modifiers

    def save_payer(
        self,
        payer_id: int,
        name: str,
        profile: str,
        fees: Mapping[str, int | None],
        *,
        assistant_modifiers: bool | None = None,
    ) -> Payer:
        """Add (NEW) or change a payer with its fee per code; a None fee removes the code's
        fee. The payer and all its fees are saved together, or nothing is.

        `assistant_modifiers` is the owner's wish for CQ/CO on assistants' units (None: keep
        what the payer had); one that matches the profile is stored as "as the profile", so
        a later change of profile brings its own habit.
        """
        self.access.require(Permission.FEES)
        refuse_when_joined(self.store, "a payer with its fees")
        refuse(("Name", checks.payer_name_problem(name)))
        found = find_profile(profile)
        self._one_self_pay(payer_id, found.name)
        chosen = {code: cents for code, cents in fees.items() if cents is not None}
        wish = _override(assistant_modifiers, found.assistant_modifiers)
        with self.store.atomic():
            if payer_id == NEW:
                saved = self.store.payers.add(
                    name.strip(), found.name, chosen, assistant_modifiers=wish
                )
            else:
                payer = self.store.payers.get(payer_id)
                kept = payer.assistant_modifiers if assistant_modifiers is None else wish
                changed = replace(
                    payer, name=name.strip(), profile=found.name, assistant_modifiers=kept
                )
                self.store.payers.update(changed)
                self.store.payers.set_fees(payer_id, chosen)
                blank = [code for code, cents in fees.items() if cents is None]
                saved = self.store.payers.remove_fees(payer_id, blank)
            before = None if payer_id == NEW else payer
            self._audit("payer and fees added" if before is None else "payer and fees changed",
                        before, saved)  # fmt: skip
        self.events.records(Records.PAYERS)
        return saved

    def _one_self_pay(self, payer_id: int, profile: str) -> None:
        """Self-pay visits are billed at one price list: a second one would be a guess."""
        kept = self_pay_of(self.payers())
        if profile == SELF_PAY and kept is not None and kept.id != payer_id:
            refuse(("Profile", f"{kept.name} is already the clinic's self-pay fee schedule; "
                               "change its fees there"))  # fmt: skip

    # --- patients --------------------------------------------------------------------------

    def patients(self, text: str = "") -> list[Patient]:
        """By name or date of birth; the most recently seen first when `text` is empty."""
        return self.store.patients.search(text)

    def patient(self, patient_id: int) -> Patient:
        return self.store.patients.get(patient_id)

    def save_patient(self, patient: Patient, today: date) -> Patient:
        """Add (id NEW) or change a patient, diagnoses included (their order is A-L).

        A workstation joined to the clinic server adds patients (they go up later) but
        changes none already on record: the front desk does."""
        self.access.require(Permission.PATIENTS)
        if patient.id != NEW:
            refuse_when_joined(self.store, "a patient already on record")
        refuse(
            ("Name", checks.name_problem(patient.name)),
            ("Date of birth", checks.born_problem(patient.date_of_birth, today)),
            ("Address", checks.patient_address_problem(patient.address)),
            ("Record number", checks.record_number_problem(patient.medical_record_number)),
            ("Member ID", checks.member_id_problem(
                patient.member_id, patient.payer_id, self._profile_of(patient.payer_id))),
            ("Sex", checks.sex_problem(patient.sex)),
            ("Physician", checks.physician_problem(
                patient.referring_physician, patient.referring_npi)),
            ("Physician NPI", checks.physician_npi_problem(
                patient.referring_npi, patient.referring_physician)),
            ("Group number", checks.group_number_problem(patient.group_number)),
            ("Secondary insurance", checks.secondary_payer_problem(
                patient.secondary_payer_id, patient.payer_id)),
            ("Secondary member ID", checks.secondary_member_problem(
                patient.secondary_member_id, patient.secondary_payer_id,
                self._profile_of(patient.secondary_payer_id))),
            *((d.code, checks.description_problem(d.description)) for d in patient.diagnoses),
        )  # fmt: skip
        check_diagnoses(patient.diagnoses)
        tidy = _tidy(patient)
        with self.store.atomic():
            before = None if tidy.id == NEW else self.store.patients.get(tidy.id)
            saved = self._write_patient(tidy)
            self._audit("patient added" if before is None else "patient changed", before, saved,
                        saved.id)  # fmt: skip
        self.events.records(Records.PATIENTS)
        return saved

    def _write_patient(self, patient: Patient) -> Patient:
        if patient.id != NEW:
            return self.store.patients.update(patient)
        return self.store.patients.add(
            patient.name, patient.date_of_birth, address=patient.address,
            medical_record_number=patient.medical_record_number, payer_id=patient.payer_id,
            member_id=patient.member_id, diagnoses=patient.diagnoses, sex=patient.sex,
            referring_physician=patient.referring_physician,
            referring_npi=patient.referring_npi, group_number=patient.group_number,
            secondary_payer_id=patient.secondary_payer_id,
            secondary_member_id=patient.secondary_member_id,
        )  # fmt: skip

    def _profile_of(self, payer_id: int | None) -> str | None:
        """The payer's profile (Medicare's member IDs are MBIs); an unknown payer is refused."""
        return None if payer_id is None else self.store.payers.get(payer_id).profile

    # --- codes -----------------------------------------------------------------------------

    def code_rows(self) -> list[CodeRow]:
        """Every code the clinic may use: the shipped ones, then its own."""
        catalog, settings = self.codes.catalog(), self.codes.settings()
        favourites = {code for code, setting in settings.items() if setting.favourite}
        return [
            CodeRow(c.code, c.label, c.kind, c.enabled, c.code in favourites, c.custom)
            for c in catalog.values()
        ]

    def fee_codes(self) -> list[tuple[str, str]]:
        """(code, label) of the codes shown on the screens: the ones that take a fee."""
        return [(row.code, row.label) for row in self.code_rows() if row.shown]

    def set_shown(self, code: str, shown: bool) -> CodeRow:
        """Show a code on the treatment screen, or turn it off (it can then not be timed)."""
        return self._tick(code, lambda found: self.store.codes.set_enabled(found, shown))

    def set_favourite(self, code: str, favourite: bool) -> CodeRow:
        """A clinic favourite: offered first to clinicians who chose none of their own."""
        return self._tick(code, lambda found: self.store.codes.set_favourite(found, favourite))

    def add_custom(self, code: str, label: str, kind: Kind) -> CodeRow:
        """A code the shipped list lacks (our own words for it, never a CPT descriptor)."""
        self.access.require(Permission.CODES)
        refuse_when_joined(self.store, "the clinic's list of codes")
        typed = code.strip().upper()
        refuse(
            ("Code", checks.custom_code_problem(typed, set(self.codes.catalog()))),
            ("Label", checks.code_label_problem(label)),
        )
        with self.store.atomic():
            self.store.codes.add_custom(typed, label.strip(), Kind(kind))
            self._audit("custom code added", None, {"code": typed, "label": label.strip(),
                                                    "kind": Kind(kind).value})  # fmt: skip
        return self._changed(typed)

    def _tick(self, code: str, write: Callable[[str], object]) -> CodeRow:
        self.access.require(Permission.CODES)
        refuse_when_joined(self.store, "the clinic's list of codes")
        found = self.codes.catalog().lookup(code).code
        with self.store.atomic():
            before = self.store.codes.all().get(found)
            after = write(found)
            self._audit("code setting changed", before, after)
        return self._changed(found)

    def _changed(self, code: str) -> CodeRow:
        self.codes.forget()
        self.events.records(Records.CODES)
        return next(row for row in self.code_rows() if row.code == code)


def _override(wish: bool | None, profile_default: bool) -> bool | None:
    """The owner's CQ/CO choice as stored: None when it is the profile's own."""
    return None if wish is None or wish == profile_default else wish


def _shown(record: object) -> dict[str, Any] | None:
    """A record as the audit log keeps it (dates as text by the store)."""
    if record is None:
        return None
    if is_dataclass(record) and not isinstance(record, type):
        return asdict(record)
    return dict(record) if isinstance(record, dict) else {"value": str(record)}
