"""The day sheet (front desk and Reports) and the month summary (Reports): pick the day or
the month, then Save as PDF… or Print…; each one that leaves the program is audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from timer_app.clinic.reports import Reports
from timer_app.dates import current_style, show_date
from timer_app.errors import UserError
from timer_app.superbill.day_sheet import DaySheet, MonthSummary
from timer_app.superbill.day_sheet_render import print_sheet, sheet_title, write_sheet_pdf
from timer_app.superbill.render import PaperSize
from timer_app.ui import front_desk_output as output
from timer_app.ui.widgets import button, explain, label

DAY, MONTH = "day", "month"


def day_sheet_button(parent: QWidget, reports: Reports, day: Callable[[], date]) -> QPushButton:
    """'Day sheet…': the dialog for the day `day()` gives (the desk's first listed day)."""
    found = button("Day sheet…", "The day's visits, charges, payments by method and totals by "
                   "clinician, to print or save as PDF")  # fmt: skip
    found.clicked.connect(lambda: SheetDialog(reports, DAY, day(), parent).exec())
    return found


class SheetDialog(QDialog):
    """A day sheet or a month summary: the day (any day of the month) and the paper."""

    def __init__(
        self,
        reports: Reports,
        kind: str,
        day: date,
        parent: QWidget | None = None,
        paper: PaperSize = PaperSize.LETTER,
    ) -> None:
        super().__init__(parent)
        self.reports, self.kind, self.paper = reports, kind, paper
        what = "Day sheet" if kind == DAY else "Month summary"
        self.setWindowTitle(what)
        self.setAccessibleName(what)
        self.day = explain(QDateEdit(QDate(day.year, day.month, day.day)),
                           "Day" if kind == DAY else "Month",
                           "The day whose visits are listed" if kind == DAY
                           else "Any day of the month summed up")  # fmt: skip
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(
            f"ddd {current_style().qt_pattern}" if kind == DAY else "MMMM yyyy"
        )
        self.message = label("", "", wrap=True)
        self.message.setAccessibleName("Message")
        self.save_button = button("Save as PDF…", f"The {what.lower()} as a PDF file", "")
        self.print_button = button("Print…", f"Print the {what.lower()}", "primary")
        close = button("Close", "Close this window")
        self.save_button.clicked.connect(lambda: self.save())
        self.print_button.clicked.connect(self.print_it)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        caption = QLabel("Day" if kind == DAY else "Month")
        caption.setBuddy(self.day)
        row.addWidget(caption)
        row.addWidget(self.day)
        row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for widget in (self.save_button, self.print_button, close):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(460, 150)

    def chosen(self) -> date:
        value = self.day.date()
        return date(value.year(), value.month(), value.day())

    def sheet(self) -> DaySheet | MonthSummary:
        day = self.chosen()
        if self.kind == DAY:
            return self.reports.day_sheet(day)
        return self.reports.month_summary(day.year, day.month)

    def save(self, path: Path | None = None) -> Path | None:
        """Save as PDF (`path` None: the save dialog asks where); audited."""
        try:
            sheet = self.sheet()
            if path is None:
                suggested = Path.home() / f"{sheet_title(sheet).lower().replace(' ', '-')}.pdf"
                path = output.choose_pdf_path(self, suggested, f"Save {sheet_title(sheet)}")
                if path is None:
                    return None
            pages = write_sheet_pdf(sheet, path, self.paper)
            self.reports.sheet_disclosed(sheet, f"saved as PDF {path.name}")
        except UserError as error:
            self.say(f"Nothing was saved: {error.message}")
            return None
        self.say(f"Saved {sheet_title(sheet)} ({pages} page{'s' if pages > 1 else ''}) to {path}.")
        return path

    def print_it(self) -> None:
        if not output.printers_installed():
            self.say("Nothing was printed: no printer is installed on this computer.")
            return
        try:
            sheet = self.sheet()
            printer = output.choose_printer(self, self.paper, sheet_title(sheet))
            if printer is None:
                return
            print_sheet(sheet, printer)
            self.reports.sheet_disclosed(sheet, "printed")
        except UserError as error:
            self.say(f"Nothing was printed: {error.message}")
            return
        self.say(f"Sent {sheet_title(sheet)} of {show_date(self.chosen())} to the printer.")

    def say(self, text: str) -> None:
        self.message.setText(text)
