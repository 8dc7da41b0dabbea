"""The map's layout process: the same positions as in a thread, progress, cancelling
at once, failures as messages for the user, and nothing left running."""

from __future__ import annotations

import io
import sys
import threading
import time

import numpy as np
import pytest

from netdesk.errors import Cancelled, LayoutError
from netdesk.services.cancel import CancelToken
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.network import layout, layout_worker
from netdesk.services.network.layout import LayoutJob
from netdesk.services.network.service import GraphService, layout_job
from tests.fake_layout_worker import COMMAND as FAKE_WORKER


def add(services, name: str, organisation: str, relation: str, closeness: int = 1) -> int:
    record = ContactRecord(
        display_name=name, organisation=organisation, relation=relation, closeness=closeness
    )
    return services.contacts.save(record).id


@pytest.fixture
def job(services) -> LayoutJob:
    """A small network: 12 real relationships, 40 LinkedIn-only people in 4 organisations."""
    real = [add(services, f"Friend {i}", f"Org {i % 4}", "friend", 1 + i % 5) for i in range(12)]
    linked = [add(services, f"Li {i}", f"Org {i % 4}", "linkedin") for i in range(40)]
    for i, person in enumerate(linked[:20]):
        services.contacts.add_link(real[i % 12], person)
    return layout_job(services.graph.load())


@pytest.fixture(autouse=True)
def _nothing_left_running():
    yield
    assert layout_worker.running_processes() == 0


def frames(stream: io.BytesIO) -> list:
    stream.seek(0)
    found = []
    while True:
        try:
            found.append(layout_worker._read_frame(stream))
        except EOFError:
            return found


def test_the_layout_process_gives_the_same_positions_and_reports_progress(job) -> None:
    seen: list[int] = []
    positions = layout_worker.place_in_process(job, lambda percent, _text: seen.append(percent))
    assert np.array_equal(positions, layout.place(job))  # seeded: the same map
    assert not np.isnan(positions).any()
    assert seen[0] == 10 and seen[-1] == 85 and seen == sorted(seen)


def test_the_process_speaks_length_prefixed_frames(job) -> None:
    source, sink = io.BytesIO(), io.BytesIO()
    layout_worker._write_frame(source, job.to_wire())
    source.seek(0)
    assert layout_worker.main(source, sink) == 0
    answer = frames(sink)
    assert {kind for kind, *_rest in answer[:-1]} == {"progress"}
    assert answer[-1][0] == "done" and np.array_equal(answer[-1][1], layout.place(job))


def test_an_error_in_the_layout_process_reaches_the_caller_as_a_message(job) -> None:
    broken = LayoutJob.from_wire({**job.to_wire(), "ties": np.array([[0, 10**6]], np.int32)})
    with pytest.raises(LayoutError, match=r"^The layout failed: IndexError"):
        layout_worker.place_in_process(broken)


def test_a_layout_process_that_dies_says_how(job) -> None:
    with pytest.raises(LayoutError) as caught:
        layout_worker.place_in_process(job, command=[*FAKE_WORKER, "crash"])
    message = str(caught.value)
    assert "stopped unexpectedly (exit status 3)" in message
    assert "MemoryError: igraph ran out of memory" in message  # its last words, from stderr
    with pytest.raises(LayoutError, match="the layout met a person twice"):
        layout_worker.place_in_process(job, command=[*FAKE_WORKER, "fail"])
    with pytest.raises(LayoutError, match="could not start"):
        layout_worker.place_in_process(job, command=["/nonexistent/netdesk-layout"])


def test_cancelling_kills_the_layout_process_at_once(job) -> None:
    token = CancelToken()
    working = threading.Event()
    threading.Thread(target=lambda: working.wait(10) and token.cancel(), daemon=True).start()
    start = time.perf_counter()
    with pytest.raises(Cancelled):
        layout_worker.place_in_process(
            job, lambda _p, _t: working.set(), token, [*FAKE_WORKER, "hang"]
        )
    assert working.is_set() and time.perf_counter() - start < 5  # it would hang 60 s
    assert layout_worker.running_processes() == 0
    with pytest.raises(Cancelled):  # cancelled before it starts: no process at all
        layout_worker.place_in_process(job, cancel=token)


def test_no_layout_process_outlives_the_app(job) -> None:
    """The exit hook (atexit) kills what is still running; the waiting thread hears why."""
    failures: list[BaseException] = []

    def wait() -> None:
        try:
            layout_worker.place_in_process(job, command=[*FAKE_WORKER, "hang"])
        except LayoutError as error:
            failures.append(error)

    waiter = threading.Thread(target=wait)
    waiter.start()
    deadline = time.monotonic() + 10
    while not layout_worker.running_processes() and time.monotonic() < deadline:
        time.sleep(0.01)
    layout_worker._stop_all()
    waiter.join(5)
    assert not waiter.is_alive()
    assert failures and "was stopped" in str(failures[0])


def test_an_in_thread_layout_stops_when_cancelled(job) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        layout_worker.place_in_thread(job, cancel=token)


def test_big_networks_go_to_the_process_through_the_bundled_apps_entry_point(
    services, job, monkeypatch
) -> None:
    """`netdesk --layout-worker` is how a frozen app starts its layout process."""
    used: list[int] = []
    real = layout_worker.place_in_process

    def spy(job, progress, cancel, command):
        used.append(len(job.ids))
        return real(job, progress, cancel, command)

    monkeypatch.setattr(layout_worker, "place_in_process", spy)
    graph = GraphService(
        services.db,
        process_threshold=10,
        worker_command=[sys.executable, "-m", "netdesk", layout_worker.WORKER_FLAG],
    )
    first = graph.open_network()
    assert used == [52] and len(first.positions) == 52
    newcomer = add(services, "Kwame Mensah", "Org 1", "colleague", 4)
    again = graph.open_network()
    assert used == [52, 53]
    assert {k: again.positions[k] for k in first.positions} == first.positions
    assert newcomer in again.positions
    small = GraphService(services.db)  # under the threshold: in the calling thread
    add(services, "Yara Nasser", "Org 2", "linkedin")
    assert len(small.open_network().positions) == 54 and used == [52, 53]
