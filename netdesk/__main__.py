"""Entry point: `netdesk` (the app), `netdesk import|contacts|undo-import` (headless)."""

from __future__ import annotations

import argparse
import logging
import sys

from netdesk import APP_NAME, __version__
from netdesk.paths import DATA_DIR_ENV, resolve_paths
from netdesk.services.vocabulary import DRAFT_PURPOSES

DATA_DIR_HELP = (
    f"folder holding the database (default: the platform's user-data folder, or ${DATA_DIR_ENV})"
)


def build_parser() -> argparse.ArgumentParser:
    # Subcommands accept --data-dir too; SUPPRESS keeps them from erasing a value given first.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
    parser = argparse.ArgumentParser(
        prog="netdesk",
        description=f"{APP_NAME}: a few real, reciprocal professional relationships.",
    )
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
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
    commands = parser.add_subparsers(dest="command")
    importing = commands.add_parser(
        "import",
        parents=[common],
        help="import a LinkedIn Connections.csv or export .zip, a vCard file or a Google "
        "Contacts CSV",
    )
    importing.add_argument("path")
    importing.add_argument("--json", action="store_true", help="print the summary as JSON")
    listing = commands.add_parser("contacts", parents=[common], help="list people")
    listing.add_argument("--search", help="only people matching these words")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    commands.add_parser("undo-import", parents=[common], help="undo the last import")
    exporting = commands.add_parser(
        "export", parents=[common], help="export people as CSV or vCard, or everything as JSON"
    )
    exporting.add_argument("path")
    exporting.add_argument(
        "--format",
        choices=("csv", "vcard", "json"),
        help="default: from the file's extension (.csv, .vcf, .json)",
    )
    commands.add_parser("backup", parents=[common], help="back up the database now")
    drafting = commands.add_parser(
        "draft",
        parents=[common],
        help="write an email draft (nothing is sent); lists the notes to yourself in it",
    ).add_subparsers(dest="draft_kind", required=True)
    thanks = drafting.add_parser(
        "thank-you", parents=[common], help="the thank-you for a held meeting"
    )
    thanks.add_argument("meeting", type=int, help="the meeting's id")
    thanks.add_argument("--to", type=int, help="which of its people (default: the first)")
    thanks.add_argument("--tone", choices=("warm", "brief", "formal"), default="warm")
    emailing = drafting.add_parser(
        "email", parents=[common], help="an email to a person, for a purpose"
    )
    emailing.add_argument("person", type=int, help="the person's id (netdesk contacts --json)")
    emailing.add_argument(
        "--purpose",
        choices=tuple(DRAFT_PURPOSES),
        help="default: what fits the person now",
    )
    emailing.add_argument(
        "--introduce-to", type=int, help="with --purpose introduction: whom to meet"
    )
    for parser_ in (thanks, emailing):
        parser_.add_argument("--eml", help="also write it as an .eml file to open as a draft")
        parser_.add_argument("--json", action="store_true", help="print the draft as JSON")
    restoring = commands.add_parser(
        "restore",
        parents=[common],
        help="check a backup and restore it (the current data is backed up first)",
    )
    restoring.add_argument("path")
    restoring.add_argument(
        "--yes", action="store_true", help="restore; without it, only check the backup"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--layout-worker"]:  # the map's layout process, in a bundled app
        from netdesk.services.graph_layout import main as layout_worker

        return layout_worker()
    args = build_parser().parse_args(argv)
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

        return run(args.command, paths, args)
    from netdesk.app import run_gui

    return run_gui(paths, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())
