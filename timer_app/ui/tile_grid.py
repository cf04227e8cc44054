"""The code tiles of the open visit: favourites first, any catalog code a search away."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCompleter,
    QGridLayout,
    QLineEdit,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing import Catalog
from timer_app.ui.code_tile import CodeTile, TileFigures

SHORTCUT_KEYS = "1234567890"


class TileGrid(QWidget):
    """Tiles in as many columns as fit; emits `tapped(code)` and `favourite_toggled(code)`."""

    tapped = Signal(str)
    favourite_toggled = Signal(str)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._tiles: dict[str, CodeTile] = {}
        self._favourites: tuple[str, ...] = ()
        self._search = QLineEdit(placeholderText="Add a code: type its number or words (Ctrl+F)")
        self._search.setAccessibleName("Add a code")
        self._search.setToolTip("Type a code or words, then Enter: its tile appears below")
        self._choices = QStringListModel(self)
        completer = QCompleter(self._choices, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._add_from_search)
        self._search.setCompleter(completer)
        self._search.returnPressed.connect(lambda: self._add_from_search(self._search.text()))
        self._grid = QGridLayout()
        self._grid.setSpacing(10)
        holder = QWidget()
        holder.setLayout(self._grid)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._search)
        layout.addWidget(scroll, 1)
        self.set_catalog(catalog)

    def set_catalog(self, catalog: Catalog) -> None:
        """The clinic's codes as they are now: the search offers the ones that may be timed."""
        self._catalog = catalog
        timeable = [f"{c.code}  {c.label}" for c in catalog.values() if c.enabled]
        self._choices.setStringList(timeable)

    @property
    def search_box(self) -> QLineEdit:
        return self._search

    def tile(self, code: str) -> CodeTile:
        return self._tiles[code]

    def codes(self) -> list[str]:
        return list(self._tiles)

    def show_codes(self, favourites: Sequence[str], others: Sequence[str]) -> None:
        """Favourites first (with their keys), then the visit's other codes."""
        self._favourites = tuple(favourites)
        wanted = list(dict.fromkeys([*favourites, *others]))
        for code in list(self._tiles):
            if code not in wanted:
                self._tiles.pop(code).deleteLater()
        for code in wanted:
            if code not in self._tiles:
                self._tiles[code] = self._new_tile(code)
        self._tiles = {code: self._tiles[code] for code in wanted}
        self._reflow()

    def shortcut_for(self, code: str) -> str:
        index = self._favourites.index(code) if code in self._favourites else -1
        return SHORTCUT_KEYS[index] if 0 <= index < len(SHORTCUT_KEYS) else ""

    def update_figures(self, figures: dict[str, TileFigures]) -> None:
        for code, tile in self._tiles.items():
            tile.set_figures(figures.get(code) or self._idle(code))

    def _idle(self, code: str) -> TileFigures:
        entry = self._catalog[code]
        return TileFigures(code, entry.tile, entry.is_timed, shortcut=self.shortcut_for(code))

    def _new_tile(self, code: str) -> CodeTile:
        tile = CodeTile(self._idle(code))
        tile.clicked.connect(lambda: self.tapped.emit(code))
        tile.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tile.customContextMenuRequested.connect(lambda _pos: self._tile_menu(code))
        return tile

    def _tile_menu(self, code: str) -> None:
        menu = QMenu(self)
        words = "Remove from favourites" if code in self._favourites else "Add to favourites"
        menu.addAction(words, lambda: self.favourite_toggled.emit(code))
        menu.exec(self._tiles[code].mapToGlobal(self._tiles[code].rect().center()))

    def _add_from_search(self, text: str) -> None:
        code = text.strip().split(" ")[0].upper()
        if code not in self._catalog:
            return
        if code not in self._tiles:
            self.show_codes(self._favourites, [*self._tiles, code])
        self._search.clear()
        self._tiles[code].setFocus()

    def _reflow(self) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        columns = max(1, (self.width() - 10) // 214)
        for index, tile in enumerate(self._tiles.values()):
            self._grid.addWidget(tile, index // columns, index % columns)
        self._grid.setRowStretch(len(self._tiles) // columns + 1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().width() // 214 != event.oldSize().width() // 214:
            self._reflow()
