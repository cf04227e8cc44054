"""The owner's reports: productivity, payer mix, CQ/CO, minutes that earned no unit, KX,
money and the visits waiting, for a date range and optionally one clinician.

The figures are the superbills' own: a signed visit counts by the claim lines it was signed
with (`Visit.signed_lines`: the review's billing, sealed), priced with the payer's fees as
the superbill prices them (units x fee, no fee: the visit cannot say what it charges). A
visit signed before lines were kept, or not signed yet (KX counts those too, as the biller
does), is billed as it stands (`VisitBiller`). A year of a ten-clinician clinic is read in
two queries (`Visits.summaries`) and summed with each distinct set of lines worked out once.

Everything is integers: minutes, units, cents; a ratio is kept in tenths (3.2 units per
visit is 32) and written with one decimal only when shown. No Qt here.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from timer_app.billing.catalog import Catalog, Code
from timer_app.billing.kx import ASSISTANT_PERCENT, ASSISTED, bucket
from timer_app.billing.profiles import PayerProfile
from timer_app.billing.units import UNIT_MINUTES, to_minutes
from timer_app.clinic.access import AccessControl
from timer_app.clinic.billing import BillingContext, VisitBiller
from timer_app.clinic.catalog import ClinicCodes
from timer_app.clinic.front_desk import STATUS_WORDS, DeskVisit, FrontDesk
from timer_app.clinic.port import StorePort
from timer_app.dates import show_date
from timer_app.errors import UserError
from timer_app.outputs import check_target, data_folder_of, write_bytes
from timer_app.records import Clinic, Payer, payer_profile
from timer_app.records.model import SignedLine
from timer_app.records.payments import PaymentMethod
from timer_app.records.people import Permission
from timer_app.records.summary import VisitSummary
from timer_app.session.model import VisitStatus
from timer_app.superbill.day_sheet import (
    DaySheet,
    DaySheetVisit,
    MethodTotal,
    MonthSummary,
    add_up,
    by_clinician,
)
from timer_app.superbill.day_sheet import Totals as SheetTotals
from timer_app.superbill.export import dollars
from timer_app.superbill.model import printable
from timer_app.superbill.money import format_cents

NEAR_KX_PERCENT = 10  # "near" the KX threshold: within this share below it
AGES = ((0, 2, "0-2 days"), (3, 7, "3-7 days"), (8, 30, "8-30 days"), (31, None, "Over 30 days"))
FINAL = (VisitStatus.SIGNED, VisitStatus.BILLED)
UNSIGNED = (VisitStatus.OPEN, VisitStatus.FINISHED)
ALL_CLINICIANS = "All clinicians"
SELF_PAY_WORDS = "Self-pay (no fee schedule)"
KX_BUCKETS = {"PT_SLP": "PT and SLP", "OT": "OT"}  # Medicare's two therapy buckets
DAY_SHEET_DISCLOSED = "day sheet disclosed"  # the audit log's words, one per visit on it
MONTH_SUMMARY_PRINTED = "month summary printed"
REPORT_EXPORTED = "report exported"  # the audit log's words (a disclosure when it names patients)


# --- tables: what the screen shows and the CSV holds ----------------------------------------


class ColumnKind(StrEnum):
    TEXT = "text"
    COUNT = "count"  # visits, minutes, units
    CENTS = "cents"  # shown $1,234.56, in the CSV 1234.56
    TENTHS = "tenths"  # a ratio: 32 is shown 3.2
    PERCENT = "percent"  # tenths of a percent: 125 is shown 12.5%


Cell = int | str | None  # None: not defined (a ratio over nothing), shown "—", empty in CSV


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    kind: ColumnKind = ColumnKind.COUNT
    tip: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """One report as rows: shown in a table, drawn as bars, saved as CSV."""

    key: str  # its file name: productivity, payer-mix...
    title: str
    note: str  # what is counted, in a sentence
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None
    bars: tuple[int, ...] = (1,)  # the columns the chart draws, one bar each per row
    label_columns: int = 1  # the first columns that name a row (the bar's label)
    largest_first: bool = False  # the chart draws the largest first, leaving out zeros

    def chart_rows(self) -> tuple[tuple[Cell, ...], ...]:
        """The rows the chart draws (the table holds them all)."""
        if not self.largest_first:
            return self.rows
        first = self.bars[0]

        def size(row: tuple[Cell, ...]) -> int:
            value = row[first]
            return value if isinstance(value, int) else 0

        return tuple(sorted((row for row in self.rows if size(row) > 0), key=lambda r: -size(r)))

    def shown(self, value: Cell, column: int) -> str:
        return show_cell(value, self.columns[column].kind)

    def label(self, row: Sequence[Cell]) -> str:
        return " · ".join(str(cell) for cell in row[: self.label_columns])

    def csv_text(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([column.title for column in self.columns])
        for row in (*self.rows, *((self.total,) if self.total else ())):
            writer.writerow(
                [
                    csv_cell(value, column.kind)
                    for value, column in zip(row, self.columns, strict=True)
                ]
            )
        return buffer.getvalue()


def show_cell(value: Cell, kind: ColumnKind) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if kind is ColumnKind.CENTS:
        return format_cents(value)
    if kind is ColumnKind.TENTHS:
        return tenths_text(value)
    if kind is ColumnKind.PERCENT:
        return f"{tenths_text(value)}%"
    return f"{value:,}"


def csv_cell(value: Cell, kind: ColumnKind) -> str:
    """As a spreadsheet reads it: plain numbers, dollars with two decimals, a user's text
    kept from being run as a formula."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = printable(value)
        return f"'{text}" if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
    if kind is ColumnKind.CENTS:
        return dollars(value)
    if kind in (ColumnKind.TENTHS, ColumnKind.PERCENT):
        return tenths_text(value)
    return str(value)


