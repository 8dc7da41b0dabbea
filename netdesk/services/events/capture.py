"""Reading a quick capture: one person per line, as typed the evening after an event.

    Aiko Tanaka, Kestrel Aerospace, data platform — wants intros to fintech
    * "Tanaka, Aiko", aiko@kestrel.example, linkedin.com/in/aiko -- starred: propose a chat

The name comes first; then, separated by commas, an email, a LinkedIn profile, the
organisation (the first other part) and the role (the second); anything after an em
dash, " - " or "--" is the one-line note. Double quotes keep commas inside a name. A
leading "*" stars the person (worth a 20–30 minute conversation). Blank lines and lines
starting with "#" are skipped; a line without a name is reported, not imported.
"""

from __future__ import annotations

from netdesk.services.contacts.records import EMAIL
from netdesk.services.events.records import CapturedLine
from netdesk.services.imports.linkedin_csv import normalise_linkedin_url
from netdesk.services.text import clean_cell

# Where the note starts, earliest first wins; the em and en dashes are typed by phones
# and word processors for "--".
_NOTE_SEPARATORS = ("—", " – ", " - ", "--")
MAX_LINES = 1_000  # a pasted list longer than this is not an evening's capture


def parse_capture(text: str) -> list[CapturedLine]:
    """Every line that is not blank or a comment, read (problems included)."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        lines.append(parse_line(stripped, number))
    return lines


def parse_line(text: str, number: int = 1) -> CapturedLine:
    body = text.strip()
    starred = body.startswith("*")
    if starred:
        body = body[1:].lstrip()
    head, note = _split_note(body)
    parts = _split_parts(head)
    name = _unquote(parts[0]) if parts else ""
    email = url = ""
    others: list[str] = []
    for part in (_unquote(p) for p in parts[1:]):
        if not part:
            continue
        if not email and EMAIL.match(part):
            email = part
        elif not url and "linkedin." in part.casefold() and normalise_linkedin_url(part):
            url = normalise_linkedin_url(part) or ""
        else:
            others.append(part)
    organisation = others[0] if others else ""
    role = others[1] if len(others) > 1 else ""
    if len(others) > 2:  # more than we have fields for: kept in the note, not lost
        note = "; ".join([*others[2:], note] if note else others[2:])
    problem = _problem(name)
    return CapturedLine(
        line=number,
        text=text,
        name="" if problem else name,
        organisation=organisation,
        role=role,
        email=email,
        linkedin_url=url,
        note=clean_cell(note),
        starred=starred,
        problem=problem,
    )


def _problem(name: str) -> str:
    if not name:
        return "no name: a line starts with the person's name"
    if EMAIL.match(name) or (normalise_linkedin_url(name) and "linkedin." in name.casefold()):
        return "no name: a line starts with the person's name, then their email or profile"
    if not any(ch.isalpha() for ch in name):
        return f"no name: {name!r} is not a name"
    return ""


def _split_note(text: str) -> tuple[str, str]:
    """(the person's parts, the note) at the first separator outside double quotes."""
    quoted = False
    index = 0
    while index < len(text):
        if text[index] == '"':
            quoted = not quoted
        elif not quoted:
            for separator in _NOTE_SEPARATORS:
                if text.startswith(separator, index):
                    return text[:index], text[index + len(separator) :]
        index += 1
    return text, ""


def _split_parts(text: str) -> list[str]:
    """Comma-separated parts, commas inside double quotes kept (a tab-separated paste
    from a spreadsheet is read by its tabs)."""
    delimiter = "\t" if "\t" in text and "," not in text else ","
    parts, current, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == delimiter and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [clean_cell(part) for part in parts]


def _unquote(part: str) -> str:
    part = clean_cell(part)
    if len(part) >= 2 and part[0] == part[-1] == '"':
        part = part[1:-1].replace('""', '"')
    return clean_cell(part.replace('"', "") if part.count('"') == 1 else part)
