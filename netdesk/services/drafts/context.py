"""Turning notes and records into the words a template is filled with."""

from __future__ import annotations

import re
from datetime import date

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.mail.headers import header_text

MAX_TOPICS, MAX_TAKEAWAYS = 3, 5


def format_day(day: date, today: date) -> str:
    """'20 October', with the year only when it is not this year. English, as the templates."""
    text = f"{day.day} {day.strftime('%B')}"
    return text if day.year == today.year else f"{text} {day.year}"


def _clean_item(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [words](link) -> words
    text = re.sub(r"(\*\*|__|`|\*|_)(.+?)\1", r"\2", text)
    text = " ".join(text.split()).rstrip(".;:,")
    return text


def topics_from_notes(notes: str, limit: int = MAX_TOPICS) -> list[str]:
    """The headings of the notes, else their top-level bullet points: what was discussed."""
    headings, bullets = [], []
    for line in notes.splitlines():
        heading = re.match(r"#{1,6}\s+(.+)", line.strip())
        bullet = re.match(r"(?:[-*+]|\d+[.)])\s+(.+)", line)  # top level only: no indent
        if heading:
            headings.append(heading.group(1))
        elif bullet:
            bullets.append(bullet.group(1))
    topics = []
    for item in headings or bullets:
        cleaned = _clean_item(item)
        if cleaned and len(cleaned) <= 70:
            topics.append(cleaned)  # as written: "Northwind ML platform" stays capitalised
    return topics[:limit]


def lines_of(text: str, limit: int = MAX_TAKEAWAYS) -> list[str]:
    items = []
    for line in text.splitlines():
        cleaned = _clean_item(re.sub(r"^\s*(?:[-*+•]|\d+[.)])\s+", "", line))
        if cleaned:
            items.append(cleaned)
    return items[:limit]


def first_name_of(record: ContactRecord) -> str:
    """As it reads: an imported name may arrive as RFC 2047 encoded words."""
    return header_text(record.given_name) or (header_text(record.display_name).split() or [""])[0]
