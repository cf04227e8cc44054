"""A name that looks like HTML is shown as typed, never rendered: Qt guesses rich text for
labels and tooltips that look like markup (a local image loaded, a fake red heading)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QWidget

from tests.ui.conftest import sign
from timer_app.billing import Discipline
from timer_app.clinic import ClinicServices
from timer_app.clinic.setup import NEW
from timer_app.records import Diagnosis, Patient
from timer_app.session import FakeClock
from timer_app.ui.clinic_setup import ClinicSetup
from timer_app.ui.code_tile import CodeTile, TileFigures
from timer_app.ui.front_desk import FrontDeskView
from timer_app.ui.main_window import MainWindow
from timer_app.ui.review_dialog import ReviewDialog
from timer_app.ui.widgets import label, plain_tip

HOSTILE = '<img src="/tmp/x.png"><h1 style="color:red">Fake</h1>'


def _hostile_patient(clinic: ClinicServices) -> Patient:
    """Saved through set-up like any patient: markup is text a person may type."""
    medicare = next(p for p in clinic.setup.payers() if p.name == "Medicare")
    typed = Patient(
        NEW, HOSTILE, date(1950, 5, 6), payer_id=medicare.id, member_id="1EG4TE5MK99",
        diagnoses=(Diagnosis("M54.50", "Low back pain, unspecified"),),
    )  # fmt: skip
    return clinic.setup.save_patient(typed, clinic.treatment.today())


def _open_visit(window: MainWindow, clinic: ClinicServices) -> int:
    patient = _hostile_patient(clinic)
    dana = next(c for c in clinic.treatment.clinicians() if c.name == "Dana Reyes")
    timer = clinic.treatment.start_visit(patient.id, dana.id, Discipline.PT)
    window.treatment.show_visit(timer.visit_id)
    return timer.visit_id


def _shows_markup_literally(root: QWidget) -> list[QLabel]:
    """Every label that holds the name: each plain text, or rich text with it escaped."""
    holding = []
    for found in root.findChildren(QLabel):
        if "<h1" in found.text():
            assert found.textFormat() == Qt.TextFormat.PlainText, found.text()
            holding.append(found)
        elif "&lt;h1" in found.text():
            assert found.textFormat() != Qt.TextFormat.PlainText, found.text()
            holding.append(found)
    return holding


def test_the_treatment_title_shows_the_name_as_typed(
    window: MainWindow, clinic: ClinicServices, tmp_path: Path
) -> None:
    _open_visit(window, clinic)
    title = window.treatment.title

    assert title.text() == HOSTILE  # the whole name, nothing rendered away
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert title in _shows_markup_literally(window)
    assert window.treatment.grab().save(str(tmp_path / "treatment.png"))


def test_the_open_visit_tab_tooltip_is_escaped(window: MainWindow, clinic: ClinicServices) -> None:
    _open_visit(window, clinic)
    bar = window.treatment.visit_bar
    tip = bar.visits.tabToolTip(bar.visits.currentIndex())
    assert "<h1" not in tip and "&lt;h1 style=&quot;color:red&quot;&gt;Fake" in tip


def test_the_review_header_escapes_the_name(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = _open_visit(window, clinic)
    window.treatment.tap("97110")
    clock.advance(20 * 60)
    window.treatment.run(lambda t: t.end_visit())
    dialog = ReviewDialog(clinic.treatment, visit_id, window)
    qtbot.addWidget(dialog)
    assert "&lt;img src=&quot;/tmp/x.png&quot;&gt;" in dialog.header.text()
    assert _shows_markup_literally(dialog)
    sign(clinic.treatment, visit_id)


def test_set_up_heading_list_and_status_show_the_name_as_typed(  # type: ignore[no-untyped-def]
    qtbot, clinic: ClinicServices
) -> None:
    patient = _hostile_patient(clinic)
    setup = ClinicSetup(clinic)
    qtbot.addWidget(setup)
    section = setup.patients
    section.reload()
    section.records.pick(patient.id)
    assert section.heading.text() == f"Change {HOSTILE}"
    assert section.save() is True
    assert HOSTILE in section.status.text()
    assert len(_shows_markup_literally(setup)) >= 2  # the heading and the status line
    row = next(
        r for r in range(section.records.model.rowCount())
        if section.records.model.item(r).data(Qt.ItemDataRole.UserRole) == patient.id
    )  # fmt: skip
    tip = section.records.model.item(row).toolTip()
    assert "<h1" not in tip and "&lt;h1" in tip


def test_the_front_desk_tooltip_is_escaped(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, clinic: ClinicServices, clock: FakeClock
) -> None:
    visit_id = _open_visit(window, clinic)
    window.treatment.tap("97110")
    clock.advance(20 * 60)
    window.treatment.run(lambda t: t.end_visit())
    sign(clinic.treatment, visit_id)
    window.tabs.setCurrentIndex(1)
    desk = window.front_desk.content
    assert isinstance(desk, FrontDeskView)
    qtbot.waitUntil(desk.isVisible)
    rows = [r for r in range(desk.model.rowCount()) if desk.model.visit_at(r).visit.id == visit_id]
    assert rows
    index = desk.model.index(rows[0], 2)
    assert desk.model.data(index) == HOSTILE
    tip = desk.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "<h1" not in tip and "&lt;h1" in tip


def test_a_custom_label_on_a_tile_tooltip_is_escaped(qtbot) -> None:  # type: ignore[no-untyped-def]
    tile = CodeTile(TileFigures("97799", "<b>Bold</b> <h1>x</h1>", timed=True))
    qtbot.addWidget(tile)
    assert "<h1>" not in tile.toolTip() and "&lt;h1&gt;" in tile.toolTip()


@pytest.mark.parametrize("text", [HOSTILE, "&lt;b&gt;", "Lopez, Maria"])
def test_labels_are_plain_text_unless_asked(qapp, text: str) -> None:  # type: ignore[no-untyped-def]
    plain = label(text)
    assert plain.textFormat() == Qt.TextFormat.PlainText
    assert plain.text() == text
    assert label("<b>ours</b>", rich=True).textFormat() == Qt.TextFormat.RichText


@pytest.mark.parametrize("text", [HOSTILE, "&lt;b&gt; is how you write <b>", "Tap to start 97110"])
def test_plain_tips_never_render_markup(text: str) -> None:
    tip = plain_tip(text)
    if GuiQt.mightBeRichText(text):
        assert "<h1" not in tip.removeprefix('<p style="white-space: pre-wrap">')
        assert "&lt;" in tip
    else:
        assert tip == text
