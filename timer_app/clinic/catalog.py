"""The codes as this clinic uses them: composed once, handed to every part that reads codes.

The shipped catalog, laid over with the clinic's settings (Clinic set-up, Codes): its own
custom codes added, the codes it turned off marked so they cannot be started (visits that
used them still bill). Favourites mean one thing, decided here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from timer_app.billing import Catalog, Discipline, Kind, custom_code, load_catalog
from timer_app.billing.edits import EditPair, load_edit_pairs
from timer_app.clinic.port import StorePort
from timer_app.records import Clinician, CodeSetting

# What a discipline's tiles offer first when neither the clinician nor the clinic chose.
SUGGESTED_FAVOURITES = {
    Discipline.PT: ("97110", "97140", "97530", "97112", "97116", "97035", "97010", "G0283"),
    Discipline.OT: ("97530", "97535", "97110", "97140", "97112", "97129", "97018", "97010"),
    Discipline.SLP: ("92507", "92526", "97129", "92610", "92523", "97535", "92508"),
}


def compose(shipped: Catalog, settings: Iterable[CodeSetting]) -> Catalog:
    """The shipped catalog with the clinic's custom codes and turned-off codes."""
    chosen = list(settings)
    custom = [custom_code(s.code, s.label, Kind(s.kind)) for s in chosen if s.custom and s.kind]
    return shipped.for_clinic([s.code for s in chosen if not s.enabled], custom)


def favourites_of(
    catalog: Catalog,
    settings: Mapping[str, CodeSetting],
    clinician: Clinician,
    discipline: Discipline,
) -> tuple[str, ...]:
    """The codes a clinician's tiles and keys 1-9, 0 offer first, turned-off codes left out:
    their own list (right-click a tile), else the clinic's favourites for the discipline
    (Clinic set-up, Codes), else the program's suggestion for the discipline."""

    def usable(codes: Iterable[str]) -> tuple[str, ...]:
        return tuple(c for c in dict.fromkeys(codes) if c in catalog and catalog[c].enabled)

    clinic_wide = [
        code
        for code, setting in settings.items()
        if setting.favourite and code in catalog and discipline in catalog[code].disciplines
    ]
    for choice in (clinician.favourite_codes, clinic_wide, SUGGESTED_FAVOURITES[discipline]):
        found = usable(choice)
        if found:
            return found
    return ()


class ClinicCodes:
    """The clinic's catalog, read once and read again after Clinic set-up changes codes."""

    def __init__(self, store: StorePort, shipped: Catalog | None = None) -> None:
        self._store = store
        self._shipped = shipped or load_catalog()
        self._catalog: Catalog | None = None
        self._settings: dict[str, CodeSetting] = {}
        self._pairs: tuple[EditPair, ...] | None = None

    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._settings = self._store.codes.all()
            self._catalog = compose(self._shipped, self._settings.values())
        return self._catalog

    def settings(self) -> dict[str, CodeSetting]:
        self.catalog()
        return dict(self._settings)

    def favourites(self, clinician: Clinician, discipline: Discipline) -> tuple[str, ...]:
        return favourites_of(self.catalog(), self._settings, clinician, discipline)

    def edit_pairs(self) -> tuple[EditPair, ...]:
        """The NCCI edits in use: CMS's table as the clinic imported it, else the shipped
        starter list."""
        if self._pairs is None:
            imported = self._store.rules.edit_pairs()
            self._pairs = imported.pairs if imported is not None else load_edit_pairs()
        return self._pairs

    def forget(self) -> None:
        """The settings or rule tables changed: read them again when next asked."""
        self._catalog = None
        self._pairs = None
