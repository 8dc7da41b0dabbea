"""Rewriting NetDesk's properties inside a card as last read from the server, every other
property left exactly as it was (see vcards.card_from_person)."""

from __future__ import annotations

from collections.abc import Callable

from netdesk.services.carddav.vcard_lines import Property, fold

Block = list[str]  # one property's physical lines


def merged_properties(
    props: list[Property], sources: dict[str, list[int]], replacements: dict[str, list[Block]]
) -> list[Block]:
    """*props* with each replaced slot's source properties dropped and its new lines put
    where the first of them was (a slot the card lacked goes at the end). A property
    reused as it was (an unchanged email among changed ones) is one of the new blocks."""
    drop = {index for slot in replacements for index in sources.get(slot, [])}
    reused = {id(block) for blocks in replacements.values() for block in blocks}
    drop |= _orphans(props, drop, {i for i, p in enumerate(props) if id(p.lines) in reused})
    at: dict[int, list[Block]] = {}
    end = len(props)
    for slot, blocks in replacements.items():
        anchor = min(sources.get(slot) or [end])
        at.setdefault(anchor, []).extend(blocks)
    result: list[Block] = []
    for index, prop in enumerate(props):
        result.extend(at.get(index, []))
        if index not in drop:
            result.append(prop.lines)
    result.extend(at.get(end, []))
    return result


def _orphans(props: list[Property], drop: set[int], reused: set[int]) -> set[int]:
    """The labels left behind by a dropped property: Apple writes a custom label as
    another property of the same group (item1.EMAIL with item1.X-ABLabel)."""
    gone = {props[i].group for i in drop - reused if props[i].group}
    alive = {
        p.group
        for i, p in enumerate(props)
        if p.group in gone and (i not in drop or i in reused) and not p.name.startswith("X-AB")
    }
    orphaned = gone - alive
    return {i for i, p in enumerate(props) if p.group in orphaned}


def reused_blocks(
    props: list[Property],
    sources: list[int],
    values: list[str],
    rendered: list[str],
    key: Callable[[str], str],
    read: Callable[[Property], str],
) -> list[Block]:
    """The lines for a list of *values* (emails, phones): a value the card already had
    keeps its own property (TYPE=CELL, PREF, a group and its label), a new one is
    *rendered* (one logical line per value, in the same order)."""
    free = list(sources)
    blocks: list[Block] = []
    for value, line in zip(values, rendered, strict=True):
        match = next((i for i in free if key(read(props[i])) == key(value)), None)
        if match is None:
            blocks.append(fold(line))
        else:
            free.remove(match)
            blocks.append(props[match].lines)
    return blocks
