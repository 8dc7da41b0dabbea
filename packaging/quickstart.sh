#!/usr/bin/env bash
# One-step setup for a fresh Debian/Ubuntu machine with Python 3.11+.
#   packaging/quickstart.sh run  [netdesk arguments]   set up, then launch the app
#   packaging/quickstart.sh test [pytest arguments]    set up, then lint and run every test
# It creates .venv beside the code, installs the Python packages, and (when run as
# root) the Debian packages Qt and the tests need if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=${1:-run}
shift || true
PYTHON=${PYTHON:-python3}

say() { printf '\033[1mnetdesk:\033[0m %s\n' "$*" >&2; }

"$PYTHON" - <<'PY' || { say "Python 3.11 or newer is needed (found $("$PYTHON" --version 2>&1))."; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

# Qt's runtime libraries, the virtual screen and the real servers the tests start
# (dovecot for IMAP, gnome-keyring under a private D-Bus session), and venv support;
# the packaging tests build the bundle (PyInstaller needs binutils' objdump) and the
# .deb, and validate the .desktop and AppStream files.
QT_PACKAGES="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0
  libxcb-image0 libxcb-xinerama0 libxcb-randr0 libglib2.0-0 fonts-dejavu-core"
TEST_PACKAGES="xvfb xauth dovecot-imapd gnome-keyring dbus dbus-x11
  binutils desktop-file-utils appstream"

install_debian_packages() {
    local wanted=("$@") missing=()
    command -v dpkg-query >/dev/null && command -v apt-get >/dev/null || return 0
    for package in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        say "missing Debian packages (install them with sudo): ${missing[*]}"
        return 0
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The tests start their own private dovecot; a system IMAP server that installing
    # the package switched on is not wanted, so it goes back off.
    if [[ " ${missing[*]} " == *" dovecot-imapd "* ]] && command -v systemctl >/dev/null \
        && [ -d /run/systemd/system ]; then
        systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
    fi
}

VENV_PACKAGE=""
if ! "$PYTHON" -c "import ensurepip, venv" 2>/dev/null; then
    VENV_PACKAGE="python3-venv python$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')-venv"
fi

# shellcheck disable=SC2086
case "$MODE" in
    run) install_debian_packages $QT_PACKAGES $VENV_PACKAGE ;;
    test) install_debian_packages $QT_PACKAGES $TEST_PACKAGES $VENV_PACKAGE ;;
    *) say "usage: packaging/quickstart.sh run|test [arguments]"; exit 2 ;;
esac

if [ ! -x .venv/bin/python ]; then
    say "creating the virtual environment in .venv"
    "$PYTHON" -m venv .venv
fi
EXTRAS=""
[ "$MODE" = test ] && EXTRAS="[test]"
STAMP=".venv/.installed-$MODE-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$STAMP" ]; then
    say "installing Python packages"
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$EXTRAS"
    touch "$STAMP"
fi

if [ "$MODE" = run ]; then
    exec .venv/bin/netdesk "$@"
fi

export QT_QPA_PLATFORM=offscreen
unset DISPLAY WAYLAND_DISPLAY
# Tests must never see the user's real data folder or settings.
export NETDESK_DATA_DIR="$ROOT/.venv/test-home/data"
export HOME="$ROOT/.venv/test-home" XDG_CONFIG_HOME="$ROOT/.venv/test-home/.config"
mkdir -p "$HOME"
say "lint (ruff)"
.venv/bin/ruff check netdesk tests benchmarks
say "tests (pytest)"
run_pytest() {
    set +e
    .venv/bin/python -m pytest "$@"
    local status=$?
    set -e
    if [ $status -eq 5 ]; then
        say "pytest collected no tests: that is a failure, not a pass"
        return 1
    fi
    return $status
}
# The whole suite runs in two worker processes (pytest-xdist; CI has two cores): every
# test owns its files, servers and ports, so they do not meet. A test file's tests run
# on one worker (loadfile): the bundle's tests share one build. Arguments run as given.
if [ $# -eq 0 ]; then
    run_pytest -n 2 --dist loadfile
else
    run_pytest "$@"
fi
# Tests run on a frozen clock (tests/frozen_time.py: a Sunday at 23:50). The whole run
# also checks two other awkward moments: the last minutes of a year in a zone with
# summer time, and a Monday just after midnight eleven hours behind UTC.
if [ $# -eq 0 ]; then
    for moment in "Europe/Berlin 2026-12-31T23:58" "Pacific/Pago_Pago 2027-01-04T00:01"; do
        read -r zone now <<<"$moment"
        say "tests with the clock at $now in $zone (unit and views)"
        TZ=$zone NETDESK_TEST_NOW=$now run_pytest -q -n 2 --dist loadfile tests/unit tests/views
    done
fi
