"""The map's drawing: prepared off the GUI thread, lines within their budgets, names
from a cache of ready-drawn labels (but real text in SVG)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QFont

from netdesk.services.network.model import MapFilter
from netdesk.services.network.projection import project
from netdesk.views.map import geometry
from netdesk.views.map.geometry import clipped_lengths, fitting_zoom, prepare_scene, zoom_band
from netdesk.views.map.labels import LabelCache
from netdesk.views.map.scene import MapScene
from netdesk.views.map.view import MapView


@pytest.fixture
def data(services):
    services.imports.import_sample_network()
    return project(services.graph.open_network(), MapFilter(expand_linkedin=True))


@pytest.fixture
def view(qtbot, data):
    scene = MapScene()
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    scene.set_data(data)
    return view


def test_clipped_lengths() -> None:
    rect = QRectF(0, 0, 10, 10)
    ax, ay = np.array([1.0, -5, -5, 20, 5]), np.array([1.0, 5, -5, 20, 5])
    bx, by = np.array([4.0, 15, 15, 30, 5]), np.array([5.0, 5, 15, 30, 5])
    lengths = clipped_lengths(ax, ay, bx, by, rect)
    assert lengths == pytest.approx([5.0, 10.0, 10 * 2**0.5, 0.0, 0.0])


def test_the_scene_is_prepared_the_same_on_a_worker_thread(qtbot, data) -> None:
    made = {}
    worker = threading.Thread(target=lambda: made.update(p=prepare_scene(data, QSize(900, 600))))
    worker.start()
    worker.join(10)
    here = prepare_scene(data)
    there = made["p"]
    for name in ("xs", "ys", "ends", "style_ids", "priority", "span", "group_index"):
        assert np.array_equal(getattr(here, name), getattr(there, name)), name
    assert [p.toTuple() for p in here.points] == [p.toTuple() for p in there.points]
    # The whole map's lines were chosen ahead, for the zoom that fits the view.
    assert there.whole is not None
    assert there.whole[0] == zoom_band(fitting_zoom(there.content, QSize(900, 600)))


def test_the_first_frame_uses_the_lines_chosen_ahead(qtbot, data) -> None:
    scene = MapScene()
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    prepared = prepare_scene(data, QSize(view.viewport().size()))
    ahead = prepared.whole
    scene.apply(prepared)
    view.fit_all()
    view.render_image()
    assert prepared.whole is ahead and scene.paint_error is None


def test_lines_stay_within_their_budgets_my_ties_first(view, monkeypatch) -> None:
    scene = view.scene()
    prepared = scene.prepared
    rect = scene.content
    ids, lengths = prepared.visible_edges(rect)
    # In drawing priority: my ties and real relationships' links, then the shortest.
    important = prepared.priority[ids]
    assert not np.any(important[1:] & ~important[:-1])
    monkeypatch.setattr(geometry, "PIXEL_BUDGET", float(lengths[:40].sum() * 2.0) + 1)
    monkeypatch.setattr(geometry, "AA_PIXEL_BUDGET", 0.0)
    picked, smooth = prepared.affordable_edges(ids, lengths, 2.0)
    assert np.array_equal(picked, ids[:40]) and not smooth.any()
    monkeypatch.setattr(geometry, "AA_PIXEL_BUDGET", float(lengths[:40].sum() * 2.0) + 1)
    picked, smooth = prepared.affordable_edges(ids, lengths, 2.0)
    assert smooth.all()  # everything fits the antialiasing budget
    monkeypatch.setattr(geometry, "EDGE_BUDGET", 7)
    assert len(prepared.affordable_edges(ids, lengths, 2.0)[0]) == 7


def test_names_are_drawn_once_and_reused(qtbot) -> None:
    cache = LabelCache(limit=2)
    font, colour = QFont(), QColor("#1d2633")
    first = cache.get("Mia Chen", font, colour, 60, 16, 1.0)
    assert cache.get("Mia Chen", font, colour, 60, 16, 1.0) is first
    assert first.width() == 60 and first.height() == 16
    cache.get("Omar Haddad", font, colour, 80, 16, 1.0)
    cache.get("Mia Chen", font, colour, 60, 16, 1.0)  # used last: Omar is now the oldest
    cache.get("Lena Fischer", font, colour, 70, 16, 1.0)
    assert len(cache) == 2
    assert cache.get("Mia Chen", font, colour, 60, 16, 1.0) is first
    assert cache.get("Mia Chen", font, colour, 60, 16, 2.0).width() == 120  # HiDPI


def test_the_svg_keeps_names_as_text(view, tmp_path) -> None:
    view.fit_all()
    view.set_zoom(1.0)
    view.centre_on(view.scene().data.nodes[0].key)
    view.render_image()
    assert len(view.scene().node_layer.labels) > 0  # the screen drew cached labels
    path = tmp_path / "map.svg"
    view.export_svg(str(path))
    text = path.read_text(encoding="utf-8")
    near = [n.label for n in view.scene().data.nodes if n.kind == "person" and n.closeness >= 3]
    assert any(name in text for name in near)
