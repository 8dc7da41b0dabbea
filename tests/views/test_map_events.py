"""The map's Event filter as a person uses it: choose an event in the combo and see only
the people met there (and the introduction made there), fitted in view; the list of
events follows events added meanwhile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox

from netdesk.services.network.model import ME
from netdesk.views.main_window import MAP_PAGE
from netdesk.views.map.page import MapPage
from tests.frozen_time import TODAY
from tests.views.windows import settle


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Open the combo's list with the mouse and go down to the entry with the keys (a
    click on the list just after it opened is ignored by Qt, as a stray release)."""
    row = combo.findText(text)
    assert row >= 0, f"{text!r} is not among {[combo.itemText(i) for i in range(combo.count())]}"
    QTest.mouseClick(combo, Qt.MouseButton.LeftButton)
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Home)
    for _ in range(row):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())


def people_shown(page: MapPage) -> set[int]:
    return {n.key for n in page.data.nodes if n.kind == "person"}


def in_view_clear_of_legend(page: MapPage, people: set[int]) -> bool:
    room = page.view.viewport().rect()
    legend = page.view.legend_width()
    assert legend > 100
    points = [page.view.mapFromScene(page.scene.points[page.data.index[k]]) for k in people]
    return all(room.contains(p) and p.x() > legend for p in points)


@pytest.fixture
def met(services) -> dict[str, object]:
    """The sample network; at the Data Guild evening I met three of its real
    relationships and one LinkedIn-only connection, and the first introduced me to the
    second. An older event had one of them."""
    services.imports.import_sample_network()
    network = services.graph.load()
    real = sorted((p for p in network.people.values() if not p.linkedin_only), key=lambda p: p.id)
    linkedin = sorted((p for p in network.people.values() if p.linkedin_only), key=lambda p: p.id)
    chosen = [real[2], real[7], real[11], linkedin[5]]
    lines = [
        f"{p.name}, {network.organisation_name(p.organisation_id)}".rstrip(", ") for p in chosen
    ]
    events = services.events
    old = events.add("Alumni night", TODAY - timedelta(days=90), kind="alumni")
    guild = events.add("Data Guild evening", TODAY - timedelta(days=3))
    events.capture(old.id, lines[0])
    result = events.capture(guild.id, "\n".join(lines))
    assert not result.added_people  # all known already: matched, not added
    events.add_introduction(guild.id, chosen[0].id, chosen[1].id)
    return {"guild": guild, "old": old, "people": {p.id for p in chosen}, "chosen": chosen}


@pytest.fixture
def page(qtbot, window, met) -> MapPage:
    window.resize(1400, 900)
    page = window.map_page
    settle()  # the captures' change notices reach the hidden page first: one load, not two
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    return page


def test_choosing_an_event_shows_only_the_people_met_there(qtbot, page, met) -> None:
    everyone = people_shown(page)
    assert len(everyone) > 10 and not met["people"] <= everyone  # one is in a cluster
    guild = met["guild"]
    day = guild.held_on[8:].lstrip("0")
    entries = [page.met_at.itemText(i) for i in range(page.met_at.count())]
    assert entries[0] == "Any event"
    assert entries[1].startswith(f"Data Guild evening · {day} ")  # the latest first
    assert entries[2].startswith("Alumni night · ")

    choose(qtbot, page.met_at, entries[1])
    assert page.met_at.currentData() == guild.id
    assert people_shown(page) == met["people"]  # the LinkedIn-only one one by one too
    assert page.data.node(ME) is not None
    keys = [n.key for n in page.data.nodes]
    introducer, introduced = met["chosen"][0].id, met["chosen"][1].id
    assert (introducer, introduced, "introduced") in {
        (keys[a], keys[b], kind) for a, b, kind, _w in page.data.edges
    }
    assert "Introduced you" in [text for _kind, _colour, text in page.view.legend_lines]
    assert page.status.text().startswith("4 people · 4 of ")
    # Fitted: every one of them in view, and none under the legend's corner.
    assert in_view_clear_of_legend(page, met["people"])
    page.view.set_zoom(3.0)
    assert not in_view_clear_of_legend(page, met["people"])
    QTest.keyClick(page.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # Fit
    assert in_view_clear_of_legend(page, met["people"])
    assert page.scene.paint_error is None

    choose(qtbot, page.met_at, entries[2])
    assert people_shown(page) == {met["chosen"][0].id}
    choose(qtbot, page.met_at, "Any event")
    assert people_shown(page) == everyone


def test_the_event_list_follows_events_added_while_the_map_is_open(
    qtbot, page, met, services
) -> None:
    choose(qtbot, page.met_at, page.met_at.itemText(1))
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        services.events.add("Career fair", TODAY, kind="career_fair")
    assert page.met_at.itemText(1).startswith("Career fair · ")
    # The event chosen stays chosen, and so does what the map shows.
    assert page.met_at.currentData() == met["guild"].id
    assert people_shown(page) == met["people"]
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        services.events.delete(met["guild"].id)
    assert page.met_at.currentData() is None and page.met_at.count() == 3
    assert met["people"] - people_shown(page)  # everyone again: one is in a cluster


def test_people_at_the_far_corners_are_fitted_clear_of_the_legend(
    qtbot, page, met, services
) -> None:
    positions = page.network.positions
    real = [p for p in page.network.people.values() if not p.linkedin_only]
    # Whoever sits lowest on the left, and furthest right: wide apart, one in the
    # legend's corner when fitted without room for it.
    corner = min(real, key=lambda p: positions[p.id][0] - positions[p.id][1])
    right = max(real, key=lambda p: positions[p.id][0])
    wide = services.events.add("Wide meetup", TODAY - timedelta(days=1))
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        services.events.capture(wide.id, f"{corner.name}\n{right.name}")
    choose(qtbot, page.met_at, page.met_at.itemText(1))
    assert people_shown(page) == {corner.id, right.id}
    assert in_view_clear_of_legend(page, {corner.id, right.id})
