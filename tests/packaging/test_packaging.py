"""The installed app: .desktop and AppStream files that validate, icons from the SVG, and
the real PyInstaller bundle and .deb, built and started headless with --self-check."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "org.netdesk.NetDesk"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def tool(name: str) -> str:
    """The path of a system tool; missing, it fails under CI (quickstart installs it)."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (packaging/quickstart.sh test installs it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _load(name: str):
    """A script of packaging/ as a module (packaging/ is not a package: PyPI's is)."""
    spec = importlib.util.spec_from_file_location(f"netdesk_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_desktop_file_validates() -> None:
    done = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_metainfo_validates() -> None:
    done = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "W:" not in done.stdout and "E:" not in done.stdout, done.stdout


def test_ids_agree_everywhere() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Icon"] == APP_ID
    assert desktop["Exec"].split()[0] == "netdesk"
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.find("provides/binary").text == "netdesk"
    release = component.find("releases/release")
    from netdesk import __version__

    assert release.get("version") == __version__
    # Wayland compositors match the window to the launcher by this name.
    assert f'setDesktopFileName("{APP_ID}")' in (ROOT / "netdesk" / "app.py").read_text()


def test_icons_are_the_svg_at_every_size(qapp) -> None:
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    make_icons = _load("make_icons")
    renderer = QSvgRenderer(str(make_icons.SVG))
    for size in SIZES:
        path = make_icons.png_path(size)
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size), path
        fresh = make_icons.render(size, renderer).convertToFormat(image.format())
        assert image == fresh, f"{path} is out of date: run packaging/build.sh icons"
    scalable = PACKAGING / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == make_icons.SVG.read_bytes()
    assert (PACKAGING / "icons" / "netdesk.ico").stat().st_size > 0


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """One real build for the tests below: PyInstaller bundle, then the .deb (gzip: fast)."""
    tool("dpkg-deb")
    out = tmp_path_factory.mktemp("build")
    env = {
        **os.environ,
        "DIST_DIR": str(out / "dist"),
        "BUILD_DIR": str(out / "build"),
        "DEB_COMPRESSION": "gzip",
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        ["bash", str(PACKAGING / "build.sh"), "deb"],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    deb = Path(done.stdout.strip().splitlines()[-1])
    return {"bundle": out / "dist" / "netdesk", "deb": deb, "root": out}


def self_check(program: Path, platform: str, home: Path, wrapper: list[str] = ()) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "HOME": str(home)}
    env.pop("NETDESK_DATA_DIR", None)
    done = subprocess.run(
        [*wrapper, str(program), "--self-check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=home,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-4000:]
    assert done.stdout.splitlines()[-1] == "OK", done.stdout
    return done.stdout


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_bundle_starts_headless_and_passes_its_self_check(built, tmp_path) -> None:
    program = built["bundle"] / "netdesk"
    out = self_check(program, "offscreen", tmp_path)
    assert "main window painted on offscreen" in out
    # The map's layout process is the bundle itself, started with its worker flag.
    assert "3 people placed by --layout-worker" in out
    assert not (tmp_path / ".local").exists()  # the check never touched the user's data
    # On a real X server too: the bundle must carry Qt's xcb platform plugin.
    if shutil.which("xvfb-run"):
        out = self_check(
            program, "xcb", tmp_path, ["xvfb-run", "-a", "-s", "-screen 0 1280x900x24"]
        )
        assert "main window painted on xcb" in out


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_deb_installs_the_bundle_with_a_launcher(built, tmp_path) -> None:
    deb = built["deb"]
    info = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True)
    fields = dict(line.split(": ", 1) for line in info.stdout.splitlines() if ": " in line)
    from netdesk import __version__

    assert (fields["Package"], fields["Version"]) == ("netdesk", __version__)
    assert "libegl1" in fields["Depends"]
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True
    ).stdout
    for path in (
        "./usr/bin/netdesk",
        "./opt/netdesk/netdesk",
        f"./usr/share/applications/{APP_ID}.desktop",
        f"./usr/share/metainfo/{APP_ID}.metainfo.xml",
        f"./usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(f"./usr/share/icons/hicolor/{s}x{s}/apps/{APP_ID}.png" for s in SIZES),
    ):
        assert f" {path}\n" in listing + "\n", path
    assert "root/root" in listing and "/home/" not in listing
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    launcher = (root / "usr" / "bin" / "netdesk").read_text()
    assert 'exec /opt/netdesk/netdesk "$@"' in launcher
    home = tmp_path / "home"
    home.mkdir()
    self_check(root / "opt" / "netdesk" / "netdesk", "offscreen", home)
