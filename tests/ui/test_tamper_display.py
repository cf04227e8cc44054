"""Tamper evidence on screen, on the demo clinic's real file: a signed visit changed with SQL
is marked in the front desk's list, audit rows removed with SQL are named in the findings
dialog, and the owner's audit viewer opens that dialog."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QLabel

from timer_app.clinic import ClinicServices, open_local
from timer_app.clinic.integrity import CHANGED, Findings
from timer_app.session import FakeClock
from timer_app.ui import integrity_dialog
from timer_app.ui.audit_view import AuditView
from timer_app.ui.front_desk_model import STATUS_COLUMN, VISIT_ROLE, VisitTableModel
from timer_app.ui.integrity_dialog import IntegrityDialog, findings_dialog
from timer_app.ui.theme import COLORS

CLINIC_TZ = timezone(timedelta(hours=-5))
NOW = datetime(2026, 11, 6, 21, 0, tzinfo=UTC)
SIGNED_DAY = date(2026, 11, 3)  # the demo's Tuesday: every visit signed


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[ClinicServices]:
    """The demo clinic on a real SQLite file, its owner signed in."""
    services = open_local(data_dir=tmp_path, clock=FakeClock(NOW), tz=CLINIC_TZ,
                          daily_backup=False)  # fmt: skip
    services.fill_demo()
    services.access.require_people()
    owner = next(u for u in services.access.users() if u.name == "Alex Morgan (owner)")
    services.access.sign_in(owner.id, "9999")
    yield services
    services.close()


def raw_sql(clinic: ClinicServices, *statements: str) -> None:
    """Another tool writes the clinic's file behind the program's back."""
    assert clinic.location is not None
    raw = sqlite3.connect(clinic.location)
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()


def status_of(model: VisitTableModel, row: int, role: Qt.ItemDataRole) -> object:
    return model.data(model.index(row, STATUS_COLUMN), role)


def test_a_signed_visit_changed_with_sql_is_marked_in_the_front_desk_list(
    qtbot, qtmodeltester, clinic: ClinicServices  # type: ignore[no-untyped-def]
) -> None:
    listed = clinic.front_desk.visits(SIGNED_DAY, SIGNED_DAY)
    changed = listed[1].visit.id
    assert clinic.integrity.check().clean
    raw_sql(clinic, f"UPDATE interval SET duration_ms = 3780000 WHERE visit_id = {changed}")
    findings = clinic.integrity.check()
    assert findings.visits == {changed: CHANGED}

    model = VisitTableModel()
    model.set_visits(clinic.front_desk.visits(SIGNED_DAY, SIGNED_DAY))
    row = [item.visit.id for item in model.visits()].index(changed)
    before = [status_of(model, r, Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())]
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        model.set_findings(findings.visits)

    shown = status_of(model, row, Qt.ItemDataRole.DisplayRole)
    assert shown == f"{before[row]} — changed outside the program"
    assert status_of(model, row, Qt.ItemDataRole.AccessibleTextRole) == shown
    color = status_of(model, row, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(color, QBrush) and color.color() == QColor(COLORS["error_border"])
    tip = str(status_of(model, row, Qt.ItemDataRole.ToolTipRole))
    assert CHANGED in tip and f"visit {changed}" in tip
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) == tip  # the whole row
    assert model.data(model.index(row, STATUS_COLUMN), VISIT_ROLE).visit.id == changed
    assert model.changed_outside(changed) == CHANGED
    others = [r for r in range(model.rowCount()) if r != row]
    assert [status_of(model, r, Qt.ItemDataRole.DisplayRole) for r in others] == [
        before[r] for r in others
    ]
    assert all(status_of(model, r, Qt.ItemDataRole.ForegroundRole) is None for r in others)
    qtmodeltester.check(model, force_py=True)

    model.set_findings({})  # checked again and clean: the marks go
    assert status_of(model, row, Qt.ItemDataRole.DisplayRole) == before[row]
    model.set_findings(findings.visits)
    model.set_visits(clinic.front_desk.visits(SIGNED_DAY, SIGNED_DAY))  # a refresh keeps them
    assert "changed outside" in str(status_of(model, row, Qt.ItemDataRole.DisplayRole))


def test_audit_rows_removed_with_sql_are_named_in_the_dialog(
    qtbot, clinic: ClinicServices  # type: ignore[no-untyped-def]
) -> None:
    raw_sql(clinic, "DELETE FROM audit_log WHERE id IN (10, 11)")
    findings = clinic.integrity.check()
    assert findings.visits == {}
    assert any("audit rows 10-11 are missing" in line for line in findings.audit)

    dialog = findings_dialog(None, findings)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, IntegrityDialog)
    assert dialog.lines.toPlainText().splitlines() == findings.lines()
    assert dialog.lines.isReadOnly()
    words = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert "outside the program" in words
    assert "backup" in words and "who had access" in words
    assert all(w.textFormat() == Qt.TextFormat.PlainText
               for w in dialog.findChildren(QLabel))  # fmt: skip
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == "\n".join(findings.lines())


def test_both_kinds_are_listed_visits_first(qtbot, clinic: ClinicServices) -> None:  # type: ignore[no-untyped-def]
    visit_id = clinic.front_desk.visits(SIGNED_DAY, SIGNED_DAY)[0].visit.id
    raw_sql(
        clinic,
        f"UPDATE interval SET duration_ms = 60000 WHERE visit_id = {visit_id}",
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    )
    findings = clinic.integrity.check()
    dialog = findings_dialog(None, findings)
    qtbot.addWidget(dialog)
    lines = dialog.lines.toPlainText().splitlines()
    assert lines[0].startswith(f"Visit {visit_id}: changed outside the program")
    assert "missing from the end" in lines[-1]
    assert dialog.heading.text() == "Found 2 changes made outside the program."


def test_a_clean_check_says_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = findings_dialog(None, Findings())
    qtbot.addWidget(dialog)
    words = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert "No changes made outside the program were found" in words
    assert dialog.text == ""


def test_show_findings_runs_the_dialog_and_the_audit_viewer_offers_it(
    qtbot, clinic: ClinicServices, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(IntegrityDialog, "exec", lambda self: shown.append(self.text) or 0)
    raw_sql(clinic, "DELETE FROM audit_log WHERE id = 5")
    view = AuditView(clinic)
    qtbot.addWidget(view)
    view.check_button.click()
    assert len(shown) == 1 and "audit rows 5-5 are missing" in shown[0]

    seen: list[Findings] = []
    monkeypatch.setattr(integrity_dialog, "show_findings", lambda _p, f: seen.append(f))
    view.check_button.click()
    assert seen == [clinic.integrity.check()]


def test_signing_in_runs_the_check_the_owner_is_shown_and_the_desk_marks_the_visit(
    qtbot, demo_clinic, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from tests.ui.conftest import people_window_on, sign_in_as
    from timer_app.ui import integrity_dialog

    sealed = next(
        item.visit.id for item in demo_clinic.front_desk.find() if item.visit.signed_digest
    )
    raw = sqlite3.connect(demo_clinic.location)
    raw.execute(f"UPDATE interval SET duration_ms = duration_ms + 1 WHERE visit_id = {sealed}")
    raw.commit()
    raw.close()
    shown: list[object] = []
    monkeypatch.setattr(integrity_dialog, "show_findings", lambda _p, f: shown.append(f))
    window = people_window_on(qtbot, demo_clinic, tmp_path)
    sign_in_as(qtbot, window, "Kim Lee (front desk)")
    qtbot.waitUntil(lambda: window.findings is not None, timeout=10_000)
    assert sealed in window.findings.visits and shown == []  # the front desk is not told
    window.tabs.setCurrentWidget(window.front_desk)
    desk = window.front_desk.content
    assert desk is not None and desk.model.changed_outside(sealed)  # marked on its row
    window.lock()
    sign_in_as(qtbot, window, "Alex Morgan (owner)")
    assert len(shown) == 1 and sealed in shown[0].visits  # the owner is shown
