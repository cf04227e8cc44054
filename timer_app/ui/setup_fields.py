"""Form rows for clinic set-up: a field, and beside it what is wrong with it.

A `CheckedForm` runs every field's check at once; the section saves only when all pass,
and the first wrong field takes the keyboard focus. A field that takes text says its limit
beside it ("at most 80 characters"; `clinic.checks` holds the limits), and a one-line
field takes no more. Everything shown here is plain text: names are shown as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from timer_app.clinic.checks import limit_words
from timer_app.errors import UserError
from timer_app.ui.theme import COLORS
from timer_app.ui.widgets import button, label, plain_tip

Check = Callable[[], str | None]
PROBLEM_STYLE = f"color: {COLORS['error_border']}; font-weight: bold;"
PROBLEM_WIDTH = 380  # room for a sentence in two lines, so fields do not jump


def line_edit(name: str, tip: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setToolTip(tip)
    edit.setPlaceholderText(placeholder)
    return edit


def text_edit(name: str, tip: str, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setToolTip(tip)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(lines * edit.fontMetrics().lineSpacing() + 16)
    return edit


def combo(name: str, tip: str, items: Sequence[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.setToolTip(tip)
    for text, data in items:
        box.addItem(text, data)
    return box


def problem_label(name: str) -> QLabel:
    """Red words beside a field; empty while the field is fine."""
    words = label("", "field_problem", wrap=True)
    words.setStyleSheet(PROBLEM_STYLE)
    words.setAccessibleName(f"Problem with {name}")
    words.setFixedWidth(PROBLEM_WIDTH)
    return words


def limit_label_for(name: str, words: str) -> QLabel:
    """Grey words beside a text field: how much it takes."""
    limit = label(words, "caption")
    limit.setAccessibleName(f"Limit of {name}")
    return limit


def sentence(message: str | None) -> str:
    """The checks' words start in lower case (they read well after a field's name)."""
    return "" if not message else message[0].upper() + message[1:]


class StatusLine(QLabel):
    """What the last Save did, at the foot of a section: red when nothing was saved."""

    def __init__(self, name: str) -> None:
        super().__init__("")
        self.setTextFormat(Qt.TextFormat.PlainText)  # it quotes names
        self.setAccessibleName(name)
        self.setWordWrap(True)

    def failed(self, message: str) -> None:
        self.setStyleSheet(PROBLEM_STYLE)
        self.setText(message)

    def done(self, message: str) -> None:
        self.setStyleSheet(f"color: {COLORS['running']}; font-weight: bold;")
        self.setText(message)


@dataclass
class Field:
    widget: QWidget
    check: Check
    problem: QLabel
    limit: QLabel | None = None  # "at most 80 characters", beside a text field


def _recheck_when_changed(field: Field) -> None:
    """A problem shown beside a field is checked again as the field changes: the words go
    the moment it is right (or change with what is still wrong), not at the next save."""

    def recheck(*_: object) -> None:
        if field.problem.text():
            field.problem.setText(sentence(field.check()))

    widget = field.widget
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.textChanged.connect(recheck)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(recheck)


class CheckedForm:
    """A QFormLayout whose rows carry a check and a problem label beside the field."""

    def __init__(self) -> None:
        self.layout = QFormLayout()
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.fields: dict[str, Field] = {}

    def add(
        self,
        caption: str,
        widget: QWidget,
        check: Check | None = None,
        *,
        limit: int | None = None,
        limit_text: str = "",
    ) -> QLabel:
        """A row: caption, the field, its limit and its problem label; returns the problem
        label. `limit`: a one-line field takes at most that many characters, and says so
        beside it; `limit_text` says another limit (an address's lines)."""
        name = widget.accessibleName() or caption
        problem = problem_label(name)
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        if limit is not None and isinstance(widget, QLineEdit):
            widget.setMaxLength(limit)
        words = limit_text or (limit_words(limit) if limit is not None else "")
        limit_label = limit_label_for(name, words) if words else None
        if limit_label is not None:
            widget.setToolTip(f"{widget.toolTip()}; {words}" if widget.toolTip() else words)
            row.addWidget(limit_label)
        row.addWidget(problem)
        caption_label = QLabel(caption)
        caption_label.setBuddy(widget)
        self.layout.addRow(caption_label, row)
        field = Field(widget, check or (lambda: None), problem, limit_label)
        self.fields[caption] = field
        _recheck_when_changed(field)
        return problem

    def limit(self, caption: str) -> str:
        """The limit said beside a field ("" when it has none)."""
        found = self.fields[caption].limit
        return found.text() if found is not None else ""

    def show_problem(self, caption: str, message: str | None) -> None:
        self.fields[caption].problem.setText(sentence(message))

    def problem(self, caption: str) -> str:
        return self.fields[caption].problem.text()

    def check(self) -> bool:
        """Run every check, show the results beside the fields; True when all are fine."""
        first_wrong: QWidget | None = None
        for field in self.fields.values():
            message = field.check()
            field.problem.setText(sentence(message))
            if message and first_wrong is None:
                first_wrong = field.widget
        if first_wrong is not None:
            first_wrong.setFocus()
        return first_wrong is None

    def clear_problems(self) -> None:
        for field in self.fields.values():
            field.problem.setText("")


class RecordList(QWidget):
    """The records of a section (clinicians, payers, patients) to pick one to edit.

    Emits `chosen(id)` when one is picked, `chosen(None)` for "New".
    """

    chosen = Signal(object)

    def __init__(self, name: str, new_text: str, new_tip: str) -> None:
        super().__init__()
        self.model = QStandardItemModel()
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(name)
        self.view.setToolTip(f"Pick one to change it ({name.lower()})")
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.selectionModel().currentChanged.connect(self._picked)
        self.new_button = button(new_text, new_tip, "")
        self.new_button.clicked.connect(self.start_new)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.view, 1)
        self.layout_.addWidget(self.new_button)
        self.setFixedWidth(300)

    def set_records(self, records: list[tuple[str, int]], keep: int | None = None) -> None:
        """Show (text, id) pairs; `keep` stays picked when it is still listed."""
        self.view.selectionModel().blockSignals(True)
        self.model.clear()
        for text, record_id in records:
            item = QStandardItem(text)
            item.setData(record_id, Qt.ItemDataRole.UserRole)
            item.setToolTip(plain_tip(text))
            self.model.appendRow(item)
        self.view.selectionModel().blockSignals(False)
        if keep is not None:
            self.pick(keep)

    def pick(self, record_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.item(row).data(Qt.ItemDataRole.UserRole) == record_id:
                self.view.setCurrentIndex(self.model.index(row, 0))
                return

    def start_new(self) -> None:
        self.view.selectionModel().blockSignals(True)
        self.view.clearSelection()
        self.view.setCurrentIndex(QModelIndex())
        self.view.selectionModel().blockSignals(False)
        self.chosen.emit(None)

    def _picked(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.chosen.emit(current.data(Qt.ItemDataRole.UserRole))


def heading(text: str = "") -> QLabel:
    """A section's heading, e.g. "Change Dana Reyes" above the form (plain text: a name)."""
    words = label(text)
    words.setStyleSheet("font-size: 13pt; font-weight: bold;")
    return words


def lay_out_record_page(
    page: QWidget,
    records: QWidget,
    form: QLayout,
    status: QWidget,
    save_button: QWidget,
    below_form: QWidget | None = None,
    scroll: bool = False,
) -> QLabel:
    """The records on the left; on the right a heading, the form, `below_form` (or space),
    and the status line beside the save button. Returns the heading to fill in. A long form
    `scroll`s inside the page: the save button stays in sight on a 1280x800 screen."""
    actions = QHBoxLayout()
    actions.addWidget(status, 1)
    actions.addWidget(save_button)
    right = QVBoxLayout()
    title = heading()
    right.addWidget(title)
    if scroll:
        right.addWidget(_scrolled(form), 1)
    else:
        right.addLayout(form)
    if below_form is not None:
        right.addWidget(below_form, 1)
    elif not scroll:
        right.addStretch(1)
    right.addLayout(actions)
    layout = QHBoxLayout(page)
    layout.addWidget(records)
    layout.addLayout(right, 1)
    return title


def _scrolled(form: QLayout) -> QScrollArea:
    holder = QWidget()
    holder.setLayout(form)
    area = QScrollArea()
    area.setWidget(holder)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class _Record(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


class _RecordPage(Protocol):
    editing: int | None
    status: StatusLine

    def reload(self) -> None: ...


Saved = TypeVar("Saved", bound=_Record)


def write_record(
    page: _RecordPage,
    write: Callable[[], Saved],
    refused: Callable[[str], None],
    done_words: Callable[[Saved], str] = lambda saved: f"{saved.name} saved.",
) -> bool:
    """The store's part of a page's Save, once the form checked out: a refusal is shown by
    `refused` and nothing is kept; a success is listed, stays open for editing, and said."""
    try:
        saved = write()
    except UserError as error:
        refused(error.message)
        return False
    page.editing = saved.id
    page.reload()
    page.status.done(done_words(saved))
    return True
