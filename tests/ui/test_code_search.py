"""The code search on the therapist's screen: everyday words, ranked results, a pick starts."""

from __future__ import annotations

from PySide6.QtCore import Qt

from timer_app.ui.main_window import MainWindow
from timer_app.ui.tile_grid import CODE_ROLE, TileGrid


def _start_visit(window: MainWindow) -> None:
    bar = window.treatment.visit_bar
    bar.patient.setCurrentIndex(bar.patient.findText("Lopez", Qt.MatchFlag.MatchStartsWith))
    bar.start.click()


def _type(qtbot, grid: TileGrid, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into the search box as a person does; the codes listed, top first."""
    grid.search_box.setFocus()
    grid.search_box.clear()
    qtbot.keyClicks(grid.search_box, text)
    model = grid.results.model()
    return [model.index(r, 0).data(CODE_ROLE) for r in range(model.rowCount())]


def test_everyday_words_list_their_code_first(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _start_visit(window)
    grid = window.treatment.tiles
    for typed, code in [("manual", "97140"), ("hot pack", "97010"), ("ther ex", "97110"),
                        ("neuro re", "97112"), ("hot", "97010")]:  # fmt: skip
        assert _type(qtbot, grid, typed)[0] == code, typed
    assert set(_type(qtbot, grid, "e-stim")[:3]) == {"97014", "G0283", "97032"}
    assert set(_type(qtbot, grid, "tens")[:3]) == {"97014", "G0283", "97032"}
    assert grid.results.isVisible()


def test_the_results_are_ranked_and_say_why(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _start_visit(window)
    grid = window.treatment.tiles
    assert _type(qtbot, grid, "hot")[:2] == ["97010", "97760"]  # Orthotic only contains it
    assert _type(qtbot, grid, "971")[:3] == ["97110", "97140", "97112"]
    row = grid.results.model().index(0, 0).data() if _type(qtbot, grid, "tens") else ""
    assert "“TENS”" in row
    assert _type(qtbot, grid, "xyzzy") == [None]  # one row that says nothing fits
    assert "No code fits" in grid.results.model().index(0, 0).data()


def test_picking_a_code_in_the_search_starts_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _start_visit(window)
    screen = window.treatment
    _type(qtbot, screen.tiles, "hot pack")
    qtbot.keyClick(screen.tiles.search_box, Qt.Key.Key_Return)
    assert screen.tiles.tile("97010").figures.running
    assert screen.tiles.search_box.text() == "" and not screen.tiles.results.isVisible()


def test_a_tap_on_a_result_row_starts_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _start_visit(window)
    screen = window.treatment
    codes = _type(qtbot, screen.tiles, "ultra")
    view = screen.tiles.results
    rect = view.visualRect(view.model().index(codes.index("97035"), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert screen.tiles.tile("97035").figures.running


def test_arrows_walk_the_results_and_escape_closes_them(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _start_visit(window)
    screen = window.treatment
    codes = _type(qtbot, screen.tiles, "e-stim")
    qtbot.keyClick(screen.tiles.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(screen.tiles.search_box, Qt.Key.Key_Return)
    assert screen.tiles.tile(codes[1]).figures.running
    assert not screen.tiles.tile(codes[0]).figures.running
    _type(qtbot, screen.tiles, "gait")
    qtbot.keyClick(screen.tiles.search_box, Qt.Key.Key_Escape)
    assert not screen.tiles.results.isVisible() and screen.tiles.search_box.text() == ""


def test_picking_a_running_code_keeps_it_running(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _start_visit(window)
    screen = window.treatment
    qtbot.mouseClick(screen.tiles.tile("97110"), Qt.MouseButton.LeftButton)
    _type(qtbot, screen.tiles, "97110")
    qtbot.keyClick(screen.tiles.search_box, Qt.Key.Key_Return)
    assert screen.tiles.tile("97110").figures.running


def test_a_turned_off_code_is_not_offered(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _start_visit(window)
    grid = window.treatment.tiles
    catalog = window.treatment.catalog
    grid.set_catalog(catalog.for_clinic(["97010"], []))
    assert "97010" not in _type(qtbot, grid, "hot pack")
