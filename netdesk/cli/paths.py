"""`netdesk paths --to PERSON-OR-ORGANISATION`: who could introduce me, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netdesk.cli.common import CommandError, Context

if TYPE_CHECKING:
    from netdesk.services.network.model import Network
    from netdesk.services.network.warm_paths import Target, WarmPath


def resolve_target(network: Network, text: str) -> tuple[Target, dict]:
    """A person's id; else an organisation's name (any case); else the person the map's
    search puts first."""
    from netdesk.services.network.warm_paths import Target
    from netdesk.services.text import fold

    text = " ".join(text.split())
    if text.isdigit():
        pid = int(text)
        if pid not in network.people:
            raise CommandError(f"nobody has the id {pid} (netdesk contacts --json)")
        return Target(contact_id=pid), {"person": pid, "name": network.people[pid].name}
    wanted = fold(text)
    for organisation_id, name in network.organisations.items():
        if fold(name) == wanted:
            return Target(organisation_id=organisation_id), {
                "organisation": organisation_id,
                "name": name,
            }
    found = network.search(text, limit=1)
    if not found:
        raise CommandError(f"no person or organisation matches {text!r}")
    pid = found[0]
    return Target(contact_id=pid), {"person": pid, "name": network.people[pid].name}


def path_dict(path: WarmPath) -> dict:
    introducer = path.introducer
    return {
        "people": [
            {"id": step.contact_id, "name": step.name, "how_you_know_them": step.note or None}
            for step in path.steps
            if step.contact_id is not None
        ],
        "route": [step.name for step in path.steps],
        "why": list(path.sentences),
        "ask": introducer.contact_id if introducer else None,
        "next_step": path.request_title(),
        "organisation": path.organisation,
    }


def paths_command(context: Context) -> int:
    from netdesk.services.network.warm_paths import RANKING_EXPLAINED, warm_paths

    network = context.services.graph.load()
    target, described = resolve_target(network, context.args.to)
    paths = warm_paths(network, target, limit=context.args.limit)
    if context.args.json:
        return context.json({"to": described, "paths": [path_dict(p) for p in paths]})
    if not paths:
        context.print(
            f"No warm path to {described['name']} yet. Who do you know who might know them?"
        )
        return 0
    context.print(f"Warm paths to {described['name']}, warmest first. {RANKING_EXPLAINED}")
    for number, path in enumerate(paths, 1):
        context.print(f"\n{number}. {path.describe()}")
        context.print(*(f"   {sentence}." for sentence in path.sentences))
        context.print(f"   Next: {path.request_title()}")
    return 0
