from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from netdesk.app import Services, build_services
from netdesk.paths import Paths


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch the user's real data folder."""
    data_dir = tmp_path / "netdesk-data"
    monkeypatch.setenv("NETDESK_DATA_DIR", str(data_dir))
    return data_dir


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "data").ensure()


@pytest.fixture
def services(paths: Paths):
    built: Services = build_services(paths)
    yield built
    built.close()
