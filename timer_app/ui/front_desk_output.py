"""Where a batch of superbills goes: the native dialogs, and a progress window with Cancel.

Pages are painted on the GUI thread: QTextDocument layout and QPdfWriter/QPrinter painting
are not safe off it in general. The progress callback runs after every page and lets Qt
handle events, so the window repaints and Cancel answers within one page (about 30 ms).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from timer_app.superbill.render import PaperSize, page_layout
from timer_app.ui.save_path import choose_save_path

# A batch takes the renderer's progress callback and returns False when cancelled.
Batch = Callable[[Callable[[int, int], bool]], bool]


def choose_pdf_path(
    parent: QWidget, suggested: Path, title: str = "Save superbills as PDF"
) -> Path | None:
    """The file the front desk picks in the native save dialog, or None when cancelled.

    The choice is checked before any page is made (`timer_app.outputs.check_target`): the
    clinic's database, its data or backups folder, a folder, a read-only folder are refused
    in words and the dialog opens again. The dialog has already asked about replacing an
    existing file.
    """
    return choose_save_path(parent, title, suggested, "pdf")


def printers_installed() -> bool:
    """Whether this computer has a printer at all (else Qt offers only "Print to File")."""
    return bool(QPrinterInfo.availablePrinterNames())


def choose_printer(parent: QWidget, paper: PaperSize, what: str = "Superbills") -> QPrinter | None:
    """A printer set up in the native print dialog (the paper setting pre-chosen)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(what)
    printer.setPageLayout(page_layout(paper))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {what.lower()}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


class BatchProgress:
    """A progress window driven by the renderer's callback; Cancel stops after this page.

    Also measures the longest wait between two callbacks: how long the window could not
    answer a click (kept for the tests and the benchmark notes).
    """

    def __init__(self, parent: QWidget, what: str, count: int) -> None:
        self.what = what
        self.dialog = QProgressDialog(f"{what}…", "Cancel", 0, count, parent)
        self.dialog.setWindowTitle("Superbills")
        self.dialog.setAccessibleName(f"{what} progress")
        self.dialog.setToolTip("Cancel stops after the page being made; no half file is left")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.longest_wait = 0.0
        self._last = time.perf_counter()

    def __call__(self, done: int, total: int) -> bool:
        now = time.perf_counter()
        self.longest_wait = max(self.longest_wait, now - self._last)
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(f"{self.what}: superbill {min(done + 1, total)} of {total}…")
        QCoreApplication.processEvents()
        self._last = time.perf_counter()
        return not self.dialog.wasCanceled()

    def run(self, batch: Batch) -> bool:
        """Run the batch under this window; False when the front desk cancelled it."""
        self.dialog.show()
        QCoreApplication.processEvents()
        try:
            return batch(self)
        finally:
            self.dialog.close()
            self.dialog.deleteLater()
