"""The lines of an imported CSV file before its rows are read: line endings, the size
limit, and recovery from a quote that is never closed (which would otherwise swallow the
rows after it into one cell, or the rest of the last line into a name).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator

from netdesk.errors import ImportFormatError, TooManyRowsError
from netdesk.services.imports.summary import Problem

LINKEDIN_MAX_CONNECTIONS = 30_000
# Beyond LinkedIn's maximum with room for blank lines and cells that span lines.
MAX_DATA_LINES = 35_000
QUOTE_NOT_CLOSED = "a quote is not closed; the rows after it were not merged"
# Read after the file's last line: a quote still open there closes on this line, so a
# quote left open at the end shows as a row that spans lines, like one mid-file. After a
# well-formed file it reads as one blank row, which every parser skips.
UNCLOSED_QUOTE_SENTINEL = ('"\n',)


def unify_line_ends(text: str) -> str:
    """Old Excel ends lines with a lone CR, alone or mixed with CRLF and LF: make every
    line end LF so that the CSV reader and the reported line numbers see the same lines.
    In a file of LF or CRLF lines, a lone CR inside a quoted cell stays in the cell, and
    one between two pieces that are not rows is a stray character inside a cell: a space."""
    if "\r" not in text or text.count("\r") == text.count("\r\n"):
        return text
    text = text.replace("\r\n", "\n")
    if "\n" not in text:
        return text.replace("\r", "\n")
    return _LONE_CR.sub(_lone_cr, text)


# A quoted cell (kept whole, CRs and all) or a lone CR.
_LONE_CR = re.compile(r'("(?:[^"]|"")*")|\r')
_LINE_BREAK = re.compile(r"[\r\n]")


def _lone_cr(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1)
    text, at = match.string, match.start()
    start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    following = _LINE_BREAK.search(text, at + 1)
    end = following.start() if following else len(text)
    return "\n" if _looks_like_row(text[start:at]) and _looks_like_row(text[at + 1 : end]) else " "


def _looks_like_row(piece: str) -> bool:
    return piece.count(",") + piece.count(";") + piece.count("\t") >= 2


def count_data_lines(text: str, start: int) -> int:
    """Lines from *start* to the end, a last line without a line end included."""
    return text.count("\n", start) + (not text.endswith("\n"))


def refuse_too_many_rows(data_lines: int, shown: str) -> None:
    if data_lines > MAX_DATA_LINES:
        raise TooManyRowsError(
            f"{shown} has {data_lines:,} rows, more than LinkedIn ever exports "
            f"({LINKEDIN_MAX_CONNECTIONS:,} connections at most): it is not a "
            "Connections.csv; nothing was imported"
        )


def has_line_break(record: list[str]) -> bool:
    return any("\n" in cell or "\r" in cell for cell in record)


def swallowed_rows(record: list[str], delimiter: str, width: int) -> bool:
    """Whether a cell that spans lines holds what look like whole rows after its first
    line: a quote left open, not a company name written on two lines."""
    enough = max(1, width - 2)
    for cell in record:
        for continuation in cell.splitlines()[1:]:
            if continuation.count(delimiter) >= enough:
                return True
    return False


def is_field_limit(error: csv.Error) -> bool:
    """A quote left open early in a large file runs into the CSV field size limit."""
    return "field larger than field limit" in str(error)


def line_offset(text: str, offset: int, skip: int) -> int:
    """Where the line *skip* lines after the one at *offset* starts."""
    for _ in range(skip):
        offset = text.index("\n", offset) + 1
    return offset


def line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def literal_line(line: str, delimiter: str) -> str:
    """*line*, whose last quoted cell is never closed, as well-formed CSV: that quote read
    as a stray character (dropped) and the delimiters after it separating cells again."""
    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    if cells:
        cells[-1:] = cells[-1].rstrip("\r\n").split(delimiter)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerow(cells)
    return out.getvalue()


def rows_repairing_quotes(
    text: str, start: int, delimiter: str, width: int, shown: str, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each row of *text* from offset *start* (a line's start,
    *text*'s line ends unified). A quote never closed is reported in *problems* and its
    line read as literal text, so the rows after it stay rows; *width* is the header's."""
    before = text.count("\n", 0, start)  # the line before the one being read
    last_line = before + count_data_lines(text, start)
    offset, repaired = start, ()
    while True:
        lines = itertools.chain(repaired, io.StringIO(text[offset:]), UNCLOSED_QUOTE_SENTINEL)
        reader = csv.reader(lines, delimiter=delimiter)
        previous = before  # the last line of the previous row
        try:
            for record in reader:
                line = before + reader.line_num
                # A row that spans lines past the last one, or holds whole rows after its
                # first line: the quote opened on line previous + 1 is never closed.
                if line > previous + 1 and (
                    line > last_line or swallowed_rows(record, delimiter, width)
                ):
                    break
                previous = line
                yield line, record
            else:
                return
        except csv.Error as error:
            if not is_field_limit(error):
                raise ImportFormatError(
                    f"{shown}, line {before + reader.line_num}: malformed CSV ({error})"
                ) from error
        # Read the line with the open quote on its own, then the rows after it as rows.
        problems.append(Problem(previous + 1, QUOTE_NOT_CLOSED, "warning"))
        offset = line_offset(text, offset, previous - before - len(repaired))
        end = line_end(text, offset)
        try:
            repaired = (literal_line(text[offset:end], delimiter),)
        except csv.Error as error:  # a cell beyond the field size limit on one line
            raise ImportFormatError(
                f"{shown}, line {previous + 1}: malformed CSV ({error})"
            ) from error
        offset, before = end, previous
