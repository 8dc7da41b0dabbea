"""Grouping the map by organisation, by how I know them or by tag: the layout, the
clusters' and groups' names and the legend follow the choice, which is remembered."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.sample.people import REAL_TIES, sample_network
from netdesk.services.vocabulary import RELATIONS
from netdesk.views.main_window import MAP_PAGE
from netdesk.views.map.colours import BACKGROUND
from netdesk.views.map.page import MapPage
from tests.views.windows import settle

TAGS = ["climate", "investors", "design", "berlin"]


@pytest.fixture
def page(qtbot, window, services) -> MapPage:
    """The sample network, most people with one of four tags, the rest with none."""
    services.imports.import_sample_network()
    rng = random.Random(2)
    for contact_id in services.graph.load().people:
        record = services.contacts.get(contact_id)
        tags = [rng.choice(TAGS)] if rng.random() < 0.7 else []
        services.contacts.save(ContactRecord(**{**record.__dict__, "tags": tags}))
    window.resize(1400, 900)
    settle()  # the tags' change notices reach the hidden page first: one load, not two
    with qtbot.waitSignal(window.map_page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    return window.map_page


def group_by(qtbot, page: MapPage, grouping: str) -> None:
    page.grouping.setCurrentIndex(page.grouping.findData(grouping))
    # A load already under way (the tags saved above reach the page queued) may finish
    # first, in the old grouping: wait for the one asked for.
    qtbot.waitUntil(
        lambda: page.network is not None and page.network.grouping == grouping, timeout=20_000
    )
    assert page.scene.paint_error is None


def legend(page: MapPage) -> list[str]:
    return [text for _kind, _colour, text in page.view.legend_lines]


def not_blank(page: MapPage) -> bool:
    page.view.fit_all()
    image = page.view.render_image()
    background = QColor(BACKGROUND).rgb()
    pixels = [image.pixel(x, y) for y in range(0, image.height(), 6) for x in range(0, 900, 6)]
    return sum(p != background for p in pixels) > 0.02 * len(pixels)


def test_grouping_by_how_i_know_them(qtbot, page, services) -> None:
    organisation_map = dict(page.network.positions)
    assert page.grouping.currentData() == "organisation" and not page.data.groups
    group_by(qtbot, page, "relation")
    assert services.graph.grouping() == "relation"  # remembered for next time
    clusters = [n for n in page.data.nodes if n.kind == "cluster"]
    linkedin_only = len(sample_network().people) - len(REAL_TIES)
    assert [(c.label, c.members) for c in clusters] == [("LinkedIn only", linkedin_only)]
    names = {g.name for g in page.data.groups}
    assert names and names <= set(RELATIONS.values())
    assert sum(g.people for g in page.data.groups) == len(REAL_TIES)
    assert "LinkedIn-only connections" in legend(page)
    assert "1 group of LinkedIn-only connections" in page.status.text()
    assert not_blank(page)
    # A group's name sits beyond its people, in their direction from me.
    for label in page.data.groups:
        members = [
            n for n in page.data.nodes if n.kind == "person" and RELATIONS[n.relation] == label.name
        ]
        assert all(label.x**2 + label.y**2 > n.x**2 + n.y**2 for n in members)
    # Back to organisations: the same map as before, from its own stored positions.
    group_by(qtbot, page, "organisation")
    assert page.network.positions == organisation_map
    assert "LinkedIn-only, by organisation" in legend(page)


def test_grouping_by_tag_and_showing_a_groups_people(qtbot, page) -> None:
    group_by(qtbot, page, "tag")
    clusters = {n.label: n for n in page.data.nodes if n.kind == "cluster"}
    assert set(clusters) <= {*TAGS, "No tag"} and len(clusters) >= 4
    assert {g.name for g in page.data.groups} <= {*TAGS, "No tag"}
    assert "LinkedIn-only, by tag" in legend(page)
    design = clusters["design"]
    # Clicking a tag's cluster shows its LinkedIn-only people one by one.
    page.view.centre_on(design.key, zoom=1.0)
    point = page.view.mapFromScene(page.scene.points[page.data.index[design.key]])
    QTest.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert design.key not in page.data.index
    shown = [n for n in page.data.nodes if n.kind == "person" and n.relation == "linkedin"]
    assert len(shown) == design.members
    assert all(page.network.tags["design"] >= {n.key} for n in shown)
    assert not_blank(page)


def test_the_grouping_chosen_last_is_the_one_the_map_opens_with(qtbot, window, services):
    services.imports.import_sample_network()
    services.graph.set_grouping("relation")
    page = MapPage(services.graph, None, window._tasks, window.undo_stack)
    qtbot.addWidget(page)
    assert page.grouping.currentData() == "relation"
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        page.reload()
    assert page.data.grouping == "relation"
    image = QImage(page.view.render_image())
    assert not image.isNull()
