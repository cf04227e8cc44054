"""Fix an interval by hand: start, end (or its length) or code, with a reason; refusals
shown whole, in words. Times are typed as people type them (`ClockField`).

A new code may go to other intervals of the visit too, ticked in a list (none by default):
saved in one step, one undo, with a line in the history for each interval."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, tzinfo

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing import Catalog
from timer_app.clinic.checks import duration_seconds
from timer_app.errors import UserError
from timer_app.session import Interval, VisitDay
from timer_app.session.edits import TypedTimes, typed_times
from timer_app.ui.clock_field import ClockField
from timer_app.ui.theme import text_scale
from timer_app.ui.widgets import explain, label, save_cancel

# (start, end, code, reason): None where the user left it as it was; raises UserError
# when the engine refuses the edit.
SaveEdit = Callable[[datetime | None, datetime | None, str | None, str], None]
# (interval ids, new code, reason): every one given the code in one step; raises UserError.
Recode = Callable[[Sequence[str], str, str], object]


def recoded_words(old_codes: Sequence[str], new_code: str) -> str:
    """What a change of code does, in words: "3 intervals changed from 97110 to 97530";
    "3 intervals changed to 97530 (2 from 97110, 1 from 97140)"."""
    count = len(old_codes)
    intervals = "1 interval" if count == 1 else f"{count} intervals"
    by_code = Counter(old_codes)
    if len(by_code) == 1:
        return f"{intervals} changed from {old_codes[0]} to {new_code}"
    froms = ", ".join(f"{n} from {code}" for code, n in by_code.items())
    return f"{intervals} changed to {new_code} ({froms})"


class IntervalDialog(QDialog):
    def __init__(
        self,
        interval: Interval,
        visit_date: date,
        tz: tzinfo,
        catalog: Catalog,
        save: SaveEdit,
        parent: QWidget | None = None,
        *,
        others: Sequence[Interval] = (),
        recode: Recode | None = None,
    ) -> None:
        """`others`: the visit's other intervals, offered for the new code when `recode`
        (which saves several at once) is given."""
        super().__init__(parent)
        self.setWindowTitle(f"Fix interval: {interval.code}")
        self._interval, self._day, self._save = interval, VisitDay(visit_date, tz), save
        self._recode = recode
        self.outcome = ""  # what was saved, in words, once saved
        self.setMinimumWidth(round(560 * text_scale()))  # a refusal is read whole, not cut off
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
        self.code.currentIndexChanged.connect(self._show_plan)
        self._others = list(others) if recode is not None else []
        self.also = [self._other_box(other) for other in self._others]
        self.plan = label("", "", wrap=True)
        self.plan.setAccessibleName("What saving changes")
        self.plan.hide()
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
        if self.also:
            caption = QLabel("Also give the new code to")
            caption.setWordWrap(True)
            form.addRow(caption, self._others_list())
        form.addRow(self.plan)
        form.addRow("Reason", self.reason)
        form.addRow(self.note)
        form.addRow(self.problem)
        form.addRow(buttons)

    def _other_box(self, other: Interval) -> QCheckBox:
        """One of the visit's other intervals to tick for the new code; the whole row takes
        a finger's tap."""
        box = QCheckBox(self._interval_words(other))
        box.setToolTip(f"Give this {other.code} interval the new code too; saved together")
        box.setMinimumHeight(round(44 * text_scale()))
        box.toggled.connect(self._show_plan)
        return box

    def _others_list(self) -> QScrollArea:
        """The other intervals, none ticked; four rows shown, the rest a scroll away."""
        holder = QWidget()
        holder.setObjectName("other_intervals")
        side = round(22 * text_scale())
        holder.setStyleSheet(f"QCheckBox::indicator {{ width: {side}px; height: {side}px; }}")
        column = QVBoxLayout(holder)
        column.setContentsMargins(4, 0, 4, 0)
        column.setSpacing(0)
        for box in self.also:
            column.addWidget(box)
        listed = QScrollArea(widgetResizable=True)
        listed.setAccessibleName("Other intervals of this visit")
        listed.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        listed.setWidget(holder)
        rows = min(len(self.also), 4)
        listed.setFixedHeight(rows * round(44 * text_scale()) + 2 * listed.frameWidth())
        return listed

    def _interval_words(self, interval: Interval) -> str:
        """97110   09:00–09:10   10 min (running: "running")."""
        start = self._day.clock_time(interval.start)
        if interval.end is None:
            return f"{interval.code}   {start}–now   running"
        seconds = interval.duration_ms // 1000
        length = f"{seconds // 60} min" + (f" {seconds % 60} s" if seconds % 60 else "")
        return f"{interval.code}   {start}–{self._day.clock_time(interval.end)}   {length}"

    def ticked(self) -> list[tuple[str, str]]:
        """The other intervals ticked for the new code: (id, its code now)."""
        return [(i.id, i.code) for i, box in zip(self._others, self.also, strict=True)
                if box.isChecked()]  # fmt: skip

    def _recoded(self) -> list[tuple[str, str]]:
        """Every interval whose code saving changes, this one first: (id, its code now)."""
        code = str(self.code.currentData())
        found = [(self._interval.id, self._interval.code), *self.ticked()]
        return [(key, old) for key, old in found if old != code]

    def _show_plan(self, *_: object) -> None:
        """What saving will change, in words, whole, as soon as a code or a tick changes."""
        recoded = self._recoded() if self.ticked() else []
        self.plan.setText(
            f"Saving: {recoded_words([old for _, old in recoded], str(self.code.currentData()))}."
            if recoded else ""
        )  # fmt: skip
        self.plan.setVisible(bool(recoded))
        self.adjustSize()

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
            if self.ticked():
                self._save_several(typed, code)
            else:
                self._save(
                    typed.start,
                    typed.end,
                    None if code == self._interval.code else code,
                    self.reason.text(),
                )
                self.outcome = (
                    ""
                    if code == self._interval.code
                    else recoded_words([self._interval.code], code)
                )
        except UserError as error:
            self.problem.setText(error.message)
            self.problem.show()
            self.adjustSize()  # the whole refusal, however long
            return
        self.accept()

    def _save_several(self, typed: TypedTimes, code: str) -> None:
        """The new code to this interval and the ticked ones, in one step."""
        if typed.start is not None or typed.end is not None:
            raise UserError(
                "Change the times and the code of several intervals one after the other: "
                "save the new times first (untick the other intervals), then give the code."
            )
        recoded = self._recoded()
        if not recoded:
            raise UserError(
                f"The ticked intervals are already {code}; choose the code they should get."
            )
        if self._recode is None:  # never: the list shows only with a way to save it
            raise UserError("Several intervals cannot be changed here; change one at a time.")
        self._recode([key for key, _ in recoded], code, self.reason.text())
        self.outcome = recoded_words([old for _, old in recoded], code)
