"""What the integrity check found, shown to the owner: changes made outside the program.

show_findings(parent, findings)     the dialog, modal
findings_dialog(parent, findings)   the same dialog built but not shown (tests read it)

Every line is plain text: the words come from `timer_app.clinic.integrity`.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from timer_app.clinic.integrity import Findings
from timer_app.ui.widgets import button, explain, label

TITLE = "Changes made outside Therapy Timer"
EVIDENCE = (
    "This is evidence that the clinic's file was changed outside the program, with another "
    "tool (a database editor, a script). Therapy Timer seals every signed visit and links "
    "every audit entry to the one before; what is listed below no longer matches."
)
WHAT_TO_DO = (
    "What to do: do not bill or print the visits listed until they are checked. Compare "
    "them with a backup made before the change. Ask who had access to this computer and to "
    "the clinic's data folder, and when. Keep this list (Copy) with your notes."
)
CLEAN = (
    "No changes made outside the program were found: every signed visit matches its seal "
    "and the audit log is whole."
)


class IntegrityDialog(QDialog):
    """The findings, one a line, with what they mean and what to do; Copy and Close."""

    def __init__(self, findings: Findings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE if not findings.clean else "Nothing changed outside")
        self.resize(760, 480)
        self.text = "\n".join(findings.lines())
        layout = QVBoxLayout(self)
        if findings.clean:
            layout.addWidget(label(CLEAN, "", wrap=True))
        else:
            count = len(findings.lines())
            heading = f"Found {count} change{'s' if count != 1 else ''} made outside the program."
            self.heading = label(heading, "banner_error", wrap=True)
            self.heading.setAccessibleName("Changes found")
            layout.addWidget(self.heading)
            layout.addWidget(label(EVIDENCE, "", wrap=True))
            self.lines = explain(QPlainTextEdit(), "Findings", "What was found, one a line")
            self.lines.setReadOnly(True)
            self.lines.setPlainText(self.text)
            self.lines.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            layout.addWidget(self.lines, 1)
            layout.addWidget(label(WHAT_TO_DO, "", wrap=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        explain(close, "Close", "Close this window (Esc)")
        buttons.rejected.connect(self.reject)
        if not findings.clean:
            self.copy_button = button("Copy", "Copy the list to paste it into your notes")
            self.copy_button.clicked.connect(self.copy)
            buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)
        close.setDefault(True)
        close.setFocus()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)


def findings_dialog(parent: QWidget | None, findings: Findings) -> IntegrityDialog:
    """The dialog, built and not shown."""
    return IntegrityDialog(findings, parent)


def show_findings(parent: QWidget | None, findings: Findings) -> None:
    """Show what the check found and wait until it is closed."""
    findings_dialog(parent, findings).exec()