def tenths_text(tenths: int) -> str:
    sign = "-" if tenths < 0 else ""
    whole, rest = divmod(abs(tenths), 10)
    return f"{sign}{whole:,}.{rest}"


def tenths(numerator: int, denominator: int) -> int | None:
    """numerator / denominator in tenths, half up (7 / 2 is 35; 1 / 3 is 3); None over 0."""
    if denominator <= 0:
        return None
    return (numerator * 20 + denominator) // (denominator * 2)


# --- the figures ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClinicianFigures:
    clinician: str
    visits: int
    timed_minutes: int
    units: int
    clocked_minutes: int  # treatment time on the clock, overlapping codes once
    assisted_units: int  # units on lines carrying CQ or CO
    charged_cents: int = 0  # of the visits that can say what they charge
    paid_cents: int = 0
    unpriced: int = 0  # visits whose charges cannot be said (a code with no fee)

    @property
    def balance_cents(self) -> int:
        return self.charged_cents - self.paid_cents

    @property
    def units_per_visit(self) -> int | None:
        return tenths(self.units, self.visits)

    @property
    def units_per_hour(self) -> int | None:
        return tenths(self.units * 60, self.clocked_minutes)

    @property
    def assisted_share(self) -> int | None:
        return tenths(self.assisted_units * 100, self.units)


@dataclass(frozen=True, slots=True)
class PayerFigures:
    payer: str
    visits: int
    units: int
    charged_cents: int  # of the visits that can say what they charge
    paid_cents: int
    unpriced: int = 0  # visits whose charges cannot be said (a code with no fee)

    @property
    def balance_cents(self) -> int:
        return self.charged_cents - self.paid_cents


@dataclass(frozen=True, slots=True)
class UnearnedMinutes:
    """A clinician's minutes of one timed code that earned no unit (the 8-minute rule's
    leftovers): the code's minutes less what its units cover (15 each, or the code's own
    unit length), never below zero on a visit."""

    clinician: str
    code: str
    minutes: int
    units: int
    unearned: int


