"""A finished visit as a superbill: plain data first (`build_superbill`), rendered second.

Built from the clinic's records (`timer_app.records`) and the visit's billing. This
package's top level is Qt-free, so the CLI can build and export without a display; the Qt
rendering (PDF, printer) lives in `timer_app.superbill.render`.
"""

from timer_app.superbill.build import build_superbill
from timer_app.superbill.export import claims_csv, export_claims
from timer_app.superbill.html import superbill_html
from timer_app.superbill.model import LetteredDiagnosis, Superbill, SuperbillLine
from timer_app.superbill.money import format_cents

__all__ = [
    "LetteredDiagnosis",
    "Superbill",
    "SuperbillLine",
    "build_superbill",
    "claims_csv",
    "export_claims",
    "format_cents",
    "superbill_html",
]
