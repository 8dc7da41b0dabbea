"""Relationship map figures with 30,000 people and 55,000 links (issue #4).

    .venv/bin/python benchmarks/bench_map.py [--people 30000] [--links 55000]

Prints:
  first layout   load + lay out everyone + store positions (background task, timed end to end)
  GUI stall      the longest gap between 10 ms GUI timer ticks while that layout ran
  reopen         load with stored positions + projection + scene + first frame
  frame          one full repaint of a 1600x1000 view rendered into a QImage, median of
                 5, at several zoom levels, LinkedIn-only people grouped and one by one
  warm paths     to an organisation and to a person, median over several targets
  memory         resident set size of this process with the map open
Targets: first layout < 4 s, reopen < 1 s, frame < 33 ms at every zoom, path < 200 ms,
memory < 300 MB.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import map_network  # noqa: E402
import psutil  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from netdesk.db import open_database  # noqa: E402
from netdesk.services.graph import GraphService, MapFilter, Target, project, warm_paths  # noqa: E402
from netdesk.services.importer import ImportService  # noqa: E402
from netdesk.tasks import QtTaskRunner  # noqa: E402
from netdesk.views.map_canvas import MapScene, MapView  # noqa: E402

ZOOMS = [("fit all", None), ("0.05", 0.05), ("0.2", 0.2), ("0.5", 0.5), ("1.0", 1.0), ("3.0", 3.0)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def first_layout(app: QApplication, graph: GraphService, db) -> tuple[float, float]:
    """Lay out on the task runner while a GUI timer measures how long the GUI waits."""
    tasks = QtTaskRunner(app, cleanup=db.close)
    loop = QEventLoop()
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    done: list[float] = []
    start = time.perf_counter()
    tasks.run(
        graph.open_network,
        lambda _network: (done.append(time.perf_counter() - start), loop.quit()),
        lambda error: (print("layout failed:", error), loop.quit()),
    )
    loop.exec()
    timer.stop()
    tasks.wait()
    return done[0], max(gaps, default=0) / 1000


def frames(view: MapView, scene: MapScene, app: QApplication) -> dict[str, tuple[float, int]]:
    results = {}
    for label, zoom in ZOOMS:
        view.fit_all()
        if zoom is not None:
            view.set_zoom(zoom)
            view.centre_on(scene.data.nodes[0].key)
        app.processEvents()
        times = []
        for k in range(6):
            # Pan a little each time, like a drag, so nothing is reused from the last frame.
            view.horizontalScrollBar().setValue(
                view.horizontalScrollBar().value() + (7 if k % 2 else -7)
            )
            start = time.perf_counter()
            view.render_image()
            times.append(time.perf_counter() - start)
        results[label] = (statistics.median(times[1:]), scene.edges_drawn)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--links", type=int, default=55_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    process = psutil.Process()
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite3")
        map_network.build(ImportService(db), args.people, args.links)
        graph = GraphService(db)
        print(f"{args.people:,} people, {args.links:,} links")

        seconds, stall = first_layout(app, graph, db)
        print(f"first layout   {ms(seconds)}   (target < 4000 ms)")
        print(f"GUI stall      {ms(stall)}   longest wait of a 10 ms GUI timer meanwhile")

        gc.collect()
        view_scene = MapScene()
        view = MapView(view_scene)
        view.resize(1600, 1000)
        view.show()  # a hidden view keeps a default-sized viewport
        app.processEvents()
        start = time.perf_counter()
        network = graph.open_network()
        data = project(network, MapFilter())
        view_scene.set_data(data)
        view.fit_all()
        view.render_image()
        print(f"reopen         {ms(time.perf_counter() - start)}   (target < 1000 ms)")

        for expanded in (False, True):
            start = time.perf_counter()
            data = project(network, MapFilter(expand_linkedin=expanded))
            view_scene.set_data(data)
            switch = time.perf_counter() - start
            kind = "one by one" if expanded else "grouped"
            print(
                f"frames, LinkedIn-only {kind}: {len(data.nodes):,} nodes, "
                f"{len(data.edges):,} edges (re-projection {ms(switch).strip()})"
            )
            for label, (value, drawn) in frames(view, view_scene, app).items():
                print(f"  zoom {label:8s} {ms(value)}   {drawn:,} lines drawn")

        network.adjacency()
        sizes: dict[int, int] = {}
        for person in network.people.values():
            if person.organisation_id:
                sizes[person.organisation_id] = sizes.get(person.organisation_id, 0) + 1
        organisations = sorted(sizes, key=sizes.get, reverse=True)
        chosen = organisations[:3] + organisations[len(organisations) // 2 :][:3]
        people = [pid for pid in list(network.people)[::5000]][1:6]
        org_times, person_times = [], []
        for org in chosen:
            start = time.perf_counter()
            found = warm_paths(network, Target(organisation_id=org))
            org_times.append(time.perf_counter() - start)
        for pid in people:
            start = time.perf_counter()
            found = warm_paths(network, Target(contact_id=pid))
            person_times.append(time.perf_counter() - start)
        for label, times in (("an organisation", org_times), ("a person", person_times)):
            worst = ms(max(times)).strip()
            print(f"warm paths     {ms(statistics.median(times))}   to {label} (max {worst})")
        if found:
            print(f"  e.g. {found[0].describe()}  ({found[0].strength:.0%})")
        rss = process.memory_info().rss / 2**20
        print(f"memory         {rss:8.1f} MB   RSS, map open one by one (target < 300 MB)")
        db.close()


if __name__ == "__main__":
    main()
