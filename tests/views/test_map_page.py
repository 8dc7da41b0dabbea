"""The Map page as a person uses it: click, drag a link (and undo), filter, search, paths."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.network.model import ME
from netdesk.views.main_window import CONTACTS_PAGE, MAP_PAGE
from netdesk.views.map.colours import BACKGROUND
from netdesk.views.map.paths_panel import WarmPathListModel
from tests.views.windows import build_window


@pytest.fixture
def map_page(qtbot, window, services):
    services.imports.import_sample_network()
    window.resize(1400, 900)
    page = window.map_page
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    assert page.scene.paint_error is None
    return page


def node_point(page, key: int) -> QPoint:
    index = page.data.index[key]
    page.view.centre_on(key, zoom=1.0)
    return page.view.mapFromScene(page.scene.points[index])


def real_people(page) -> list[int]:
    return [n.key for n in page.data.nodes if n.kind == "person"]


def test_clicking_a_person_opens_them(qtbot, window, map_page, services) -> None:
    key = real_people(map_page)[3]
    point = node_point(map_page, key)
    QTest.mouseClick(map_page.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.pages.currentIndex() == CONTACTS_PAGE
    assert window.contacts_page.editor.contact_id == key


def test_hovering_shows_a_card(qtbot, map_page) -> None:
    key = real_people(map_page)[0]
    point = node_point(map_page, key)
    QTest.mouseMove(map_page.view.viewport(), point)
    qtbot.waitUntil(map_page.view.card.isVisible)
    assert map_page.network.people[key].name in map_page.view.card.text()


def test_dragging_from_one_person_to_another_links_them_with_undo(
    qtbot, window, map_page, services
) -> None:
    mia, omar = real_people(map_page)[5], real_people(map_page)[12]
    map_page.view.set_zoom(0.6)
    map_page.view.centerOn(map_page.scene.points[map_page.data.index[ME]])
    viewport = map_page.view.viewport()
    start = map_page.view.mapFromScene(map_page.scene.points[map_page.data.index[mia]])
    end = map_page.view.mapFromScene(map_page.scene.points[map_page.data.index[omar]])
    assert viewport.rect().contains(start) and viewport.rect().contains(end)
    already = {(t.a, t.b) for t in services.graph.load().ties if t.kind == "knows"}
    assert (mia, omar) not in already and (omar, mia) not in already

    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    QTest.mouseMove(viewport, middle)
    assert map_page.view.drag_line.isVisible()
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)

    def linked() -> bool:
        return any({t.a, t.b} == {mia, omar} for t in services.graph.load().ties)

    assert linked()
    assert window.pages.currentIndex() == MAP_PAGE  # drawing a link opens nobody
    assert any({t.a, t.b} == {mia, omar} for t in map_page.network.ties)
    assert window.undo_stack.undoText().startswith("Link ")
    window.undo_stack.undo()
    assert not linked() and not any({t.a, t.b} == {mia, omar} for t in map_page.network.ties)
    window.undo_stack.redo()
    assert linked()


def test_filters_change_what_the_map_shows(qtbot, map_page) -> None:
    everyone = {n.key for n in map_page.data.nodes}
    combo = map_page.relation
    combo.setCurrentIndex(combo.findData("mentor"))
    shown = [n for n in map_page.data.nodes if n.kind == "person"]
    assert shown and all(n.relation == "mentor" for n in shown)
    assert all(n.kind != "cluster" for n in map_page.data.nodes)  # LinkedIn-only filtered out
    combo.setCurrentIndex(0)
    assert {n.key for n in map_page.data.nodes} == everyone
    map_page.linkedin.setChecked(True)
    assert sum(1 for n in map_page.data.nodes if n.kind == "person") == 200
    map_page.closeness.setCurrentIndex(map_page.closeness.findData(5))
    assert {n.closeness for n in map_page.data.nodes if n.kind == "person"} == {5}


def test_filters_on_a_big_network_redraw_in_the_background(qtbot, map_page, monkeypatch) -> None:
    from netdesk.services.network.projection import project
    from netdesk.views.map import filters as filters_module

    monkeypatch.setattr(filters_module, "BACKGROUND_REDRAW_FROM", 1)  # the sample counts as big
    shown = [n.key for n in map_page.data.nodes]
    map_page.linkedin.setChecked(True)
    assert [n.key for n in map_page.data.nodes] == shown  # until the worker is done
    qtbot.waitUntil(lambda: sum(1 for n in map_page.data.nodes if n.kind == "person") == 200)
    # Two changes in a row: the first redraw is dropped, the map shows only the second.
    shows = []
    monkeypatch.setattr(map_page, "_show", lambda *args: shows.append(args))
    map_page.linkedin.setChecked(False)
    map_page.closeness.setCurrentIndex(map_page.closeness.findData(5))
    qtbot.waitUntil(lambda: len(shows) == 1)
    wanted = [n.key for n in project(map_page.network, map_page.current_filter()).nodes]
    assert [n.key for n in shows[0][0].nodes] == wanted
    qtbot.wait(200)  # the dropped redraw never shows up afterwards
    assert len(shows) == 1


def test_search_centres_a_person_even_inside_a_cluster(qtbot, map_page) -> None:
    hidden = next(
        p for p in map_page.network.people.values() if p.linkedin_only and p.name.isascii()
    )
    assert hidden.id not in map_page.data.index
    QTest.keyClicks(map_page.search, hidden.name)
    QTest.keyClick(map_page.search, Qt.Key.Key_Return)
    assert hidden.id in map_page.data.index
    centre = map_page.view.mapToScene(map_page.view.viewport().rect().center())
    point = map_page.scene.points[map_page.data.index[hidden.id]]
    assert abs(centre.x() - point.x()) < 5 and abs(centre.y() - point.y()) < 5
    assert map_page.scene.selected == map_page.data.index[hidden.id]


def test_the_search_and_path_fields_complete_names_once_the_map_is_shown(qtbot, map_page) -> None:
    person = next(p for p in map_page.network.people.values() if p.name.isascii())
    for field in (map_page.search, map_page.target):
        completer = field.completer()
        qtbot.waitUntil(lambda c=completer: c.model().rowCount() > 0)
        completer.setCompletionPrefix(person.name)
        offered = completer.completionModel()
        names = [offered.index(row, 0).data() for row in range(offered.rowCount())]
        assert any(name.startswith(person.name) for name in names)


def test_warm_paths_listed_highlighted_and_asked_for(qtbot, map_page, services) -> None:
    network = map_page.network
    # A LinkedIn-only person someone I know knows: the sample links the first 60.
    target = next(
        t.b for t in network.ties if network.people[t.b].linkedin_only and t.kind == "knows"
    )
    name = network.people[target].name
    map_page.find_paths_to(next(k for k in map_page._target_entries if k.startswith(name)))
    assert map_page.paths_model.rowCount() >= 2
    best = map_page.current_path()
    assert best.people[-1] == target and best.introducer is not None
    assert map_page.paths_model.data(map_page.paths_model.index(0, 0)) == "\n".join(best.sentences)
    assert best.sentences[0].endswith(f"knows {name}")
    assert len(map_page.scene.path_nodes) == len(best.people) + 1
    assert target in map_page.data.index  # revealed from its cluster to show the path
    assert "person:" in map_page.steps.text()
    map_page._on_steps_link_activated(f"person:{best.people[0]}")
    assert map_page.scene.selected == map_page.data.index[best.people[0]]

    map_page.ask.click()
    todo = services.todos.list()[-1]
    assert todo.kind == "ask_intro" and todo.contact_id == best.introducer.contact_id
    assert todo.title == f"Ask {best.introducer.name} for an introduction to {name}"


def test_the_path_panel_explains_each_path_and_asks_the_introducer_by_email(
    qtbot, qapp, services
) -> None:
    jordan = services.contacts.save(
        ContactRecord(
            display_name="Jordan Lee", organisation="Acme", relation="mentor", closeness=4
        )
    ).id
    priya = services.contacts.save(
        ContactRecord(
            display_name="Priya Shah",
            given_name="Priya",
            organisation="Northwind",
            role="Head of Data",
            relation="linkedin",
            closeness=1,
        )
    ).id
    services.graph.connect(jordan, priya)
    window, tasks = build_window(qtbot, qapp, services)
    try:
        page = window.map_page
        with qtbot.waitSignal(page.network_loaded, timeout=20_000):
            window.show_page(MAP_PAGE)
        page.target.setText("Northwind — organisation")
        qtbot.keyClick(page.target, Qt.Key.Key_Return)

        model = page.paths_model
        rows = [model.index(row, 0) for row in range(model.rowCount())]
        assert [index.data() for index in rows] == [
            "Jordan Lee (mentor, closeness 4) knows Priya Shah\nPriya Shah works at Northwind",
            "You are connected to Priya Shah on LinkedIn only\nPriya Shah works at Northwind",
        ]
        tooltip = rows[0].data(Qt.ItemDataRole.ToolTipRole)
        assert tooltip.startswith("You → Jordan Lee (mentor) → Priya Shah → Northwind\nRanked by")
        assert not any("%" in str(index.data(role)) for index in rows for role in range(14))
        assert page.steps.text() == (
            f"Ask <a href='person:{jordan}'>Jordan Lee</a> for an introduction to "
            f"<a href='person:{priya}'>Priya Shah</a> (Northwind)."
        )
        assert page.ask.text() == "Ask Jordan Lee for an introduction"

        with qtbot.waitSignal(page.introduction_requested) as asked:
            qtbot.mouseClick(page.ask, Qt.MouseButton.LeftButton)
        assert asked.args == [jordan, priya, "Northwind"]
        todo = services.todos.list()[-1]
        assert (todo.kind, todo.contact_id) == ("ask_intro", jordan)
        assert todo.title == "Ask Jordan Lee for an introduction to Priya Shah (Northwind)"
        draft = window.last_dialog
        assert draft.objectName() == "draftDialog" and draft.isVisible()
        assert draft.windowTitle() == "Email to Jordan Lee"
        assert draft.subject.text() == "Could you introduce me to Priya?"
        assert "Priya Shah, Head of Data at Northwind" in draft.body.toPlainText()
        draft.close()

        # Reaching out myself: a to-do for Priya, no one asked to introduce us.
        page.paths.setCurrentIndex(rows[1])
        assert page.steps.text() == (
            f"Reach out to <a href='person:{priya}'>Priya Shah</a> (Northwind) yourself."
        )
        with qtbot.assertNotEmitted(page.introduction_requested):
            qtbot.mouseClick(page.ask, Qt.MouseButton.LeftButton)
        todo = services.todos.list()[-1]
        assert (todo.kind, todo.contact_id) == ("outreach", priya)
    finally:
        tasks.wait(10_000)


def test_warm_path_model(qtmodeltester, map_page) -> None:
    network = map_page.network
    from netdesk.services.network.warm_paths import Target, warm_paths

    model = WarmPathListModel()
    model.set_paths(warm_paths(network, Target(contact_id=next(iter(network.people)))))
    qtmodeltester.check(model)


def test_map_renders_the_sample_network_and_exports(qtbot, map_page, tmp_path) -> None:
    map_page.view.fit_all()
    png = tmp_path / "map.png"
    assert map_page.view.export_png(str(png), long_side=1200)
    image = QImage(str(png))
    assert max(image.width(), image.height()) == 1200 and min(image.width(), image.height()) > 300
    background = QColor(BACKGROUND).rgb()
    colours, painted = set(), 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            pixel = image.pixel(x, y)
            colours.add(pixel)
            painted += pixel != background
    assert painted > 0.03 * (image.width() // 4) * (image.height() // 4)
    assert len(colours) > 20  # people in their colours, lines, labels, the legend
    svg = tmp_path / "map.svg"
    map_page.view.export_svg(str(svg))
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "You" in text
    assert map_page.scene.paint_error is None


def test_keys_zoom_and_fit(qtbot, map_page) -> None:
    view = map_page.view
    view.setFocus()
    view.fit_all()
    fitted = view.zoom()
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom() == pytest.approx(fitted * 1.25)
    QTest.keyClick(view, Qt.Key.Key_Minus)
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom() < fitted
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(fitted)


def test_clicking_a_cluster_shows_its_people(qtbot, map_page) -> None:
    cluster = max((n for n in map_page.data.nodes if n.kind == "cluster"), key=lambda n: n.members)
    point = node_point(map_page, cluster.key)
    # The middle of a cluster disc may hold a revealed person; aim just off the centre.
    QTest.mouseClick(map_page.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    organisation = -cluster.key
    members = [
        p.id
        for p in map_page.network.people.values()
        if p.linkedin_only and p.organisation_id == organisation
    ]
    assert all(m in map_page.data.index for m in members)


def test_an_export_holds_the_whole_network_whatever_the_view_shows(
    qtbot, map_page, tmp_path
) -> None:
    view = map_page.view
    view.fit_all()
    whole = tmp_path / "fitted.png"
    assert view.export_png(str(whole), long_side=1000)
    for _ in range(12):  # zoomed far into one corner: the screen shows a few people
        QTest.keyClick(view, Qt.Key.Key_Plus)
    view.centerOn(view.whole_map_rect().topLeft())
    zoomed = tmp_path / "zoomed.png"
    assert view.export_png(str(zoomed), long_side=1000)
    assert QImage(str(zoomed)) == QImage(str(whole))  # the same picture: everyone in it
    image = QImage(str(zoomed))
    background = QColor(BACKGROUND).rgb()
    quadrants = set()
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            if image.pixel(x, y) != background:
                quadrants.add((2 * x // image.width(), 2 * y // image.height()))
    assert quadrants == {(0, 0), (0, 1), (1, 0), (1, 1)}
    # The legend is as large as on a screen 1,400 pixels wide: its white box starts at
    # the same place, scaled, in the bottom-left corner.
    scale = max(1.0, image.width() / 1400)
    corner = QColor(image.pixel(int(16 * scale), image.height() - int(16 * scale)))
    assert min(corner.red(), corner.green(), corner.blue()) > 240


def test_an_empty_map_says_how_to_fill_it(qtbot, window, services) -> None:
    page = window.map_page
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    assert page.empty_hint.isVisible()
    assert "Your map starts with you" in page.empty_hint.text()
    services.contacts.save(ContactRecord(display_name="Rosa Diaz", relation="family"))
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        page.reload()
    assert not page.empty_hint.isVisible()


def test_a_map_fitted_to_a_few_people_is_fitted_again_after_an_import(
    qtbot, window, services
) -> None:
    services.contacts.save(ContactRecord(display_name="Rosa Diaz", relation="family"))
    window.resize(1400, 900)
    page = window.map_page
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    services.imports.import_sample_network()
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        page.reload()
    shown = page.view.mapToScene(page.view.viewport().rect()).boundingRect()
    points = page.scene.points
    inside = sum(shown.contains(points[i]) for i in range(len(points)))
    assert inside == len(points)  # everyone in view, not the handful it was fitted to
