"""The owner's audit viewer on the demo clinic's real file: who did what where, filters by
person, patient and the clinic's days, the CSV export (0600, itself audited), the refusal
of anyone but the owner, the model, the keyboard."""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from timer_app.clinic import ClinicServices, open_local
from timer_app.clinic.front_desk import DeskVisit
from timer_app.errors import UserError
from timer_app.records import AuditEntry
from timer_app.session import FakeClock
from timer_app.ui import audit_view
from timer_app.ui.audit_view import AuditView, change_words, csv_bytes
from timer_app.ui.theme import STYLE_SHEET

CLINIC_TZ = timezone(timedelta(hours=-5))
NOW = datetime(2026, 11, 6, 21, 0, tzinfo=UTC)  # Friday 16:00 at the clinic
SIGNED_DAY = date(2026, 11, 3)  # the demo's Tuesday: every visit signed
OWNER, OWNER_PIN = "Alex Morgan (owner)", "9999"
DESK, DESK_PIN = "Kim Lee (front desk)", "4444"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def clinic(tmp_path: Path, clock: FakeClock) -> Iterator[ClinicServices]:
    """The demo clinic on a real SQLite file, as the window has it: people sign in."""
    services = open_local(data_dir=tmp_path / "data", clock=clock, tz=CLINIC_TZ,
                          daily_backup=False)  # fmt: skip
    services.fill_demo()
    services.access.require_people()
    yield services
    services.close()


def sign_in(clinic: ClinicServices, name: str, pin: str) -> None:
    user = next(u for u in clinic.access.users() if u.name == name)
    clinic.access.sign_in(user.id, pin)


def a_signed_visit(clinic: ClinicServices) -> DeskVisit:
    return clinic.front_desk.visits(SIGNED_DAY, SIGNED_DAY)[0]


def make_view(qtbot, clinic: ClinicServices) -> AuditView:  # type: ignore[no-untyped-def]
    view = AuditView(clinic)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    return view


def set_dates(view: AuditView, start: date, end: date) -> None:
    view.end.setDate(QDate(2100, 1, 1))  # never before the start while moving both
    view.start.setDate(QDate(start.year, start.month, start.day))
    view.end.setDate(QDate(end.year, end.month, end.day))


def choose_person(view: AuditView, name: str | None) -> None:
    index = view.person.findData(name)
    assert index >= 0, [view.person.itemText(i) for i in range(view.person.count())]
    view.person.setCurrentIndex(index)


def listed(view: AuditView) -> list[AuditEntry]:
    return [row.entry for row in view.model.rows()]


def cell(view: AuditView, row: int, header: str) -> str:
    column = [c[0] for c in audit_view.COLUMNS].index(header)
    return str(view.model.index(row, column).data())


def test_a_change_shows_who_where_what_whose_and_before_to_after(
    qtbot, clinic: ClinicServices, clock: FakeClock  # type: ignore[no-untyped-def]
) -> None:
    sign_in(clinic, DESK, DESK_PIN)
    paid = a_signed_visit(clinic)
    clock.advance(90)
    clinic.front_desk.record_payment(paid, 2500)
    sign_in(clinic, OWNER, OWNER_PIN)
    view = make_view(qtbot, clinic)

    entries = listed(view)
    assert entries == sorted(entries, key=lambda e: e.id, reverse=True)  # newest first
    assert [e.what for e in entries[:3]] == ["signed in", "payment recorded", "signed in"]
    row = [e.what for e in entries].index("payment recorded")
    assert cell(view, row, "Person") == DESK
    assert cell(view, row, "Workstation") == clinic.access.workstation
    assert cell(view, row, "Patient") == paid.patient.name
    assert cell(view, row, "Visit") == str(paid.visit.id)
    assert cell(view, row, "Before → after").startswith("amount paid cents: 0 → 2500; cents:")
    assert cell(view, row, "Time") == "Fri 11/06/2026 16:01:30"  # the clinic's clock, not UTC
    assert cell(view, 0, "Person") == OWNER
    assert view.summary.text() == f"{len(entries)} entries, newest first"


def test_before_and_after_in_one_readable_cell() -> None:
    assert change_words({"status": "signed"}, {"status": "billed"}) == "status: signed → billed"
    assert change_words(None, {"code": "97110", "end": None}) == "code: 97110; end: none"
    assert change_words({"code": "97110"}, None) == "was code: 97110"
    assert change_words({"a": 1, "b": 2}, {"a": 1, "b": 3}) == "b: 2 → 3"
    assert change_words({"codes": ["M54.50"]}, {"codes": []}) == "codes: [M54.50] → []"
    assert change_words(None, None) == ""
    assert change_words(None, {"name": "Ann\u202e\nLee"}) == "name: Ann Lee"  # no bidi, no break


