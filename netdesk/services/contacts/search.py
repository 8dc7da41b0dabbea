"""Contact search: what the user typed as an FTS5 query, and the list filter as SQL."""

from __future__ import annotations

import re

from netdesk.services.contacts.records import NOT_ME_SQL, ContactFilter, Scope
from netdesk.services.vocabulary import LINKEDIN_ONLY


def fts_query(text: str) -> str:
    """Turn what the user typed into an FTS5 query: every word, as a prefix, all required.

    Words are split the way the unicode61 tokenizer splits them, so each is one token
    (the index keeps no positions, so phrases are not available).
    """
    return " ".join(f'"{word}"*' for word in re.split(r"[\W_]+", text) if word)


def where_sql(criteria: ContactFilter) -> tuple[str, list[object]]:
    """The WHERE clause (and its parameters) that selects the people *criteria* match."""
    clauses: list[str] = []
    params: list[object] = []
    query = fts_query(criteria.text)
    if query:
        clauses.append("c.id IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)")
        params.append(query)
    if criteria.relation:
        clauses.append("c.relation = ?")
        params.append(criteria.relation)
    if criteria.tag:
        clauses.append(
            "c.id IN (SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE t.name = ?)"
        )
        params.append(criteria.tag)
    if criteria.min_closeness:
        clauses.append("c.closeness >= ?")
        params.append(criteria.min_closeness)
    if criteria.changed_job_since:
        clauses.append(
            "c.id IN (SELECT contact_id FROM position WHERE change IS NOT NULL AND seen_on >= ?)"
        )
        params.append(criteria.changed_job_since)
    if criteria.scope is Scope.REAL:
        clauses.append("c.relation <> ?")
        params.append(LINKEDIN_ONLY)
    elif criteria.scope is Scope.LINKEDIN_ONLY:
        clauses.append("c.relation = ?")
        params.append(LINKEDIN_ONLY)
    if criteria.relation or criteria.min_closeness or criteria.scope is not Scope.EVERYONE:
        clauses.append(NOT_ME_SQL)  # me has no relationship to filter by
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params
