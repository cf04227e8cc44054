"""The code tiles of the open visit: favourites first, any catalog code a search away
(by its number or everyday words, ranked; picking one starts it).

The tiles grow with the room the window gives them (a maximised window on a large screen:
bigger tiles, bigger figures, up to `MAX_GROWTH`) and with the text size; the columns are
as many as fit the width, in the same order, so the keys 1-0 keep their tiles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, Signal
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
from timer_app.ui.code_tile import BASE_SIZE, CodeTile, TileFigures
from timer_app.ui.theme import text_scale
from timer_app.ui.widgets import plain_tip

SHORTCUT_KEYS = "1234567890"
GAP = 10  # px between tiles
ROOM = (900, 380)  # px the tiles have in a 1280x800 window: their size there is the base
MAX_GROWTH = 1.6  # tiles grow with the room up to this; text size and room together too
MAX_STRETCH = 1.25  # a tile widened to fill its column at most this much past its size


@dataclass(frozen=True, slots=True)
class TileLayout:
    columns: int
    size: QSize
    scale: float  # of the figures painted: the text size times the room's growth


def tile_layout(width: int, height: int, text: float = 1.0) -> TileLayout:
    """The tiles' columns, size and scale for `width` x `height` px of room at text size
    `text` (1.0 = 100 %): grown by the room past `ROOM` (the smaller of its two growths),
    never more than `MAX_GROWTH` in all unless the text size alone asks for more; as many
    columns as tiles of that size fit, each widened to fill the width (at most a little
    past its size; a single column narrower than a tile paints its figures smaller)."""
    growth = min(max(min(width / ROOM[0], height / ROOM[1]), 1.0), MAX_GROWTH)
    scale = round(min(text * growth, max(text, MAX_GROWTH)), 2)
    tile_width = round(BASE_SIZE[0] * scale)
    columns = max(1, (width + GAP) // (tile_width + GAP))
    filled = (width - GAP * (columns - 1)) // columns
    wide = max(min(filled, round(tile_width * MAX_STRETCH)), 1)
    return TileLayout(columns, QSize(wide, round(BASE_SIZE[1] * scale)), scale)


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
        self._grid.setSpacing(GAP)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._layout: TileLayout | None = None
        self._placed: tuple[int, tuple[str, ...]] = (0, ())  # columns, codes as laid out
        holder = QWidget()
        holder.setLayout(self._grid)
        self._scroll = scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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

    @property
    def layout_now(self) -> TileLayout | None:
        """The tiles' columns, size and scale as laid out now."""
        return self._layout

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
                gone = self._tiles.pop(code)
                gone.hide()  # not left painted where it was until it is deleted
                gone.deleteLater()
        for code in wanted:
            if code not in self._tiles:
                self._tiles[code] = self._new_tile(code)
                self._size_tile(self._tiles[code])
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

    def _room(self) -> tuple[int, int]:
        """The tiles' room: the scroll area, less a vertical scroll bar's width always (the
        bar showing or hiding must not change the columns)."""
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        return max(self._scroll.width() - bar - 2, 1), max(self._scroll.height(), 1)

    def _reflow(self) -> None:
        """Size the tiles for the room and the text size; place them again only when the
        columns or the tiles changed (a tap changes neither)."""
        chosen = tile_layout(*self._room(), text_scale())
        if chosen != self._layout:
            self._layout = chosen
            for tile in self._tiles.values():
                self._size_tile(tile)
        placed = (chosen.columns, tuple(self._tiles))
        if placed == self._placed:
            return
        self._placed = placed
        while self._grid.count():
            self._grid.takeAt(0)
        for row in range(self._grid.rowCount()):
            self._grid.setRowStretch(row, 0)
        columns = chosen.columns
        for index, tile in enumerate(self._tiles.values()):
            self._grid.addWidget(tile, index // columns, index % columns)

    def _size_tile(self, tile: CodeTile) -> None:
        if self._layout is not None:
            tile.set_scale(self._layout.scale)
            tile.setFixedSize(self._layout.size)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.results.isVisible():
            self._place_results()
        self._reflow()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        """Another text size (the application's style sheet changed): tiles sized again."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
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
