"""A superbill as HTML, from `resources/superbill.html`: pure text, no Qt.

Every value that came from a person (names, addresses, labels, even codes) is escaped,
and loses any control character (`printable`); only the rows this module builds itself
are inserted as markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from string import Template

from timer_app.billing.profiles import Rule
from timer_app.dates import show_date
from timer_app.records.model import Sex, address_lines
from timer_app.resources import read_text
from timer_app.superbill.model import LetteredDiagnosis, Superbill, SuperbillLine, printable
from timer_app.superbill.money import format_cents

TEMPLATE_FILE = "superbill.html"
_MARKER = re.compile(r"<!-- template: (\w+) -->\n")
NO_VALUE = "—"

RULE_NOTES = {
    Rule.CMS: "Units by the CMS 8-minute rule: all timed minutes pooled, then given to codes.",
    Rule.AMA: "Units by the AMA rule: each timed code counted on its own.",
}


class Markup(str):
    """HTML this module built from escaped parts; inserted as it is."""

    __slots__ = ()


def escape(value: object) -> str:
    """A value as HTML text: no control character, no markup (the length was bounded when
    the superbill was built)."""
    if isinstance(value, Markup):
        return value
    return html.escape(printable(str(value), limit=None), quote=True)


@cache
def templates(file: str = TEMPLATE_FILE) -> dict[str, Template]:
    """The named parts of a template file (`<!-- template: NAME -->` before each): the page
    and its row templates. The superbill's, the receipt's, the time record's, the sheets'."""
    parts = _MARKER.split(read_text(file))
    return {
        name: Template(body.strip()) for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def fill_from(file: str, template: str, /, **values: object) -> Markup:
    """A named template of `file` with every value escaped (unless it is Markup already)."""
    chosen = templates(file)[template]
    return Markup(chosen.substitute({k: escape(v) for k, v in values.items()}))


def fill(template: str, /, **values: object) -> Markup:
    """A named template of the superbill's file, every value escaped."""
    return fill_from(TEMPLATE_FILE, template, **values)


def lines_html(lines: Iterable[str]) -> Markup:
    """Text lines (an address) joined with line breaks, each escaped."""
    return Markup("<br>".join(escape(line) for line in lines if line.strip()))


def us_date(day: date) -> str:
    """A date as the clinic writes them (MM/DD/YYYY unless it chose otherwise)."""
    return show_date(day)


def _diagnosis_row(diagnosis: LetteredDiagnosis) -> Markup:
    return fill(
        "diagnosis_row",
        letter=diagnosis.letter,
        code=diagnosis.code,
        description=diagnosis.description,
    )


def _line_note(line: SuperbillLine) -> Markup:
    if line.bundled:
        text = "Bundled: listed for the record, not paid separately"
    elif line.units == 0:
        text = "Too few minutes for a unit: not charged"
    else:
        return Markup("")
    return Markup(f'<br><span class="small">{escape(text)}</span>')


def _line_row(line: SuperbillLine) -> Markup:
    return fill(
        "line_row",
        code=line.code,
        label=line.label,
        note=_line_note(line),
        modifiers=" ".join(line.modifiers) or NO_VALUE,
        pointers="".join(line.pointers),
        minutes=line.minutes,
        units=line.units,
        fee=NO_VALUE if line.fee_cents is None else format_cents(line.fee_cents),
        charge=format_cents(line.charge_cents) if line.units else NO_VALUE,
    )


def _rows(rows: Iterable[Markup]) -> Markup:
    return Markup("\n".join(rows))


def _clinician_parts(bill: Superbill) -> dict[str, object]:
    clinician = bill.clinician
    helpers = ", ".join(
        f"{a.name}, {a.credentials}" if a.credentials else a.name for a in bill.assistants
    )
    credentials = f", {clinician.credentials}" if clinician.credentials else ""
    signed = (
        f"Electronically signed by {clinician.name}{credentials} on "
        f"{us_date(bill.signed_on)} {bill.signed_time}".rstrip()
        if bill.signed_on
        else "Not yet signed"
    )
    return {
        "clinician_name": clinician.name,
        "clinician_credentials": f", {clinician.credentials}" if clinician.credentials else "",
        "clinician_npi": clinician.npi or NO_VALUE,
        "assistants": Markup(f"<br>Also treating: {escape(helpers)}") if helpers else "",
        "signed_note": signed,
        # a pen line only where no one signed electronically: never both side by side
        "wet_signature": Markup("") if bill.signed_on else fill("wet_signature"),
    }