@dataclass(frozen=True, slots=True)
class KxPatient:
    patient: str
    bucket: str  # in words: "PT and SLP", "OT"
    year: int
    cents: int  # this year's amounts in the bucket, this clinic's and elsewhere
    elsewhere_cents: int
    threshold_cents: int

    @property
    def over(self) -> bool:
        return self.cents > self.threshold_cents

    @property
    def left_cents(self) -> int:
        return self.threshold_cents - self.cents


@dataclass(frozen=True, slots=True)
class WaitingAge:
    age: str  # "0-2 days"
    unsigned: int
    unbilled: int  # signed, not marked billed


@dataclass(frozen=True, slots=True)
class Report:
    start: date
    end: date
    clinician: str  # ALL_CLINICIANS or a name
    made_on: date
    productivity: tuple[ClinicianFigures, ...]
    payers: tuple[PayerFigures, ...]
    unearned: tuple[UnearnedMinutes, ...]
    kx: tuple[KxPatient, ...]
    waiting: tuple[WaitingAge, ...]
    kx_year: int
    tables: tuple[Table, ...] = field(default=(), compare=False)

    @property
    def visits(self) -> int:
        return sum(row.visits for row in self.productivity)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def range_words(self) -> str:
        """'11/01/2026 – 11/20/2026, all clinicians'."""
        who = self.clinician.lower() if self.clinician == ALL_CLINICIANS else self.clinician
        return f"{show_date(self.start)} – {show_date(self.end)}, {who}"


# --- lines: what one set of signed lines comes to -------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lines:
    units: int
    timed_minutes: int
    line_minutes: int  # every line's minutes: the most the clock may count
    assisted_units: int
    unearned: tuple[tuple[str, int, int, int], ...]  # (code, minutes, units, no unit) per activity


def _sum_lines(lines: Sequence[SignedLine], catalog: Catalog) -> _Lines:
    units = timed = every = assisted = 0
    activities: dict[str, list[int]] = {}
    for code, modifiers, line_units, minutes in lines:
        units += line_units
        every += minutes
        if ASSISTED & set(modifiers):
            assisted += line_units
        known = catalog.get(code)
        if known is None or not known.is_timed:
            continue
        timed += minutes
        figures = activities.setdefault(known.activity, [0, 0])
        figures[0] += minutes
        figures[1] += line_units
    unearned = []
    for activity, (minutes, activity_units) in activities.items():
        covered = _covered(catalog.get(activity), activity_units)
        unearned.append((activity, minutes, activity_units, max(0, minutes - covered)))
    return _Lines(units, timed, every, assisted, tuple(unearned))


def _covered(code: Code | None, units: int) -> int:
    """The minutes `units` of the code stand for: 15 each, or the code's own lengths."""
    if units <= 0:
        return 0
    if code is None:
        return units * UNIT_MINUTES
    return code.first_unit_minutes + (units - 1) * code.unit_minutes


def superbill_charges(lines: Iterable[SignedLine], payer: Payer | None) -> int | None:
    """What the superbill charges for these lines: units x the payer's fee (an assistant's
    unit at the full fee, as the superbill prints it); None when it cannot say (no payer's
    prices, or a code with units and no fee)."""
    if payer is None:
        return None
    cents = 0
    for code, _modifiers, units, _minutes in lines:
        if units:
            fee = payer.fees.get(code)
            if fee is None:
                return None
            cents += units * fee
    return cents


def kx_charges(lines: Iterable[SignedLine], fees: Mapping[str, int]) -> int:
    """What the lines count toward KX: the payer's fees, an assistant's unit at 85% (as
    `billing.kx.visit_charges` counts them)."""
    cents = 0
    for code, modifiers, units, _minutes in lines:
        line = units * fees.get(code, 0)
        cents += line * ASSISTANT_PERCENT // 100 if ASSISTED & set(modifiers) else line
    return cents


# --- the service ----------------------------------------------------------------------------


