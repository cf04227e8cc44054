"""The front desk's "Treatment time record…": one visit's time record saved as a PDF (the
desk prints it from there, or has it follow each superbill by the owner's setting)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from timer_app.clinic.front_desk import DeskVisit, FrontDesk
from timer_app.errors import UserError
from timer_app.superbill.render import PaperSize
from timer_app.superbill.time_record_render import write_time_record_pdf
from timer_app.ui import front_desk_output as output


def suggested_file(item: DeskVisit) -> Path:
    return Path.home() / f"time-record-visit-{item.visit.id}-{item.visit.date.isoformat()}.pdf"


def save_time_record(
    parent: QWidget, desk: FrontDesk, item: DeskVisit, paper: PaperSize
) -> tuple[bool, str] | None:
    """Save the visit's time record where the desk chooses: (done, what to say), or None
    when the save dialog was cancelled. Saving is a disclosure, audited."""
    try:
        record = desk.time_record(item)
    except UserError as error:
        return False, f"No treatment time record for {item.label}: {error.message}."
    path = output.choose_pdf_path(parent, suggested_file(item), "Save treatment time record")
    if path is None:
        return None
    try:
        write_time_record_pdf(record, path, paper)
    except UserError as error:
        return False, f"Nothing was saved: {error.message}."
    desk.time_record_disclosed(item, f"saved as PDF {path.name}")
    return True, f"Saved the treatment time record of {item.label} to {path}."
