"""Entry point: `netdesk` (the app), `netdesk import|contacts|people|meeting|…` (headless)."""

from __future__ import annotations

import argparse
import logging
import sys

from netdesk import APP_NAME, __version__
from netdesk.cli.parser import OneLineParser, add_commands, command_named
from netdesk.paths import DATA_DIR_ENV, resolve_paths

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a command's ~3 ms)
if TYPE_CHECKING:
    from netdesk.services.clock import Clock

DATA_DIR_HELP = (
    f"folder holding the database (default: the platform's user-data folder, or ${DATA_DIR_ENV})"
)

UNLOCK_OPTIONS = {
    "--passphrase-file": "an encrypted database's passphrase, on this file's first line "
    "(with `encryption on`: the passphrase to set)",
    "--recovery-key-file": "open an encrypted database with the recovery key in this file",
}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given *argv*, only the command it names (faster)."""
    # Subcommands accept --data-dir too; SUPPRESS keeps them from erasing a value given first.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
    for option, help_text in UNLOCK_OPTIONS.items():
        common.add_argument(option, default=argparse.SUPPRESS, help=help_text)
    parser = OneLineParser(
        prog="netdesk",
        description=f"{APP_NAME}: a few real, reciprocal professional relationships.",
    )
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    for option, help_text in UNLOCK_OPTIONS.items():
        parser.add_argument(option, help=help_text)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="log details, with tracebacks, to stderr"
    )
    parser.add_argument(
        "--demo", action="store_true", help="on an empty database, load the invented sample network"
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check this installation in a temporary folder (database, import, window); "
        "prints OK and exits 0 when everything works",
    )
    add_commands(parser, common, command_named(argv) if argv is not None else None)
    return parser


def main(argv: list[str] | None = None, clock: Clock | None = None) -> int:
    """The process's exit status. *clock*: the services' clock (tests freeze it)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--layout-worker"]:  # the map's layout process, in a bundled app
        from netdesk.services.network.layout_worker import main as layout_worker

        return layout_worker()
    try:
        args = build_parser(argv).parse_args(argv)
    except SystemExit as stop:  # bad arguments (one line on stderr), --help, --version
        return stop.code if isinstance(stop.code, int) else 2
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.self_check:
        from netdesk.selfcheck import run_self_check

        return run_self_check()
    paths = resolve_paths(args.data_dir)
    if args.command:
        from netdesk.cli import run

        return run(args.command, paths, args, clock)
    from netdesk.app import run_gui

    return run_gui(paths, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())