def test_filters_by_person_patient_and_the_clinics_days(
    qtbot, clinic: ClinicServices, clock: FakeClock  # type: ignore[no-untyped-def]
) -> None:
    sign_in(clinic, DESK, DESK_PIN)
    first, second = clinic.front_desk.visits(SIGNED_DAY, SIGNED_DAY)[:2]
    assert first.patient.id != second.patient.id
    clinic.front_desk.record_payment(first, 1000)
    clock.advance(3 * 86400)  # Monday 11/09, 16:00 at the clinic
    sign_in(clinic, DESK, DESK_PIN)
    clinic.front_desk.record_payment(second, 2000)
    sign_in(clinic, OWNER, OWNER_PIN)
    view = make_view(qtbot, clinic)
    set_dates(view, date(2026, 11, 1), date(2026, 11, 9))
    everyone = listed(view)
    assert {e.who for e in everyone} >= {OWNER, DESK, clinic.store.audit.latest(1000)[-1].who}

    choose_person(view, DESK)
    assert {e.who for e in listed(view)} == {DESK}
    assert [e.what for e in listed(view)] == ["payment recorded", "signed in", "payment recorded",
                                               "signed in"]  # fmt: skip

    view.patient_search.setText(second.patient.name)
    assert view.patient.currentData() == second.patient.id
    found = [(e.what, e.patient_id) for e in listed(view)]
    assert found == [("payment recorded", second.patient.id)]

    view.patient_search.clear()
    set_dates(view, date(2026, 11, 6), date(2026, 11, 6))  # Friday only, on the clinic's clock
    assert [(e.what, e.visit_id) for e in listed(view)] == [
        ("payment recorded", first.visit.id), ("signed in", None)
    ]  # fmt: skip
    set_dates(view, date(2026, 11, 9), date(2026, 11, 9))
    assert [(e.what, e.visit_id) for e in listed(view)] == [
        ("payment recorded", second.visit.id), ("signed in", None)
    ]  # fmt: skip

    choose_person(view, None)
    view.patient_search.setText("nobody is called this")
    assert view.patient.currentText() == "No patient matches"
    assert listed(view) == []
    assert "0 entries" in view.summary.text()


def test_a_day_is_the_clinics_day_not_utcs(
    qtbot, clinic: ClinicServices, clock: FakeClock  # type: ignore[no-untyped-def]
) -> None:
    clock.advance(5 * 3600)  # 02:00 UTC on Saturday 11/07 is still Friday 21:00 at the clinic
    sign_in(clinic, OWNER, OWNER_PIN)
    view = make_view(qtbot, clinic)
    set_dates(view, date(2026, 11, 6), date(2026, 11, 6))
    assert listed(view)[0].what == "signed in"
    set_dates(view, date(2026, 11, 7), date(2026, 11, 7))
    assert listed(view) == []
    set_dates(view, date(2026, 11, 8), date(2026, 11, 6))
    assert listed(view) == []
    assert view.problem.isVisible() and "From date is after" in view.problem.text()


