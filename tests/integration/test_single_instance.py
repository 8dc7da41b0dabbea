"""One running NetDesk per data folder."""

from __future__ import annotations

from netdesk.instance import SingleInstance


def test_second_launch_raises_the_first(qtbot, tmp_path) -> None:
    first = SingleInstance(tmp_path / "data")
    assert not first.already_running()
    second = SingleInstance(tmp_path / "data")
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert second.already_running()
    other_folder = SingleInstance(tmp_path / "other")
    assert not other_folder.already_running()
    first.release()
    other_folder.release()
    third = SingleInstance(tmp_path / "data")
    assert not third.already_running(), "after the first quits, a new launch starts normally"
    third.release()
