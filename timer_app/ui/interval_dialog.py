"""Fix an interval by hand: start, end (or its length) or code, with a reason; refusals
shown whole, in words. Times are typed as people type them (`ClockField`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, tzinfo

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from timer_app.billing import Catalog
from timer_app.clinic.checks import duration_seconds
from timer_app.errors import UserError
from timer_app.session import Interval, VisitDay
from timer_app.session.edits import TypedTimes, typed_times
from timer_app.ui.clock_field import ClockField
from timer_app.ui.widgets import explain, label, save_cancel

# (start, end, code, reason): None where the user left it as it was; raises UserError
# when the engine refuses the edit.
SaveEdit = Callable[[datetime | None, datetime | None, str | None, str], None]


class IntervalDialog(QDialog):
    def __init__(
        self,
        interval: Interval,
        visit_date: date,
        tz: tzinfo,
        catalog: Catalog,
        save: SaveEdit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Fix interval: {interval.code}")
        self._interval, self._day, self._save = interval, VisitDay(visit_date, tz), save
        self.setMinimumWidth(520)  # a refusal is read whole, not cut off
        self.start = self._time_edit(interval.start, "Start time")
        self.end = self._time_edit(interval.end or interval.start, "End time")
        self.end.setEnabled(interval.end is not None)
        self.length = QLineEdit(placeholderText="minutes, or minutes:seconds")
        explain(self.length, "Length", "Type a length to move the end: 18, or 18:30")
        self.length.setEnabled(interval.end is not None)
        self.length.textEdited.connect(self._length_typed)
        self.code = QComboBox()
        explain(self.code, "Code", "The code this interval was spent on")
        for entry in catalog.values():
            self.code.addItem(f"{entry.code}  {entry.tile}", entry.code)
        self.code.setCurrentIndex(self.code.findData(interval.code))
        self.reason = QLineEdit(placeholderText="Why is this changed? (kept in the history)")
        explain(self.reason, "Reason for the change", "Required: kept in the visit's history")
        self.problem = label("", "banner_error", wrap=True)
        self.problem.setAccessibleName("Why the change was refused")
        self.problem.hide()
        # Which occurrence a time in the hour the clocks repeat is taken as (fall-back day).
        self.note = label("", "banner_warning", wrap=True)
        self.note.setAccessibleName("Which of the repeated hour's times is taken")
        self.note.hide()
        for edit in (self.start, self.end):
            edit.timeChanged.connect(self._show_note)
            edit.textEdited.connect(self._show_length)
        self._show_length()
        buttons = save_cancel(self._try_save, self.reject, "the corrected interval")
        form = QFormLayout(self)
        form.addRow("Start", self.start)
        form.addRow("End", self.end)
        form.addRow("Length", self.length)
        if interval.end is None:
            form.addRow("", QLabel("Still running: stop it to change its end."))
        form.addRow("Code", self.code)
        form.addRow("Reason", self.reason)
        form.addRow(self.note)
        form.addRow(self.problem)
        form.addRow(buttons)

    def _time_edit(self, moment: datetime, name: str) -> ClockField:
        local = moment.astimezone(self._day.tz)
        edit = ClockField(QTime(local.hour, local.minute, local.second), name)
        edit.setToolTip(f"{name} on the visit's day, local time: type 9:25, 0925 or 9:25 pm")
        return edit

    def _show_length(self, *_: object) -> None:
        """The length the start and end make, as minutes:seconds."""
        start, end = self.start.time(), self.end.time()
        if self._interval.end is None or not (start.isValid() and end.isValid()):
            return
        seconds = start.secsTo(end)
        if seconds > 0:
            self.length.setText(f"{seconds // 60}:{seconds % 60:02d}")

    def _length_typed(self, text: str) -> None:
        """A typed length moves the end: start + length."""
        seconds = duration_seconds(text)
        start = self.start.time()
        if seconds is not None and start.isValid():
            self.end.setTime(start.addSecs(seconds))

    def _changed(self, edit: ClockField, original: datetime | None) -> time | None:
        """The typed wall time, or None when it still shows the original (to the second)."""
        if original is None:
            return None
        t = edit.time()
        if not t.isValid():
            raise UserError(
                f"'{edit.text()[:20]}' is not a time for the {edit.accessibleName().lower()}: "
                "type it as 9:25, 09:25:30 or 9:25 pm."
            )
        typed = time(t.hour(), t.minute(), t.second())
        shown = original.astimezone(self._day.tz).time().replace(microsecond=0)
        return None if typed == shown else typed

    def _typed(self) -> TypedTimes:
        """The typed times as instants, read by the engine's rule for the hours the clocks
        skip or repeat; raises UserError for a time that does not exist."""
        return typed_times(
            self._day,
            self._interval,
            self._changed(self.start, self._interval.start),
            self._changed(self.end, self._interval.end),
        )

    def _show_note(self) -> None:
        try:
            notes = self._typed().notes
        except UserError as error:  # a time the clocks skip: said at once
            self.problem.setText(error.message)
            self.problem.show()
            notes = ()
        else:
            self.problem.hide()
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))

    def _try_save(self) -> None:
        code = str(self.code.currentData())
        try:
            typed = self._typed()
            self._save(
                typed.start,
                typed.end,
                None if code == self._interval.code else code,
                self.reason.text(),
            )
        except UserError as error:
            self.problem.setText(error.message)
            self.problem.show()
            self.adjustSize()  # the whole refusal, however long
            return
        self.accept()
