"""The visit header and the message area of the therapist's screen.

The header names the open visit (patient, clinician, payer, start) and runs its timed
clock, with the minutes it bills beside when the codes' dropped seconds make them fewer.
The message area below it has a fixed height: a message showing or going never moves the
tiles under the therapist's finger. Under the messages it keeps the open visit's plan-of-care
reminders (`PlanReminders`): what is overdue in red, what is due in amber, each said in words.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing.plan_of_care import Reminder, Urgency
from timer_app.ui.theme import COLORS, clock_text
from timer_app.ui.widgets import label, plain_tip


class FixedText(QLabel):
    """A label whose size fits its widest sample text, whatever it shows: its text changes
    every second without laying the window out again (and it follows a text-size change)."""

    def __init__(self, role: str, samples: tuple[str, ...]) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName(role)
        self._samples = samples
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(s) for s in self._samples)
        margins = self.contentsMargins()
        self.setFixedSize(
            widest + 8 + margins.left() + margins.right(),
            metrics.height() + 4 + margins.top() + margins.bottom(),
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()
        super().changeEvent(event)

    def show_text(self, text: str) -> None:
        if self.text() != text:  # an unchanged text repaints nothing
            self.setText(text)


@dataclass(frozen=True, slots=True)
class HeaderFigures:
    """What the header shows; the screen works it out from the service's words and the
    timer's figures, the header only paints it."""

    title: str  # the patient's name, or what the screen is in ("No visit open")
    details: str  # "Dana Reyes, PT, DPT · Medicare · started 09:02", or the signature
    timed_seconds: int | None = None  # the visit's timed time; None: no clock
    billed_minutes: int | None = None  # shown only when they differ from the clock's


class VisitHeader(QFrame):
    """Patient, clinician, payer and start on the left; the timed clock on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visit_header")
        self.title = label("", "figure")
        self.title.setAccessibleName("Open visit")
        # a long name is cut at the header's edge (whole in the tooltip), never widens it
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(120)
        self.details = label("", "caption")
        self.details.setAccessibleName("Visit details")
        self.details.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.clock = FixedText("figure", ("8:88:88",))
        self.clock.setAccessibleName("Timed time of the visit")
        self.clock.setToolTip("The visit's timed codes, added up; it runs while one runs")
        # "timed", and the minutes billed when the codes' dropped seconds make them fewer
        self.clock_caption = FixedText("caption", ("timed · bills 888 min",))
        self.clock_caption.setAccessibleName("Timed time and minutes billed")
        self.clock_caption.setToolTip(
            "Each code's seconds become whole minutes before the rule counts them, so the "
            "visit may bill fewer minutes than its clock shows; the review explains it"
        )
        who = QVBoxLayout()
        who.setContentsMargins(0, 0, 0, 0)
        who.setSpacing(0)
        who.addWidget(self.title)
        who.addWidget(self.details)
        timed = QVBoxLayout()
        timed.setContentsMargins(0, 0, 0, 0)
        timed.setSpacing(0)
        timed.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignRight)
        timed.addWidget(self.clock_caption, 0, Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(who, 1)
        layout.addLayout(timed)
        self._shown: HeaderFigures | None = None

    def show_figures(self, figures: HeaderFigures) -> None:
        if figures == self._shown:
            return  # a repaint with nothing new lays nothing out
        if self._shown is None or figures.title != self._shown.title:
            self.title.setText(figures.title)
            self.title.setToolTip(plain_tip(figures.title))
        if self._shown is None or figures.details != self._shown.details:
            self.details.setText(figures.details)
            self.details.setToolTip(plain_tip(figures.details))
        seconds, billed = figures.timed_seconds, figures.billed_minutes
        self.clock.show_text("" if seconds is None else clock_text(seconds))
        differs = seconds is not None and billed is not None and billed != seconds // 60
        caption = "" if seconds is None else f"timed · bills {billed} min" if differs else "timed"
        self.clock_caption.show_text(caption)
        self.clock.setAccessibleDescription(self.clock.text())
        self._shown = figures

    def words(self) -> str:
        """Everything the header says, for a screen reader's summary and the tests."""
        parts = [self.title, self.details, self.clock, self.clock_caption]
        return " ".join(p.text() for p in parts if p.text())


# text colours with at least 4.5:1 contrast on the panel's grey: red, dark amber, ink
URGENCY_COLOURS = {
    Urgency.OVERDUE: COLORS["error_border"],
    Urgency.DUE: "#8a5300",
    Urgency.NOTE: COLORS["ink"],
}
URGENCY_MARKS = {Urgency.OVERDUE: "⚠ ", Urgency.DUE: "⚠ ", Urgency.NOTE: ""}
REMINDERS_STYLE = (
    f"QLabel#plan_reminders {{ background: {COLORS['panel']}; "
    f"border: 1px solid {COLORS['tile_border']}; border-radius: 6px; padding: 4px 8px; }}"
)


