"""The Map page's load: the layout in its own process with progress, cancelled when the
page is left or the window closes, restarted when the data changes, failures shown."""

from __future__ import annotations

import psutil
import pytest
from PySide6.QtWidgets import QMessageBox, QToolButton

from netdesk.services.network import layout_worker
from netdesk.views.main_window import CONTACTS_PAGE, MAP_PAGE
from tests.fake_layout_worker import COMMAND as FAKE_WORKER


@pytest.fixture
def graph(services):
    """Even the sample network goes to a layout process here."""
    services.imports.import_sample_network()
    services.graph.process_threshold = 0
    return services.graph


@pytest.fixture(autouse=True)
def _no_process_left(window):
    yield
    window.map_page.cancel_loading()
    assert layout_worker.running_processes() == 0
    mine = psutil.Process().children(recursive=True)
    assert not [p for p in mine if "layout" in " ".join(p.cmdline())]


def layout_running() -> bool:
    return layout_worker.running_processes() > 0


def test_the_layout_runs_in_its_own_process_with_progress(qtbot, window, graph, monkeypatch):
    used: list[int] = []
    real = layout_worker.place_in_process
    monkeypatch.setattr(
        layout_worker,
        "place_in_process",
        lambda job, *args: used.append(len(job.ids)) or real(job, *args),
    )
    page = window.map_page
    seen: list[int] = []
    page.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    assert used == [200]
    assert 10 in seen and 85 in seen and seen == sorted(seen)  # reported as it went
    assert not page.progress.isVisible() and not page.is_loading()
    assert len(page.network.positions) == 200 and page.scene.paint_error is None
    assert "200 of 200 match the filters" in page.status.text()


def test_leaving_the_page_stops_the_layout(qtbot, window, graph) -> None:
    graph.worker_command = [*FAKE_WORKER, "hang"]
    page = window.map_page
    window.show_page(MAP_PAGE)
    qtbot.waitUntil(layout_running, timeout=10_000)
    qtbot.waitUntil(lambda: page.progress.value() == 15)  # its progress reached the bar
    window.show_page(CONTACTS_PAGE)
    qtbot.waitUntil(lambda: not layout_running() and not page.is_loading(), timeout=3_000)
    assert "could not" not in page.status.text()  # cancelled is not a failure
    graph.worker_command = None  # back on the page: it loads from the start
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    assert len(page.network.positions) == 200


def test_closing_the_window_stops_the_layout(qtbot, window, graph) -> None:
    graph.worker_command = [*FAKE_WORKER, "hang"]
    window.show_page(MAP_PAGE)
    qtbot.waitUntil(layout_running, timeout=10_000)
    window.close()
    qtbot.waitUntil(lambda: not layout_running(), timeout=3_000)
    assert window.map_page.network is None


def test_new_data_while_laying_out_starts_again(qtbot, window, graph, services) -> None:
    graph.worker_command = [*FAKE_WORKER, "hang"]
    page = window.map_page
    window.show_page(MAP_PAGE)
    qtbot.waitUntil(layout_running, timeout=10_000)
    graph.worker_command = None
    services.imports.import_sample_network()  # someone imports while the map is laid out
    loaded: list[int] = []
    page.network_loaded.connect(lambda: loaded.append(len(page.network.people)))
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        page.reload()  # as the window does after an import
    assert loaded == [len(services.graph.load().people)]
    assert len(page.network.positions) == len(page.network.people)


def test_a_failed_layout_is_explained_and_can_be_tried_again(qtbot, window, graph) -> None:
    graph.worker_command = [*FAKE_WORKER, "crash"]
    page = window.map_page
    window.show_page(MAP_PAGE)
    qtbot.waitUntil(page.retry.isVisible, timeout=10_000)
    text = page.status.text()
    assert text.startswith("The map could not be laid out.")
    assert "exit status 3" in text and "igraph ran out of memory" in text
    assert not page.is_loading() and not page.progress.isVisible()
    graph.worker_command = None
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        page.retry.click()
    assert not page.retry.isVisible() and "could not" not in page.status.text()


def test_rearranging_after_a_yes_lays_everyone_out_again(qtbot, window, graph, answer_yes):
    page = window.map_page
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    someone = next(n.key for n in page.data.nodes if n.kind == "person")
    settled = page.network.positions[someone]
    graph.save_positions({someone: (900.0, 900.0)})  # far out, as after a bad merge
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        page.reload()
    assert page.network.positions[someone] == (900.0, 900.0)  # stored positions stay
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        page.findChild(QToolButton, "mapRearrange").click()
    assert page.network.positions[someone] == settled  # seeded: back where it belongs
    assert graph.load().positions[someone] == settled


def test_rearranging_asks_first_and_a_no_changes_nothing(qtbot, window, graph, monkeypatch):
    asked: list[str] = []

    def answer(_parent, title, text, *_args):
        asked.append(f"{title}: {text}")
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    page = window.map_page
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    before = dict(page.network.positions)
    page.findChild(QToolButton, "mapRearrange").click()
    assert asked == [
        "Re-arrange the map: Lay out the whole map again? Everyone may move to a new place."
    ]
    assert not page.is_loading() and graph.load().positions == before