class Reports:
    """The owner's reports over the store, each figure exact to the minute and the cent."""

    def __init__(
        self,
        store: StorePort,
        biller: VisitBiller,
        codes: ClinicCodes,
        access: AccessControl,
        today: Callable[[], date],
        desk: FrontDesk,
    ) -> None:
        self.store = store
        self.biller = biller
        self.codes = codes
        self.access = access
        self.today = today
        self.desk = desk

    def beside(self, store: StorePort) -> Reports:
        """The same reports over another connection to the same records (another thread's)."""
        codes = ClinicCodes(store)
        return Reports(store, VisitBiller(store, codes), codes, self.access, self.today, self.desk)

    def clinicians(self) -> list[tuple[int, str]]:
        return [(c.id, c.name) for c in self.store.clinicians.all(include_inactive=True)]

    def report(self, start: date, end: date, clinician_id: int | None = None) -> Report:
        """Every figure for the range (dates inclusive), all clinicians or one."""
        self.access.require(Permission.REPORTS)
        if end < start:
            raise UserError(
                f"the range ends ({show_date(end)}) before it starts ({show_date(start)}); "
                "swap the dates"
            )
        return _Builder(self, start, end, clinician_id).build()

    def export_csv(self, table: Table, path: Path, report: Report) -> Path:
        """The table as CSV at `path` (written whole or not at all); recorded in the audit
        log (a disclosure when it names patients), or not written at all."""
        self.access.require(Permission.REPORTS)
        target = check_target(Path(path), overwrite=True, data_dir=data_folder_of(Path(path)))
        write_bytes(target, table.csv_text().encode("utf-8-sig"), overwrite=True)
        try:
            self.store.log_access(
                REPORT_EXPORTED,
                after={"report": table.key, "from": report.start.isoformat(),
                       "to": report.end.isoformat(), "rows": len(table.rows),
                       "file": target.name},
            )  # fmt: skip
        except UserError:
            target.unlink(missing_ok=True)  # every disclosure is recorded, or it does not happen
            raise
        return target

    # --- the day sheet and the month summary (printed as the superbills are) ---------------

    def day_sheet(self, day: date) -> DaySheet:
        """The day's visits (every status) as the front desk lists them, the payments
        recorded for them by method (voided ones left out) and the totals by clinician."""
        self.access.require(Permission.PRINT)
        clinic = self._clinic()
        listed = self.desk.visits(day, day)
        methods: dict[PaymentMethod, list[int]] = defaultdict(lambda: [0, 0])
        for item in listed:
            for payment in self.desk.payments(item):
                if not payment.voided:
                    methods[payment.method][0] += 1
                    methods[payment.method][1] += payment.cents
        rows = tuple(_sheet_visit(item) for item in listed)
        return DaySheet(
            clinic, day, self.today(), rows, by_clinician(rows),
            tuple(MethodTotal(m.words, *methods[m]) for m in PaymentMethod if m in methods),
            add_up("All", rows),
        )  # fmt: skip

    def month_summary(self, year: int, month: int) -> MonthSummary:
        """The month's signed and billed visits by clinician and by payer (the owner's)."""
        first = date(year, month, 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        report = self.report(first, last)
        clinicians = tuple(
            SheetTotals(c.clinician, c.visits, c.units, c.charged_cents, c.paid_cents, c.unpriced)
            for c in report.productivity
        )
        payers = tuple(
            SheetTotals(p.payer, p.visits, p.units, p.charged_cents, p.paid_cents, p.unpriced)
            for p in report.payers
        )
        everyone = total_clinicians(report.productivity)
        total = SheetTotals("All", everyone.visits, everyone.units, everyone.charged_cents,
                            everyone.paid_cents, everyone.unpriced)  # fmt: skip
        return MonthSummary(self._clinic(), first, last, self.today(), clinicians, payers, total)

    def sheet_disclosed(self, sheet: DaySheet | MonthSummary, how: str) -> None:
        """Record that a sheet left the program (printed, saved as PDF): a day sheet names
        patients, so one disclosure per visit, as a superbill's; a month summary names none."""
        if isinstance(sheet, MonthSummary):
            self.store.log_access(
                MONTH_SUMMARY_PRINTED,
                after={"month": f"{sheet.first_day:%Y-%m}", "how": how},
            )
            return
        for visit in sheet.visits:
            patient = self.store.visits.get(visit.visit_id).patient_id
            self.store.log_access(
                DAY_SHEET_DISCLOSED, visit_id=visit.visit_id, patient_id=patient,
                after={"day": sheet.day.isoformat(), "how": how},
            )  # fmt: skip

    def _clinic(self) -> Clinic:
        clinic = self.store.clinic.get()
        if clinic is None:
            raise UserError("the clinic's details are missing; fill them in under Clinic set-up")
        return clinic


def _sheet_visit(item: DeskVisit) -> DaySheetVisit:
    lines = item.billing.lines if item.billing is not None else ()
    codes = ", ".join(
        " ".join((line.code, *line.modifiers)) + (f" ×{line.units}" if line.units > 1 else "")
        for line in lines
        if line.units
    )
    return DaySheetVisit(
        item.visit.id, printable(item.patient.name), printable(item.clinician.name),
        printable(item.payer.name) if item.payer else "Self-pay",
        STATUS_WORDS[item.visit.status], codes,
        item.units, item.charged_cents, item.paid_cents,
    )  # fmt: skip


class _Builder:
    """One report's reading and summing (a fresh one per report)."""

    def __init__(self, reports: Reports, start: date, end: date, clinician_id: int | None):
        self.reports, self.store = reports, reports.store
        self.start, self.end, self.clinician_id = start, end, clinician_id
        self.catalog = reports.codes.catalog()
        self.context: BillingContext = reports.biller.context()
        self.names = dict(reports.clinicians())
        self._sums: dict[tuple[SignedLine, ...], _Lines] = {}
        self._profiles: dict[int | None, PayerProfile] = {}
        self._billed: dict[int, tuple[SignedLine, ...]] = {}

    def build(self) -> Report:
        today = self.reports.today()
        year_start = date(self.end.year, 1, 1)
        read = self.store.visits.summaries(start=min(self.start, year_start), end=self.end)
        chosen = [
            v for v in read
            if v.date >= self.start
            and (self.clinician_id is None or v.clinician_id == self.clinician_id)
        ]  # fmt: skip
        final = [v for v in chosen if v.status in FINAL]
        waiting = self.store.visits.summaries(
            clinician_id=self.clinician_id, statuses=(*UNSIGNED, VisitStatus.SIGNED)
        )
        productivity, unearned = self._productivity(final)
        payers = self._payers(final)
        kx = self._kx([v for v in read if v.date >= year_start], chosen)
        ages = _ages(waiting, today)
        name = ALL_CLINICIANS if self.clinician_id is None else self.names.get(
            self.clinician_id, f"Clinician {self.clinician_id}"
        )  # fmt: skip
        report = Report(self.start, self.end, name, today, productivity, payers, unearned, kx,
                        ages, self.end.year)  # fmt: skip
        return _with_tables(report)

    # lines of a visit: as signed, or billed as it stands

    def lines(self, visit: VisitSummary) -> tuple[SignedLine, ...]:
        if visit.signed_lines:
            return visit.signed_lines
        if visit.id not in self._billed:
            try:
                billing = self.reports.biller.bill(self.store.visits.get(visit.id),
                                                   context=self.context)  # fmt: skip
            except UserError:
                billing = None  # a visit that cannot be billed counts no lines
            self._billed[visit.id] = () if billing is None else tuple(
                (line.code, line.modifiers, line.units, line.minutes) for line in billing.lines
            )  # fmt: skip
        return self._billed[visit.id]

    def summed(self, lines: tuple[SignedLine, ...]) -> _Lines:
        found = self._sums.get(lines)
        if found is None:
            found = self._sums[lines] = _sum_lines(lines, self.catalog)
        return found

    def profile(self, visit: VisitSummary) -> PayerProfile:
        if visit.payer_id not in self._profiles:
            self._profiles[visit.payer_id] = payer_profile(self.payer(visit))
        return self._profiles[visit.payer_id]

    def payer(self, visit: VisitSummary) -> Payer | None:
        if visit.payer_id is None:
            return self.context.self_pay
        return self.context.payers.get(visit.payer_id)

    # the sections

    def _productivity(
        self, final: Sequence[VisitSummary]
    ) -> tuple[tuple[ClinicianFigures, ...], tuple[UnearnedMinutes, ...]]:
        sums: dict[int, list[int]] = defaultdict(lambda: [0] * 8)
        unearned: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        for visit in final:
            lines = self.lines(visit)
            figures = self.summed(lines)
            charged = superbill_charges(lines, self.payer(visit))
            treated = figures.line_minutes
            if visit.clock_seconds:
                clock = to_minutes(visit.clock_seconds, self.profile(visit).minutes_policy)
                treated = min(clock, treated)
            row = sums[visit.clinician_id]
            row[0] += 1
            row[1] += figures.timed_minutes
            row[2] += figures.units
            row[3] += max(treated, figures.timed_minutes)
            row[4] += figures.assisted_units
            row[5] += charged or 0
            row[6] += visit.amount_paid_cents
            row[7] += charged is None
            for code, minutes, units, lost in figures.unearned:
                kept = unearned[(visit.clinician_id, code)]
                kept[0] += minutes
                kept[1] += units
                kept[2] += lost
        clinicians = sorted(
            (ClinicianFigures(self._name(cid), *row) for cid, row in sums.items()),
            key=lambda c: c.clinician,
        )
        lost_rows = sorted(
            (UnearnedMinutes(self._name(cid), code, *row) for (cid, code), row in unearned.items()),
            key=lambda u: (u.clinician, u.code),
        )
        return tuple(clinicians), tuple(lost_rows)

    def _name(self, clinician_id: int) -> str:
        return self.names.get(clinician_id, f"Clinician {clinician_id}")

    def _payers(self, final: Sequence[VisitSummary]) -> tuple[PayerFigures, ...]:
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for visit in final:
            payer = self.payer(visit)
            lines = self.lines(visit)
            row = sums[SELF_PAY_WORDS if payer is None else payer.name]
            row[0] += 1
            row[1] += self.summed(lines).units
            charged = superbill_charges(lines, payer)
            row[2] += charged or 0
            row[3] += visit.amount_paid_cents
            row[4] += charged is None
        return tuple(PayerFigures(name, *row) for name, row in sorted(sums.items()))

    def _kx(
        self, year: Sequence[VisitSummary], chosen: Sequence[VisitSummary]
    ) -> tuple[KxPatient, ...]:
        """The patients seen in the range whose amounts this year (to the range's end) in a
        KX bucket are over the threshold or within NEAR_KX_PERCENT below it."""
        seen = {v.patient_id for v in chosen}
        cents: dict[tuple[int, str], int] = defaultdict(int)
        thresholds: dict[tuple[int, str], int] = {}
        for visit in year:
            if visit.patient_id not in seen:
                continue
            threshold = self.profile(visit).kx_thresholds_cents.get(self.end.year)
            payer = self.payer(visit)
            if threshold is None or payer is None:
                continue
            key = (visit.patient_id, bucket(visit.discipline))
            cents[key] += kx_charges(self.lines(visit), payer.fees)
            thresholds[key] = threshold
        found = []
        for (patient_id, kind), threshold in thresholds.items():
            elsewhere = self.store.patients.therapy_elsewhere(patient_id, self.end.year).get(
                kind, 0
            )
            total = cents[(patient_id, kind)] + elsewhere
            if total * 100 >= threshold * (100 - NEAR_KX_PERCENT):
                name = self.store.patients.get(patient_id).name
                found.append(KxPatient(name, KX_BUCKETS[kind], self.end.year, total, elsewhere,
                                       threshold))  # fmt: skip
        return tuple(sorted(found, key=lambda p: (-p.cents, p.patient)))


def _ages(waiting: Iterable[VisitSummary], today: date) -> tuple[WaitingAge, ...]:
    counts = [[0, 0] for _ in AGES]
    for visit in waiting:
        age = max(0, (today - visit.date).days)
        index = next(i for i, (low, high, _) in enumerate(AGES) if high is None or age <= high)
        counts[index][0 if visit.status in UNSIGNED else 1] += 1
    return tuple(
        WaitingAge(words, *count) for (_, _, words), count in zip(AGES, counts, strict=True)
    )


# --- the tables -----------------------------------------------------------------------------


def _with_tables(report: Report) -> Report:
    tables = (
        productivity_table(report),
        payer_mix_table(report),
        assistants_table(report),
        unearned_table(report),
        kx_table(report),
        money_table(report),
        waiting_table(report),
    )
    return Report(
        report.start, report.end, report.clinician, report.made_on, report.productivity,
        report.payers, report.unearned, report.kx, report.waiting, report.kx_year, tables,
    )  # fmt: skip


def total_clinicians(rows: Sequence[ClinicianFigures], name: str = "All") -> ClinicianFigures:
    return ClinicianFigures(
        name, sum(r.visits for r in rows), sum(r.timed_minutes for r in rows),
        sum(r.units for r in rows), sum(r.clocked_minutes for r in rows),
        sum(r.assisted_units for r in rows), sum(r.charged_cents for r in rows),
        sum(r.paid_cents for r in rows), sum(r.unpriced for r in rows),
    )  # fmt: skip


def productivity_table(report: Report) -> Table:
    def row(c: ClinicianFigures) -> tuple[Cell, ...]:
        return (c.clinician, c.visits, c.timed_minutes, c.units, c.units_per_visit,
                c.clocked_minutes, c.units_per_hour)  # fmt: skip

    rows = report.productivity
    return Table(
        "productivity", "Productivity",
        "Signed and billed visits in the range, by the lines they were signed with. Clocked "
        "minutes: treatment time on the clock, codes running together counted once.",
        (Column("Clinician", ColumnKind.TEXT), Column("Visits"), Column("Timed minutes"),
         Column("Units", tip="Every billed unit, timed and untimed"),
         Column("Units per visit", ColumnKind.TENTHS), Column("Clocked minutes"),
         Column("Units per clocked hour", ColumnKind.TENTHS,
                "Units for each 60 minutes of treatment on the clock")),
        tuple(row(c) for c in rows),
        row(total_clinicians(rows)) if rows else None,
        bars=(4, 6),
    )  # fmt: skip


def payer_mix_table(report: Report) -> Table:
    visits = sum(p.visits for p in report.payers)
    rows = tuple(
        (p.payer, p.visits, tenths(p.visits * 100, visits), p.units, p.charged_cents)
        for p in report.payers
    )
    total = ("All", visits, 1000 if visits else None, sum(p.units for p in report.payers),
             sum(p.charged_cents for p in report.payers))  # fmt: skip
    return Table(
        "payer-mix", "Payer mix",
        "Signed and billed visits in the range by the payer they were billed to; charges as "
        "the superbills print them.",
        (Column("Payer", ColumnKind.TEXT), Column("Visits"),
         Column("Share of visits", ColumnKind.PERCENT), Column("Units"),
         Column("Charges", ColumnKind.CENTS)),
        rows, total if rows else None, bars=(2,),
    )  # fmt: skip


def assistants_table(report: Report) -> Table:
    def row(c: ClinicianFigures) -> tuple[Cell, ...]:
        return (c.clinician, c.units, c.assisted_units, c.assisted_share)

    rows = report.productivity
    return Table(
        "cq-co-share", "CQ/CO share of units",
        "Units on lines carrying CQ or CO (furnished in whole or in part by an assistant, "
        "paid at 85% by Medicare), of every billed unit.",
        (Column("Clinician", ColumnKind.TEXT), Column("Units"), Column("CQ/CO units"),
         Column("CQ/CO share", ColumnKind.PERCENT)),
        tuple(row(c) for c in rows), row(total_clinicians(rows)) if rows else None,
        bars=(3,),
    )  # fmt: skip


def unearned_table(report: Report) -> Table:
    rows = report.unearned
    return Table(
        "minutes-no-unit", "Minutes that earned no unit",
        "Timed minutes left over by the 8-minute rule: each visit's minutes of a code less "
        "what its units cover (15 minutes a unit), never below zero.",
        (Column("Clinician", ColumnKind.TEXT), Column("Code", ColumnKind.TEXT),
         Column("Timed minutes"), Column("Units"), Column("Minutes with no unit")),
        tuple((u.clinician, u.code, u.minutes, u.units, u.unearned) for u in rows),
        ("All", "", sum(u.minutes for u in rows), sum(u.units for u in rows),
         sum(u.unearned for u in rows)) if rows else None,
        bars=(4,), label_columns=2, largest_first=True,
    )  # fmt: skip


def kx_table(report: Report) -> Table:
    return Table(
        "kx", f"KX threshold {report.kx_year}",
        f"Patients seen in the range whose {report.kx_year} Medicare therapy amounts (to "
        f"{show_date(report.end)}, other providers' included) are over the KX threshold or "
        f"within {NEAR_KX_PERCENT}% below it.",
        (Column("Patient", ColumnKind.TEXT), Column("Therapy", ColumnKind.TEXT),
         Column("This year", ColumnKind.CENTS), Column("Of it elsewhere", ColumnKind.CENTS),
         Column("Threshold", ColumnKind.CENTS), Column("Status", ColumnKind.TEXT),
         Column("Left before KX", ColumnKind.CENTS)),
        tuple((p.patient, p.bucket, p.cents, p.elsewhere_cents, p.threshold_cents,
               "Over: KX" if p.over else f"Within {NEAR_KX_PERCENT}%", max(0, p.left_cents))
              for p in report.kx),
        bars=(2,),
    )  # fmt: skip


def money_table(report: Report) -> Table:
    rows = report.payers
    unpriced = sum(p.unpriced for p in rows)
    note = (
        "Signed and billed visits in the range: what their superbills charge, what was paid "
        "for them (payments not voided) and the balance."
    )
    if unpriced:
        note += f" {unpriced} visits cannot say what they charge (a code with no fee): left out."
    return Table(
        "charges-payments", "Charges, payments and balance",
        note,
        (Column("Payer", ColumnKind.TEXT), Column("Visits"), Column("Charges", ColumnKind.CENTS),
         Column("Paid", ColumnKind.CENTS), Column("Balance", ColumnKind.CENTS)),
        tuple((p.payer, p.visits, p.charged_cents, p.paid_cents, p.balance_cents) for p in rows),
        ("All", sum(p.visits for p in rows), sum(p.charged_cents for p in rows),
         sum(p.paid_cents for p in rows), sum(p.balance_cents for p in rows)) if rows else None,
        bars=(2, 3),
    )  # fmt: skip


def waiting_table(report: Report) -> Table:
    rows = report.waiting
    return Table(
        "waiting", "Visits waiting",
        f"Every visit still waiting on {show_date(report.made_on)}, whatever its date: not "
        "yet signed, or signed and not marked billed, by days since the visit.",
        (Column("Age", ColumnKind.TEXT), Column("Not yet signed"),
         Column("Signed, not billed")),
        tuple((w.age, w.unsigned, w.unbilled) for w in rows),
        ("All", sum(w.unsigned for w in rows), sum(w.unbilled for w in rows)),
        bars=(1, 2),
    )  # fmt: skip


# --- ranges the screen offers ---------------------------------------------------------------


def this_month(today: date) -> tuple[date, date]:
    return today.replace(day=1), today


def last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def this_year(today: date) -> tuple[date, date]:
    return date(today.year, 1, 1), today
