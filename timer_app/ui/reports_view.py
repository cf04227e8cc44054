"""The owner's Reports area: a range and a clinician, then each report as bars with its
numbers a key away (Show table), and Export CSV… of each. The figures come from
`timer_app.clinic.reports`, read off the UI thread; a reading that takes longer than a
moment shows a busy bar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timer_app.clinic import ClinicServices
from timer_app.clinic.reports import ColumnKind, Report, Table, last_month, this_month, this_year
from timer_app.dates import current_style
from timer_app.errors import UserError
from timer_app.ui.background import run_in_background
from timer_app.ui.report_chart import BarChart
from timer_app.ui.reports_day_sheet import DAY, MONTH, SheetDialog
from timer_app.ui.save_path import choose_save_path
from timer_app.ui.widgets import button, explain, label

RANGES = ("This month", "Last month", "This year", "Custom")
BUSY_AFTER_MS = 200  # a reading shorter than this shows no busy bar


class ReportTableModel(QAbstractTableModel):
    """A report's rows, then its total in bold."""

    def __init__(self) -> None:
        super().__init__()
        self.table: Table | None = None

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def _rows(self) -> list[tuple[Any, ...]]:
        if self.table is None:
            return []
        return [*self.table.rows, *((self.table.total,) if self.table.total else ())]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.table is None or not index.isValid():
            return None
        rows = self._rows()
        value = rows[index.row()][index.column()]
        column = self.table.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.shown(value, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind is not ColumnKind.TEXT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.table.total and index.row() == len(rows) - 1:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.table is None or orientation != Qt.Orientation.Horizontal:
            return None
        column = self.table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or column.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind is not ColumnKind.TEXT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ReportSection(QFrame):
    """One report: its title, what it counts, the bars or the table, Export CSV…."""

    def __init__(self, key: str, title: str, export: Callable[[str], object]) -> None:
        super().__init__()
        self.key = key
        self.setObjectName("panel")
        self.title = label(title, "")
        self.title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.note = label("", "caption", wrap=True)
        self.chart = BarChart()
        self.model = ReportTableModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        explain(self.view, f"{title} table", f"The numbers of {title.lower()}, row by row")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.chart)
        self.stack.addWidget(self.view)
        self.toggle = explain(QPushButton("Show table"), f"{title}: show table or chart",
                              "Switch between the bars and the table of numbers")  # fmt: skip
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self.show_table)
        self.export_button = button("Export CSV…", f"Save {title.lower()} as a CSV file")
        self.export_button.setAccessibleName(f"{title}: export CSV")
        self.export_button.clicked.connect(lambda: export(self.key))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.toggle)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.stack)
        layout.addStretch(1)  # a short report stays at the top of a tall row
        self.setAccessibleName(title)

    def set_table(self, table: Table) -> None:
        self.title.setText(table.title)
        self.note.setText(table.note)
        self.chart.set_table(table)
        self.model.set_table(table)
        rows = len(table.rows) + (1 if table.total else 0)
        height = self.view.horizontalHeader().sizeHint().height() + rows * 30 + 6
        self.view.setMinimumHeight(min(height, 360))
        self.stack.setFixedHeight(max(self.chart.sizeHint().height(), min(height, 360)))

    def show_table(self, table: bool) -> None:
        self.stack.setCurrentIndex(1 if table else 0)
        self.toggle.setText("Show chart" if table else "Show table")