def _optional(template: str, value: str) -> Markup:
    """A template holding one `$value`, shown only when there is something to say: an empty
    optional field is left out, not printed as a dash."""
    return fill(template, value=value) if value else Markup("")


def _secondary(bill: Superbill) -> Markup:
    """Item 9: the patient's other insurance, when there is one."""
    name = printable(bill.secondary_payer_name)
    member = bill.patient.secondary_member_id
    if not (name or member):
        return Markup("")
    return fill(
        "secondary_insurance",
        name=name or "other insurance",
        member_id=_optional("secondary_member_id", member),
    )


def _referring_row(bill: Superbill, *, expected: bool) -> Markup:
    """Items 17/17b: who referred or certified the plan of care, with the NPI; when the
    payer expects them (Medicare) and there is none, the page says so instead of nothing."""
    patient = bill.patient
    if patient.referring_physician:
        npi = patient.referring_npi or ("not entered" if expected else "")
        return fill("referring_physician", name=patient.referring_physician,
                    npi=f", NPI {npi}" if npi else "")  # fmt: skip
    return fill("referring_missing") if expected else Markup("")


def _authorization_row(bill: Superbill) -> Markup:
    """The payer's authorization: used and left, until when, and its number."""
    if not (bill.authorization or bill.authorization_reference):
        return Markup("")
    number = bill.authorization_reference
    return fill(
        "authorization",
        summary=bill.authorization or "Authorization",
        reference=_optional("authorization_reference", number),
    )


def _party_parts(bill: Superbill, *, referring_expected: bool) -> dict[str, object]:
    clinic, patient = bill.clinic, bill.patient
    sex = "" if patient.sex is Sex.UNKNOWN else patient.sex.value
    return {
        "clinic_name": clinic.name,
        "clinic_address": lines_html(address_lines(clinic.address)),
        "clinic_phone": clinic.phone,
        "clinic_tax_id": clinic.tax_id,
        "clinic_npi": clinic.billing_npi,
        "patient_name": patient.name,
        "patient_dob": us_date(patient.date_of_birth),
        "patient_sex": _optional("patient_sex", sex),
        "patient_account": _optional("patient_account", patient.medical_record_number),
        "patient_address": lines_html(address_lines(patient.address)),
        "payer_name": bill.payer_name,
        "member_id": _optional("member_id", patient.member_id),
        "group_number": _optional("group_number", patient.group_number),
        "secondary_row": _secondary(bill),
        "referring_row": _referring_row(bill, expected=referring_expected),
    }


def superbill_html(bill: Superbill, *, referring_expected: bool = False) -> str:
    """The whole page for one visit; `referring_expected`: the payer wants the referring
    physician (Medicare), so a missing one is said rather than left out."""
    copy = (
        fill("copy_note", first_printed=us_date(bill.first_printed_on))
        if bill.first_printed_on
        else Markup("")
    )
    return fill(
        "page",
        visit_id=bill.visit_id,
        date_of_service=us_date(bill.date_of_service),
        place_of_service=bill.place_of_service_words,
        authorization_row=_authorization_row(bill),
        diagnosis_rows=_rows(_diagnosis_row(d) for d in bill.diagnoses),
        line_rows=_rows(_line_row(line) for line in bill.lines),
        total_timed_minutes=f"{bill.total_timed_minutes} min",
        total_treatment_minutes=f"{bill.total_treatment_minutes} min",
        line_notes=RULE_NOTES[bill.rule],
        total_charges=format_cents(bill.total_charge_cents),
        amount_paid=format_cents(bill.amount_paid_cents),
        balance=format_cents(bill.balance_cents),
        copy_note=copy,
        **_party_parts(bill, referring_expected=referring_expected or bill.referring_expected),
        **_clinician_parts(bill),
    )
