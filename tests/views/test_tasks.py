"""The background runner delivers results and errors on the GUI thread."""

from __future__ import annotations

import threading

import pytest

from netdesk.tasks import ImmediateTaskRunner, QtTaskRunner


def test_result_arrives_on_the_gui_thread(qtbot, qapp) -> None:
    runner = QtTaskRunner(qapp)
    seen: dict[str, object] = {}
    progress: list[int] = []

    def work(report):
        seen["worker"] = threading.current_thread()
        report(50, "half")
        return 42

    def done(result):
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    runner.run(work, done, pytest.fail, lambda percent, message: progress.append(percent))
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()
    assert progress == [50]


def test_many_results_none_lost(qtbot, qapp) -> None:
    runner = QtTaskRunner(qapp, max_threads=2)
    results: list[int] = []
    for n in range(50):
        runner.run(lambda _report, n=n: n * n, results.append, pytest.fail)
    qtbot.waitUntil(lambda: len(results) == 50, timeout=10_000)
    assert sorted(results) == [n * n for n in range(50)]


def test_errors_are_delivered_and_cleanup_runs(qtbot, qapp) -> None:
    cleaned: list[str] = []
    runner = QtTaskRunner(qapp, cleanup=lambda: cleaned.append(threading.current_thread().name))
    errors: list[BaseException] = []

    def work(_report):
        raise ValueError("bad file")

    runner.run(work, pytest.fail, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "bad file"
    assert cleaned and cleaned[0] != threading.main_thread().name


def test_immediate_runner_for_tests() -> None:
    results: list[object] = []
    ImmediateTaskRunner().run(
        lambda report: report(1, "x") or "done", results.append, results.append
    )
    ImmediateTaskRunner().run(lambda report: 1 / 0, results.append, results.append)
    assert results[0] == "done"
    assert isinstance(results[1], ZeroDivisionError)
