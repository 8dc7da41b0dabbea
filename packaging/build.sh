#!/usr/bin/env bash
# Build NetDesk as an installed desktop app.
#   packaging/build.sh bundle   the one-folder app (dist/netdesk/, run dist/netdesk/netdesk)
#   packaging/build.sh deb      the bundle, then a Debian package (dist/netdesk_<ver>_<arch>.deb)
#   packaging/build.sh icons    re-render the PNG icons from the SVG
# Uses .venv (packaging/quickstart.sh test creates it, with PyInstaller); override with
# PYTHON=..., DIST_DIR=..., BUILD_DIR=..., DEB_COMPRESSION=xz|gzip|zstd|none.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=${1:-deb}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
DIST_DIR=${DIST_DIR:-$ROOT/dist}
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
APP_ID=org.netdesk.NetDesk
VERSION=$("$PYTHON" -c 'import netdesk; print(netdesk.__version__)')

say() { printf '\033[1mbuild:\033[0m %s\n' "$*" >&2; }

build_bundle() {
    say "PyInstaller bundle $VERSION -> $DIST_DIR/netdesk"
    "$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
        --distpath "$DIST_DIR" --workpath "$BUILD_DIR/pyinstaller" packaging/netdesk.spec
    QT_QPA_PLATFORM=offscreen "$DIST_DIR/netdesk/netdesk" --self-check >&2
}

build_deb() {
    command -v dpkg-deb >/dev/null || { say "dpkg-deb is needed for the .deb"; exit 1; }
    local arch root deb size
    arch=$(dpkg --print-architecture)
    root="$BUILD_DIR/deb/netdesk_${VERSION}_${arch}"
    deb="$DIST_DIR/netdesk_${VERSION}_${arch}.deb"
    say "Debian package -> $deb"
    rm -rf "$root"
    install -d "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
        "$root/usr/share/metainfo" "$root/usr/share/icons" "$root/usr/share/doc/netdesk"
    cp -a "$DIST_DIR/netdesk" "$root/opt/netdesk"
    # A script, not a symlink: the bundle finds its libraries next to the real program.
    printf '#!/bin/sh\nexec /opt/netdesk/netdesk "$@"\n' > "$root/usr/bin/netdesk"
    chmod 0755 "$root/usr/bin/netdesk"
    install -m 0644 "packaging/linux/$APP_ID.desktop" "$root/usr/share/applications/"
    install -m 0644 "packaging/linux/$APP_ID.metainfo.xml" "$root/usr/share/metainfo/"
    cp -r packaging/icons/hicolor "$root/usr/share/icons/"
    install -m 0644 README.md "$root/usr/share/doc/netdesk/README.md"
    printf 'NetDesk is distributed under the MIT license.\n' > "$root/usr/share/doc/netdesk/copyright"
    find "$root" -type d -exec chmod 0755 {} +
    size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
    # PyInstaller bundles Python, Qt and their libraries; the system provides libc,
    # the OpenGL/EGL drivers, libxcb and Wayland's client libraries.
    cat > "$root/DEBIAN/control" <<CONTROL
Package: netdesk
Version: $VERSION
Architecture: $arch
Maintainer: The NetDesk developers <netdesk@localhost>
Installed-Size: $size
Depends: libc6 (>= 2.31), libegl1, libgl1, libdrm2, libxcb1, libwayland-client0, libwayland-cursor0, libwayland-egl1
Recommends: fonts-dejavu-core, gnome-keyring | kwalletmanager | keepassxc
Section: misc
Priority: optional
Description: grow a few real, reciprocal professional relationships
 NetDesk keeps the people you know, how you know them and every conversation,
 imports your LinkedIn connections by drag and drop, draws the relationship map,
 plans informational interviews, drafts thank-you notes and reminds you to keep
 in touch. Everything stays in one SQLite file in your home folder.
CONTROL
    mkdir -p "$DIST_DIR"
    dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$root" "$deb" >&2
    echo "$deb"
}

case "$MODE" in
    bundle) build_bundle ;;
    deb) build_bundle; build_deb ;;
    deb-only) build_deb ;;
    icons) "$PYTHON" packaging/make_icons.py ;;
    *) say "usage: packaging/build.sh bundle|deb|icons"; exit 2 ;;
esac