class PlanReminders(QLabel):
    """The open visit's plan-of-care reminders, one a line, the overdue first: red and bold
    when overdue, amber when due, plain for a note; the words say which (never colour
    alone). Hidden when there are none."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("plan_reminders")
        self.setTextFormat(Qt.TextFormat.RichText)  # our markup; the words escaped
        self.setWordWrap(True)
        self.setStyleSheet(REMINDERS_STYLE)
        self.setAccessibleName("Plan of care reminders")
        self.setToolTip("What the patient's plan of care asks at this visit: a progress "
                        "report, a recertification, the authorization's visits left")  # fmt: skip
        self._shown: tuple[Reminder, ...] | None = None
        self.hide()

    def show_reminders(self, reminders: Sequence[Reminder]) -> None:
        shown = tuple(sorted(reminders, key=lambda r: ORDER.index(r.urgency)))
        if shown == self._shown:
            return  # the same visit repainted: nothing laid out again
        self._shown = shown
        self.setText("<br>".join(_line(r) for r in shown))
        self.setAccessibleDescription(self.words())
        self.setVisible(bool(shown))

    def words(self) -> str:
        """The reminders as a person reads them, one a line."""
        return "\n".join(r.words for r in self._shown or ())


ORDER = (Urgency.OVERDUE, Urgency.DUE, Urgency.NOTE)


def _line(reminder: Reminder) -> str:
    weight = "bold" if reminder.overdue else "normal"
    colour = URGENCY_COLOURS[reminder.urgency]
    words = html.escape(URGENCY_MARKS[reminder.urgency] + reminder.words)
    return f'<span style="color: {colour}; font-weight: {weight};">{words}</span>'


class MessageArea(QScrollArea):
    """A fixed-height place for the screen's messages, below the header: what shows or goes
    in it never moves what is under it. More than fits scrolls inside it. With nothing to
    say it shows the keys, quietly. `standing` is what stays while a visit is open (its
    plan-of-care reminders): below the messages, and the keys still show beside it when
    there is room."""

    HINT = "Tap a code to time it · Space pauses all · Ctrl+Z undoes · Ctrl+E ends the visit"

    def __init__(
        self, *messages: QWidget, standing: QWidget | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("messages")
        self.setAccessibleName("Messages")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.messages = messages
        self.hint = label(self.HINT, "caption")
        self.hint.setAccessibleName("Keys")
        inner = QWidget()
        inner.setObjectName("messages_inner")
        self._column = column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        for message in messages:
            column.addWidget(message)
        self.standing = standing
        self._room: tuple[object, bool] | None = None  # (what it was measured for, room)
        if standing is not None:
            column.addWidget(standing)
        column.addStretch(1)
        column.addWidget(self.hint)  # in the middle of the area when alone
        column.addStretch(1)
        self.setWidget(inner)
        # the window's own background: an empty area is not a grey box
        self.setStyleSheet(
            "QScrollArea#messages, QWidget#messages_inner { background: transparent; }"
        )
        self.viewport().setAutoFillBackground(False)
        inner.setAutoFillBackground(False)
        self._fit()

    def _fit(self) -> None:
        """Two messages, one of them of two lines, fit without scrolling (each has 8 px
        of padding and a 1 px border around its text, 4 px between them)."""
        line = self.fontMetrics().lineSpacing()
        self.setFixedHeight(3 * line + 2 * (2 * 8 + 2) + 4 + 2)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()
        super().changeEvent(event)

    def bring(self, message: QWidget) -> None:
        """A message just said is scrolled into sight, whatever else the area holds."""
        self._column.activate()  # where it is now, not after the next layout pass
        self.ensureWidgetVisible(message, 0, 0)

    def settle(self) -> None:
        """The hint shows only when no message does, and when the standing reminders leave
        it room."""
        quiet = not any(m.isVisibleTo(self) for m in self.messages) and self._room_for_hint()
        if self.hint.isVisibleTo(self) != quiet:
            self.hint.setVisible(quiet)

    def _room_for_hint(self) -> bool:
        standing = self.standing
        if standing is None or not standing.isVisibleTo(self):
            return True
        width = self.viewport().width() or self.width()
        text = standing.text() if isinstance(standing, QLabel) else ""
        key = (text, width, self.height(), self.font().pointSizeF())
        if self._room is None or self._room[0] != key:  # laid out once, not every repaint
            needed = standing.heightForWidth(width)
            needed = needed if needed > 0 else standing.sizeHint().height()
            self._room = (key, needed + 4 + self.hint.sizeHint().height() <= self.height())
        return self._room[1]
