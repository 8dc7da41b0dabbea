"""Render the application icon (netdesk/resources/icons/netdesk.svg) to the PNG sizes
desktops use, and to .ico (Windows) and .icns (macOS) for the bundle.

    .venv/bin/python packaging/make_icons.py

The PNGs are committed (packaging/icons/hicolor/NxN/apps/); run this again whenever
the SVG changes. tests/packaging/test_packaging.py checks they match it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "netdesk" / "resources" / "icons" / "netdesk.svg"
ICONS = ROOT / "packaging" / "icons"
APP_ID = "org.netdesk.NetDesk"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int, renderer: QSvgRenderer) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_path(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    images = {}
    for size in SIZES:
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        images[size] = render(size, renderer)
        if not images[size].save(str(path), "PNG"):
            print(f"cannot write {path}", file=sys.stderr)
            return 1
    scalable = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(SVG.read_bytes())
    # Windows and macOS icons hold one picture; Qt's plugins write the largest they take.
    formats = {bytes(f.data()).decode() for f in QImageWriter.supportedImageFormats()}
    for name, size in (("ico", 256), ("icns", 512)):
        if name in formats:
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            if images[size].save(buffer, name.upper()):
                (ICONS / f"netdesk.{name}").write_bytes(bytes(data.data()))
    del app
    print(f"wrote {len(SIZES)} PNG sizes under {ICONS / 'hicolor'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
