"""`netdesk duplicates [--json]`: people who are likely one person, best first."""

from __future__ import annotations

from netdesk.cli.common import Context


def duplicates_command(context: Context) -> int:
    pairs = context.services.duplicates.find()
    if context.args.json:
        return context.json(
            [
                {
                    "first": {"id": p.first_id, "name": p.first_name},
                    "second": {"id": p.second_id, "name": p.second_name},
                    "score": p.score,
                    "evidence": list(p.evidence),
                }
                for p in pairs
            ]
        )
    if not pairs:
        context.print("No likely duplicates.")
        return 0
    for p in pairs:
        context.print(
            f"{p.score:.2f}  #{p.first_id} {_one_line(p.first_name)}  ·  "
            f"#{p.second_id} {_one_line(p.second_name)}  —  {'; '.join(p.evidence)}"
        )
    context.print(f"{len(pairs)} likely duplicate pair{'s' if len(pairs) != 1 else ''}")
    return 0


def _one_line(name: str) -> str:
    """A name as one short line (a pasted name may hold breaks or be pages long)."""
    from netdesk.services.text import clean_cell

    name = clean_cell(name)
    return name if len(name) <= 80 else name[:79] + "…"
