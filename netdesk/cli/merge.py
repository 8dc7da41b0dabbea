"""`netdesk merge KEEP OTHER [--json]` and `netdesk merge --undo`."""

from __future__ import annotations

import sys

from netdesk.cli.common import CommandError, Context


def merge_command(context: Context) -> int:
    from netdesk.errors import MergeError

    args = context.args
    merges = context.services.merges
    if args.undo:
        last = merges.last_merge()
        if last is None:
            print("netdesk: there is no merge to undo", file=sys.stderr)
            return 1
        try:
            undone = merges.undo(last.merge_id)
        except MergeError as error:
            raise CommandError(str(error)) from None
        if args.json:
            return context.json(undone)
        context.print(f"Undid the merge of {undone.merged_name} (#{undone.merged_id}) "
                      f"into #{undone.kept_id}")  # fmt: skip
        return 0
    if args.keep is None or args.other is None:
        raise CommandError("say which person to keep and which to merge into them: KEEP OTHER")
    try:
        result = merges.merge(args.keep, args.other)
    except MergeError as error:
        raise CommandError(str(error)) from None
    if args.json:
        return context.json(result)
    context.print(f"Merged {result.merged_name} (#{result.merged_id}) into "
                  f"{result.kept_name} (#{result.kept_id})")  # fmt: skip
    taken = [key for key, side in result.choices.items() if side != "kept"]
    context.print(
        "Kept every email, phone and tag; from #{}: {}".format(
            result.merged_id, ", ".join(f"{k} ({result.choices[k]})" for k in taken) or "nothing"
        )
    )
    moved = sum(result.moved.values())
    if moved:
        context.print(f"Moved {moved} related rows; netdesk merge --undo takes it back")
    return 0
