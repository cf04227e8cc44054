"""Fix an interval by hand: start, end or code, with a reason; refusals shown in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QWidget,
)

from timer_app.billing import Catalog
from timer_app.errors import UserError
from timer_app.session import Interval
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
        self._interval, self._date, self._tz, self._save = interval, visit_date, tz, save
        self.start = self._time_edit(interval.start, "Start time")
        self.end = self._time_edit(interval.end or interval.start, "End time")
        self.end.setEnabled(interval.end is not None)
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
        buttons = save_cancel(self._try_save, self.reject, "the corrected interval")
        form = QFormLayout(self)
        form.addRow("Start", self.start)
        form.addRow("End", self.end)
        if interval.end is None:
            form.addRow("", QLabel("Still running: stop it to change its end."))
        form.addRow("Code", self.code)
        form.addRow("Reason", self.reason)
        form.addRow(self.problem)
        form.addRow(buttons)

    def _time_edit(self, moment: datetime, name: str) -> QTimeEdit:
        local = moment.astimezone(self._tz)
        edit = QTimeEdit(QTime(local.hour, local.minute, local.second))
        edit.setDisplayFormat("HH:mm:ss")
        edit.setAccessibleName(name)
        edit.setToolTip(f"{name} on the visit's day, local time")
        return edit

    def _moment(self, edit: QTimeEdit) -> datetime:
        t = edit.time()
        return datetime(
            self._date.year, self._date.month, self._date.day,
            t.hour(), t.minute(), t.second(), tzinfo=self._tz,
        )  # fmt: skip

    def _changed(self, edit: QTimeEdit, original: datetime | None) -> datetime | None:
        """The typed time, or None when it still shows the original (to the second)."""
        if original is None:
            return None
        typed = self._moment(edit)
        shown = original.astimezone(self._tz).replace(microsecond=0)
        return None if typed == shown else typed

    def _try_save(self) -> None:
        start = self._changed(self.start, self._interval.start)
        end = self._changed(self.end, self._interval.end)
        code = str(self.code.currentData())
        try:
            self._save(
                start, end, None if code == self._interval.code else code, self.reason.text()
            )
        except UserError as error:
            self.problem.setText(error.message)
            self.problem.show()
            return
        self.accept()
