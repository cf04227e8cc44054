"""The code tiles of the open visit: favourites first, any catalog code a search away
(by its number or everyday words, ranked; picking one starts it)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QListView,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from timer_app.billing import Catalog
from timer_app.billing.code_search import CodeSearch, Found
from timer_app.ui.code_tile import CodeTile, TileFigures
from timer_app.ui.widgets import plain_tip

SHORTCUT_KEYS = "1234567890"


class TileGrid(QWidget):
    """Tiles in as many columns as fit; emits `tapped(code)`, `chosen(code)` (picked in the
    search, not running yet) and `favourite_toggled(code)`."""

    tapped = Signal(str)
    chosen = Signal(str)  # picked in the search: start it, as a tap does
    favourite_toggled = Signal(str)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._tiles: dict[str, CodeTile] = {}
        self._favourites: tuple[str, ...] = ()
        self.tile_menu: QMenu | None = None  # the last one shown
        self._search = QLineEdit(placeholderText="Find a code: its number or words (Ctrl+F)")
        self._search.setAccessibleName("Find a code")
        self._search.setToolTip(
            "Type a code or everyday words (ther ex, e-stim, hot pack), then tap the one "
            "you deliver or press Enter: it starts"
        )
        self._search.textEdited.connect(self._show_found)
        self._search.returnPressed.connect(self._choose_current)
        self._search.installEventFilter(self)
        self._finder = CodeSearch(())
        self._found = QStandardItemModel(self)
        self.results = _results_view(self._found, self)
        self.results.clicked.connect(self._choose_index)
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
        self._finder = CodeSearch(c for c in catalog.values() if c.enabled)

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
        tile.long_pressed.connect(lambda: self._tile_menu(code))  # a finger's right-click
        return tile

    def _tile_menu(self, code: str) -> None:
        """Shown without blocking (a held finger lifts while it is open); the tile may be
        gone when an action runs, so the menu belongs to the grid."""
        if self.tile_menu is not None:
            self.tile_menu.deleteLater()
        self.tile_menu = menu = QMenu(self)
        words = "Remove from favourites" if code in self._favourites else "Add to favourites"
        menu.addAction(words, lambda: self.favourite_toggled.emit(code))
        menu.popup(self._tiles[code].mapToGlobal(self._tiles[code].rect().center()))

    # --- search ----------------------------------------------------------------------------

    def _show_found(self, text: str) -> None:
        """The codes that fit what was typed, best first, over the tiles."""
        self._found.clear()
        found = self._finder.find(text)
        for hit in found:
            self._found.appendRow(_result_row(hit))
        if text.strip() and not found:
            nothing = QStandardItem(f"No code fits “{text.strip()}”: try its number or other words")
            nothing.setEnabled(False)
            self._found.appendRow(nothing)
        self.results.setCurrentIndex(self._found.index(0, 0))
        self._place_results()

    def _place_results(self) -> None:
        rows = self._found.rowCount()
        self.results.setVisible(rows > 0)
        if not rows:
            return
        top = self._search.geometry().bottom() + 2
        height = sum(self.results.sizeHintForRow(r) for r in range(rows)) + 4
        height = min(height, max(self.height() - top, 60))
        self.results.setGeometry(self._search.x(), top, self._search.width(), height)
        self.results.raise_()

    def _choose_current(self) -> None:
        self._choose_index(self.results.currentIndex())

    def _choose_index(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE) if index.isValid() else None
        if code:
            self.choose(str(code))

    def choose(self, code: str) -> None:
        """A code picked in the search starts; one already running keeps running."""
        self._close_search()
        tile = self._tiles.get(code)
        if tile is None or not tile.figures.running:
            self.chosen.emit(code)
        if code in self._tiles:
            self._tiles[code].setFocus()

    def _close_search(self) -> None:
        self._search.clear()
        self._found.clear()
        self.results.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Up and Down walk the results, Escape closes them; leaving the box hides them."""
        if watched is not self._search:
            return super().eventFilter(watched, event)
        key = event.key() if isinstance(event, QKeyEvent) else None
        if key is not None and event.type() == QEvent.Type.KeyPress and self._key(Qt.Key(key)):
            return True
        if event.type() == QEvent.Type.FocusOut:
            self.results.hide()
        return super().eventFilter(watched, event)

    def _key(self, key: Qt.Key) -> bool:
        if key == Qt.Key.Key_Escape and self.results.isVisible():
            self._close_search()
            return True
        steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}
        if key not in steps or not self.results.isVisible():
            return False
        row = self.results.currentIndex().row() + steps[key]
        if 0 <= row < self._found.rowCount():
            self.results.setCurrentIndex(self._found.index(row, 0))
        return True

    def _reflow(self) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        columns = max(1, (self.width() - 10) // 214)
        for index, tile in enumerate(self._tiles.values()):
            self._grid.addWidget(tile, index // columns, index % columns)
        self._grid.setRowStretch(len(self._tiles) // columns + 1, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.results.isVisible():
            self._place_results()
        if event.size().width() // 214 != event.oldSize().width() // 214:
            self._reflow()


CODE_ROLE = Qt.ItemDataRole.UserRole


def _results_view(model: QStandardItemModel, parent: QWidget) -> QListView:
    """The codes found, laid over the tiles under the search box: not a pop-up window, so
    the box keeps the keyboard while a finger taps a row."""
    view = QListView(parent)
    view.setObjectName("code_results")
    view.setAccessibleName("Codes found")
    view.setModel(model)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setWordWrap(False)
    view.hide()
    return view


def _result_row(hit: Found) -> QStandardItem:
    """Two lines: the code and its tile words; its label, and the everyday word that found it."""
    code = hit.code
    why = f" · “{hit.alias}”" if hit.alias else ""
    row = QStandardItem(f"{code.code}   {code.tile}\n{code.label}{why}")
    row.setData(code.code, CODE_ROLE)
    row.setToolTip(plain_tip(f"Start {code.code} {code.tile}"))
    return row