def test_export_writes_the_rows_listed_owner_only_and_is_itself_audited(
    qtbot, clinic: ClinicServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    sign_in(clinic, DESK, DESK_PIN)
    paid = a_signed_visit(clinic)
    clinic.front_desk.record_payment(paid, 2500)
    sign_in(clinic, OWNER, OWNER_PIN)
    view = make_view(qtbot, clinic)
    view.patient_search.setText(paid.patient.name)
    shown = listed(view)
    assert shown and {e.patient_id for e in shown} == {paid.patient.id}
    target = tmp_path / "out" / "audit.csv"
    target.parent.mkdir()
    monkeypatch.setattr(audit_view, "choose_csv_path", lambda _parent, _suggested: target)

    view.export_csv()

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [int(r["Entry"]) for r in rows] == [e.id for e in shown]
    payment = next(r for r in rows if r["What"] == "payment recorded")
    assert payment["Person"] == DESK
    assert payment["Workstation"] == clinic.access.workstation
    assert payment["Patient"] == paid.patient.name
    assert payment["Before → after"].startswith("amount paid cents: 0 → 2500; cents:")
    assert '"amount_paid_cents": 2500' in payment["After"]
    assert '"method": "cash"' in payment["After"]
    assert payment["Time"].endswith("-05:00")
    export = clinic.store.audit.latest(1)[0]
    assert (export.what, export.who, export.workstation) == (
        "audit log exported", OWNER, clinic.access.workstation
    )  # fmt: skip
    assert export.after == {"rows": len(shown), "file": "audit.csv"}
    assert export.patient_id == paid.patient.id  # whose records left the program
    assert listed(view)[0].what == "audit log exported"  # listed at once
    assert view.notice.isVisible() and str(target) in view.notice.text()
    assert clinic.store.audit.chain_problems() == []


def test_a_cancelled_or_refused_export_writes_and_records_nothing(
    qtbot, clinic: ClinicServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    sign_in(clinic, OWNER, OWNER_PIN)
    view = make_view(qtbot, clinic)
    last = clinic.store.audit.latest(1)[0].id
    monkeypatch.setattr(audit_view, "choose_csv_path", lambda _parent, _suggested: None)
    view.export_csv()
    data_dir = tmp_path / "data"
    inside = data_dir / "audit.csv"  # next to the database: refused by timer_app.outputs
    monkeypatch.setattr(audit_view, "choose_csv_path", lambda _parent, _suggested: inside)
    view.export_csv()
    assert not inside.exists()
    assert view.problem.isVisible() and view.problem.text().startswith("Nothing was exported")
    assert "data folder" in view.problem.text()
    assert clinic.store.audit.latest(1)[0].id == last


def test_a_spreadsheet_formula_in_a_name_is_exported_as_text(
    clinic: ClinicServices,
) -> None:
    entry = AuditEntry(1, NOW, "=HYPERLINK(\"http://x\")", "user added", None,
                       after={"name": "@SUM(A1)"}, workstation="+desk")  # fmt: skip
    rows = audit_view.audit_rows([entry], CLINIC_TZ, lambda _id: "")
    text = csv_bytes(rows).decode("utf-8-sig")
    record = next(csv.DictReader(io.StringIO(text)))
    assert record["Person"] == "'=HYPERLINK(\"http://x\")"
    assert record["Workstation"] == "'+desk"
    assert record["Before → after"] == "name: @SUM(A1)"  # starts with "name", not a formula


def test_the_front_desk_sees_no_audit_row(
    qtbot, clinic: ClinicServices, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    sign_in(clinic, DESK, DESK_PIN)
    monkeypatch.setattr(audit_view, "choose_csv_path", _no_dialog)
    view = make_view(qtbot, clinic)
    assert view.model.rowCount() == 0
    assert view.refused.isVisible() and "owner" in view.refused.text()
    assert not view.body.isVisible() and not view.table.isVisible()
    view.export_csv()  # no dialog, no file
    view.check_integrity()

    sign_in(clinic, OWNER, OWNER_PIN)  # the owner takes over: shown on the way in
    view.hide()
    view.show()
    assert view.model.rowCount() > 0 and not view.refused.isVisible()
    clinic.access.lock()  # a locked screen shows nothing either
    view.refresh()
    assert view.model.rowCount() == 0 and view.refused.isVisible()


def _no_dialog(*_: object) -> None:
    raise AssertionError("no export may be offered to anyone but the owner")


def test_model_passes_pytest_qts_model_tester(qtmodeltester, qtbot, clinic: ClinicServices) -> None:  # type: ignore[no-untyped-def]
    sign_in(clinic, OWNER, OWNER_PIN)
    view = make_view(qtbot, clinic)
    assert view.model.rowCount() > 100
    qtmodeltester.check(view.model, force_py=True)
    index = view.model.index(0, 0)
    assert view.model.data(index, audit_view.ENTRY_ROLE) == listed(view)[0]
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "Time"


def test_filters_then_the_table_and_ctrl_f_to_the_patient_search(
    qtbot, clinic: ClinicServices  # type: ignore[no-untyped-def]
) -> None:
    sign_in(clinic, OWNER, OWNER_PIN)
    view = make_view(qtbot, clinic)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.table.setFocus()
    qtbot.keySequence(view.table, QKeySequence(QKeySequence.StandardKey.Find))
    assert QApplication.focusWidget() is view.patient_search
    order = [view.person, view.patient_search, view.patient, view.start, view.end,
             view.refresh_button, view.table, view.check_button, view.export_button]  # fmt: skip
    view.person.setFocus()
    reached = [QApplication.focusWidget()]
    for _ in order[1:]:
        view.focusNextChild()
        reached.append(QApplication.focusWidget())
    focus_of = [w.focusProxy() or w for w in order]
    assert [r is not None and (r is w or w.isAncestorOf(r)) for r, w in
            zip(reached, focus_of, strict=True)] == [True] * len(order)  # fmt: skip
    assert all(w.accessibleName() for w in order)


def test_screenshot_at_1280x800(qtbot, qapp, clinic: ClinicServices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if qapp.styleSheet() != STYLE_SHEET:
        qapp.setStyleSheet(STYLE_SHEET)
    sign_in(clinic, DESK, DESK_PIN)
    clinic.front_desk.record_payment(a_signed_visit(clinic), 2500)
    sign_in(clinic, OWNER, OWNER_PIN)
    view = make_view(qtbot, clinic)
    picture = view.grab()
    assert (picture.width(), picture.height()) == (1280, 800)
    assert picture.save(str(tmp_path / "audit-viewer-1280x800.png"))


def test_an_export_the_log_cannot_record_leaves_no_file(
    qtbot, clinic: ClinicServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    sign_in(clinic, OWNER, OWNER_PIN)
    view = make_view(qtbot, clinic)
    target = tmp_path / "audit.csv"
    monkeypatch.setattr(audit_view, "choose_csv_path", lambda _parent, _suggested: target)

    def full_disk(*_: object, **__: object) -> None:
        raise UserError("the disk is full")

    monkeypatch.setattr(clinic.store, "log_access", full_disk)
    view.export_csv()
    assert not target.exists()  # every disclosure is recorded, or it does not happen
    assert "could not be recorded" in view.problem.text()