class ReportsView(QWidget):
    """The owner's reports for a range and a clinician."""

    def __init__(self, clinic: ClinicServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.reports = clinic.reports
        self.report: Report | None = None
        self._asked = 0  # the latest reading asked for; older answers are dropped
        self.sections: dict[str, ReportSection] = {}
        self._build_filters()
        self._build_body()
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self.busy.show)
        self.refresh()

    # --- building ----------------------------------------------------------------------------

    def _build_filters(self) -> None:
        today = self.clinic.treatment.today()
        self.range = explain(QComboBox(), "Range", "The days the reports count")
        self.range.addItems(RANGES)
        start, end = this_month(today)
        self.start = self._date_edit("From date", "First day counted", start)
        self.end = self._date_edit("To date", "Last day counted (inclusive)", end)
        self.clinician = explain(QComboBox(), "Clinician", "Every clinician, or one")
        self.clinician.addItem("All clinicians", None)
        for clinician_id, name in self.reports.clinicians():
            self.clinician.addItem(name, clinician_id)
        self.range.currentIndexChanged.connect(self._range_chosen)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._dates_typed)
        self.clinician.currentIndexChanged.connect(self.refresh)
        self.day_sheet_button = button(
            "Day sheet…",
            "The day's visits, charges, payments by method and totals by clinician, to print "
            "or save",
        )
        self.day_sheet_button.clicked.connect(lambda: self.open_sheet(DAY))
        self.month_button = button("Month summary…", "A month's totals by clinician and by "
                                   "payer, to print or save")  # fmt: skip
        self.month_button.clicked.connect(lambda: self.open_sheet(MONTH))

    def _date_edit(self, name: str, tip: str, day: date) -> QDateEdit:
        edit = explain(QDateEdit(QDate(day.year, day.month, day.day)), name, tip)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(f"ddd {current_style().qt_pattern}")
        return edit

    def _build_body(self) -> None:
        filters = QHBoxLayout()
        for text, widget in (("Range", self.range), ("From", self.start), ("To", self.end),
                             ("Clinician", self.clinician)):  # fmt: skip
            caption = QLabel(text)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.day_sheet_button)
        filters.addWidget(self.month_button)
        self.status = label("", "caption", wrap=True)
        self.status.setAccessibleName("What the reports show")
        self.problem = label("", "banner_error", wrap=True)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # busy: how long a reading takes is not known ahead
        self.busy.setAccessibleName("Reading the reports")
        self.busy.setToolTip("Reading the visits of the range")
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.hide()
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setSpacing(12)
        # (key, title, row, column, columns spanned): the wide tables get the whole width
        places = (("productivity", "Productivity", 0, 0, 2),
                  ("payer-mix", "Payer mix", 1, 0, 1),
                  ("cq-co-share", "CQ/CO share of units", 1, 1, 1),
                  ("minutes-no-unit", "Minutes that earned no unit", 2, 0, 1),
                  ("charges-payments", "Charges, payments and balance", 2, 1, 1),
                  ("kx", "KX threshold", 3, 0, 2),
                  ("waiting", "Visits waiting", 4, 0, 1))  # fmt: skip
        for key, title, row, column, span in places:
            section = ReportSection(key, title, self.export)
            self.sections[key] = section
            grid.addWidget(section, row, column, 1, span)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(5, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(label("Reports", "figure"))
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.problem)
        layout.addWidget(scroll, 1)

    # --- the range ---------------------------------------------------------------------------

    def _range_chosen(self) -> None:
        today = self.clinic.treatment.today()
        chosen = {0: this_month, 1: last_month, 2: this_year}.get(self.range.currentIndex())
        if chosen is None:
            return
        start, end = chosen(today)
        self._set_dates(start, end)
        self.refresh()

    def _set_dates(self, start: date, end: date) -> None:
        for edit, day in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _dates_typed(self) -> None:
        self.range.blockSignals(True)
        self.range.setCurrentIndex(RANGES.index("Custom"))
        self.range.blockSignals(False)
        self.refresh()

    def dates(self) -> tuple[date, date]:
        def day(edit: QDateEdit) -> date:
            value = edit.date()
            return date(value.year(), value.month(), value.day())

        return day(self.start), day(self.end)

    # --- reading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the reports again off the UI thread; a busy bar after BUSY_AFTER_MS."""
        start, end = self.dates()
        clinician = self.clinician.currentData()
        self._asked += 1
        asked = self._asked
        self._busy_timer.start()
        self.status.setText("Reading…")
        if not self.clinic.reports_off_thread:
            try:
                report = self.clinic.read_report(start, end, clinician)
            except UserError as error:
                self._failed(asked, error)
                return
            self._read(asked, report)
            return
        run_in_background(
            lambda: self.clinic.read_report(start, end, clinician),
            lambda report: self._read(asked, report),
            lambda error: self._failed(asked, error),
        )

    def _read(self, asked: int, report: Report) -> None:
        if asked != self._asked:
            return
        self._done()
        self.show_report(report)

    def _failed(self, asked: int, error: Exception) -> None:
        if asked != self._asked:
            return
        self._done()
        if not isinstance(error, UserError):
            raise error
        self.problem.setText(error.message)
        self.problem.show()
        self.status.setText("")

    def _done(self) -> None:
        self._busy_timer.stop()
        self.busy.hide()

    def show_report(self, report: Report) -> None:
        self.report = report
        self.problem.hide()
        self.status.setText(
            f"{report.range_words}: {report.visits:,} signed and billed visits. Each report's "
            "numbers are under Show table."
        )
        for table in report.tables:
            self.sections[table.key].set_table(table)

    # --- out of the program ------------------------------------------------------------------

    def export(self, key: str, path: Path | None = None) -> Path | None:
        """The report's table as CSV (`path` None: the save dialog asks where); audited."""
        if self.report is None:
            return None
        table = self.report.table(key)
        if path is None:
            start, end = self.report.start.isoformat(), self.report.end.isoformat()
            path = choose_csv_path(self, Path.home() / f"{key}-{start}_to_{end}.csv")
            if path is None:
                return None
        try:
            saved = self.reports.export_csv(table, path, self.report)
        except UserError as error:
            self.problem.setText(f"Nothing was exported: {error.message}")
            self.problem.show()
            return None
        self.problem.hide()
        self.status.setText(f"Exported {table.title.lower()} ({len(table.rows)} rows) to {saved}.")
        return saved

    def open_sheet(self, kind: str) -> SheetDialog:
        start, end = self.dates()
        dialog = SheetDialog(self.reports, kind, end if kind == DAY else start, self)
        dialog.open()
        return dialog


def choose_csv_path(parent: QWidget, suggested: Path) -> Path | None:
    """The file the owner picks (tests pass the path straight to `export` instead); the
    clinic's files and folders are refused in words and the dialog opens again."""
    return choose_save_path(parent, "Export the report as CSV", suggested, "csv")
