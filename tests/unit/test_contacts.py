"""Listing, searching, editing, deleting and restoring people."""

from __future__ import annotations

import pytest

from netdesk.services.contacts import (
    ContactFilter,
    ContactRecord,
    Scope,
    SortKey,
    ValidationError,
    fts_query,
)


def add(services, name: str, **fields) -> ContactRecord:
    return services.contacts.save(ContactRecord(display_name=name, **fields))


def names(services, ids) -> list[str]:
    return [services.contacts.get(i).display_name for i in ids]


@pytest.fixture
def people(services):
    add(
        services,
        "Émile Zola",
        organisation="Quillstone Publishing",
        role="Editor",
        relation="teacher",
        closeness=4,
        tags=["writers"],
        notes="Loves sailing",
    )
    add(
        services,
        "Mia Chen",
        organisation="Northwind Analytics",
        role="Data Lead",
        relation="mentor",
        closeness=5,
        tags=["data", "mentors"],
    )
    add(
        services,
        "Omar Haddad",
        organisation="Cobalt Health",
        role="CTO",
        relation="linkedin",
        closeness=1,
    )
    add(services, "aiko tanaka", organisation="", role="Producer", relation="friend", closeness=3)
    return services


def query(services, **criteria) -> list[str]:
    return names(services, services.contacts.query_ids(ContactFilter(**criteria)))


def test_sorted_by_name_case_and_accent_insensitively(people) -> None:
    assert query(people) == ["aiko tanaka", "Émile Zola", "Mia Chen", "Omar Haddad"]


def test_sort_by_other_columns_puts_blanks_last_both_ways(people) -> None:
    by_org = people.contacts.query_ids(ContactFilter(), SortKey.ORGANISATION)
    assert names(people, by_org)[-1] == "aiko tanaka"
    by_org_desc = people.contacts.query_ids(ContactFilter(), SortKey.ORGANISATION, True)
    assert names(people, by_org_desc) == ["Émile Zola", "Mia Chen", "Omar Haddad", "aiko tanaka"]
    closest = people.contacts.query_ids(ContactFilter(), SortKey.CLOSENESS, True)
    assert names(people, closest)[0] == "Mia Chen"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("emile", ["Émile Zola"]),  # accents folded
        ("ZOL", ["Émile Zola"]),  # prefix, case-insensitive
        ("north", ["Mia Chen"]),  # organisation
        ("cto", ["Omar Haddad"]),  # role
        ("mentors", ["Mia Chen"]),  # tag
        ("sailing", ["Émile Zola"]),  # notes
        ("mia north", ["Mia Chen"]),  # every word must match
        ("mia cobalt", []),
        ('"*(^', ["aiko tanaka", "Émile Zola", "Mia Chen", "Omar Haddad"]),  # syntax is inert
    ],
)
def test_search(people, text: str, expected: list[str]) -> None:
    assert query(people, text=text) == expected


def test_fts_query_never_passes_syntax_through() -> None:
    assert fts_query('mia "OR" NEAR(x') == '"mia"* "OR"* "NEAR"* "x"*'
    assert fts_query("  ") == ""


def test_filters(people) -> None:
    assert query(people, scope=Scope.REAL) == ["aiko tanaka", "Émile Zola", "Mia Chen"]
    assert query(people, scope=Scope.LINKEDIN_ONLY) == ["Omar Haddad"]
    assert query(people, relation="mentor") == ["Mia Chen"]
    assert query(people, tag="writers") == ["Émile Zola"]
    assert query(people, min_closeness=4) == ["Émile Zola", "Mia Chen"]


def test_counts(people) -> None:
    counts = people.contacts.counts()
    assert (counts.people, counts.real) == (4, 3)


def test_validation_messages(services) -> None:
    with pytest.raises(ValidationError) as caught:
        services.contacts.save(
            ContactRecord(
                emails=["mia@", "ok@example.org"],
                linkedin_url="not a url",
                phones=["call me"],
                closeness=9,
            )
        )
    errors = caught.value.errors
    assert set(errors) == {"display_name", "emails", "linkedin_url", "phones", "closeness"}
    assert "mia@" in errors["emails"]
    assert services.contacts.counts().people == 0, "nothing saved half-way"


def test_duplicate_linkedin_profile_is_refused(services) -> None:
    add(services, "Mia Chen", linkedin_url="https://www.linkedin.com/in/mia")
    with pytest.raises(ValidationError) as caught:
        add(services, "Mia C.", linkedin_url="linkedin.com/in/mia/")
    assert "Mia Chen already has this LinkedIn profile" in caught.value.errors["linkedin_url"]


def test_save_normalises_and_derives_display_name(services) -> None:
    saved = services.contacts.save(
        ContactRecord(
            given_name="  Kofi ",
            family_name="Mensah\u200b",
            emails=[" KOFI@Example.ORG "],
            linkedin_url="www.linkedin.com/in/kofi/",
        )
    )
    assert saved.display_name == "Kofi Mensah"
    assert saved.emails == ["kofi@example.org"]
    assert saved.linkedin_url == "https://www.linkedin.com/in/kofi"


def test_edits_are_remembered_so_imports_leave_them_alone(services) -> None:
    mia = add(services, "Mia Chen", role="Analyst")
    mia.role = "Lead"
    services.contacts.save(mia)
    stored = services.db.execute_sql("SELECT user_edited FROM contact").fetchone()[0]
    assert stored == "role"


def test_tags_added_and_removed(services) -> None:
    mia = add(services, "Mia Chen", tags=["data", "mentors"])
    mia.tags = ["mentors", "sailing"]
    services.contacts.save(mia)
    assert services.contacts.get(mia.id).tags == ["mentors", "sailing"]
    assert services.contacts.tag_names() == ["mentors", "sailing"], "unused tags are dropped"
    assert query(services, text="data") == []
    assert query(services, text="sail") == ["Mia Chen"]


def test_delete_and_restore_bring_back_everything(people) -> None:
    mia_id, omar_id = people.contacts.query_ids(
        ContactFilter(text="mia")
    ) + people.contacts.query_ids(ContactFilter(text="omar"))
    people.contacts.add_link(mia_id, omar_id, "introduced", "introduced me to")
    before = people.contacts.get(mia_id)
    snapshot = people.contacts.delete([mia_id])
    assert len(snapshot) == 1
    assert query(people, text="mia") == []
    assert people.db.execute_sql("SELECT count(*) FROM link").fetchone()[0] == 0
    people.contacts.restore(snapshot)
    assert people.contacts.get(mia_id) == before
    assert query(people, text="mentors") == ["Mia Chen"]
    link = people.db.execute_sql("SELECT from_contact_id, to_contact_id, kind FROM link").fetchone()
    assert link == (mia_id, omar_id, "introduced")


def test_rows_for_the_list(people) -> None:
    ids = people.contacts.query_ids(ContactFilter(text="mia"))
    (row,) = people.contacts.rows(ids).values()
    assert (row.name, row.organisation, row.role, row.relation, row.closeness) == (
        "Mia Chen",
        "Northwind Analytics",
        "Data Lead",
        "mentor",
        5,
    )


def test_shown_name_alone_is_split_into_given_and_family(services) -> None:
    saved = services.contacts.save(ContactRecord(display_name="Mia van der Berg"))
    assert (saved.given_name, saved.family_name) == ("Mia", "van der Berg")
    single = services.contacts.save(ContactRecord(display_name="Prince"))
    assert (single.given_name, single.family_name) == ("Prince", "")


def test_saving_someone_deleted_meanwhile_is_a_clear_error(services) -> None:
    mia = add(services, "Mia Chen")
    services.contacts.delete([mia.id])
    mia.notes = "late edit"
    with pytest.raises(ValidationError, match="deleted meanwhile"):
        services.contacts.save(mia)
    assert services.contacts.counts().people == 0


def test_records_in_bulk_keep_order_and_tags(people) -> None:
    ids = people.contacts.query_ids(ContactFilter())
    records = people.contacts.records([*reversed(ids), 999_999])
    assert [r.id for r in records] == list(reversed(ids))
    assert {r.display_name: r.tags for r in records}["Mia Chen"] == ["data", "mentors"]


def test_undo_of_a_delete_after_adding_someone_new(services) -> None:
    first = add(services, "Ann One")
    second = add(services, "Bea Two")
    snapshot = services.contacts.delete([second.id])
    carl = add(services, "Carl New")
    assert carl.id != second.id, "ids of deleted people are never reused"
    services.contacts.restore(snapshot)
    assert names(services, services.contacts.query_ids(ContactFilter())) == [
        "Ann One",
        "Bea Two",
        "Carl New",
    ]
    assert first.id < second.id < carl.id


def test_delete_and_undo_bring_back_meetings_and_referrals(services) -> None:
    from netdesk.services.meetings import MeetingRecord

    mia = add(services, "Mia Chen")
    aunt = add(services, "Aunt Ingrid")
    meeting = services.meetings.save(MeetingRecord(title="Coffee", people=[mia.id, aunt.id]))
    services.meetings.record_referral(aunt.id, to_contact_id=mia.id, permission="yes")
    snapshot = services.contacts.delete([mia.id])
    assert services.meetings.get(meeting.id).people == [aunt.id]
    services.contacts.restore(snapshot)
    assert sorted(services.meetings.get(meeting.id).people) == sorted([mia.id, aunt.id])
    assert services.meetings.referral_chain(mia.id) == [(aunt.id, "Aunt Ingrid")]


def test_a_save_waits_for_a_writer_instead_of_failing(services) -> None:
    """Another connection holds the write lock (as an import does); the save waits for it."""
    import sqlite3
    import threading

    mia = add(services, "Mia Chen")
    other = sqlite3.connect(services.paths.database, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE contact SET notes = 'from the import' WHERE id = ?", (mia.id,))
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    mia.role = "Data Lead"
    saved = services.contacts.save(mia)  # would raise "database is locked" with BEGIN DEFERRED
    assert saved.role == "Data Lead"
    other.close()


# --- saving what the user changed, not the editor's stale copy ----------------


def test_save_writes_only_what_changed_since_loading(services) -> None:
    """The editor loaded Mia; an import changed her role and organisation meanwhile; the
    user typed notes. Saving keeps the import's values and adds the notes."""
    mia = add(services, "Mia Chen", organisation="Northwind", role="Analyst")
    loaded = services.contacts.get(mia.id)
    form = services.contacts.get(mia.id)
    form.notes = "Asked about the data team."
    services.db.execute_sql(  # what an import does to her meanwhile
        "UPDATE contact SET role = 'Data Lead', connected_on = '2026-02-07' WHERE id = ?",
        (mia.id,),
    )
    saved = services.contacts.save(form, loaded=loaded)
    assert (saved.role, saved.notes, saved.connected_on) == (
        "Data Lead",
        "Asked about the data team.",
        "2026-02-07",
    )
    edited = services.db.execute_sql(
        "SELECT user_edited FROM contact WHERE id = ?", (mia.id,)
    ).fetchone()[0]
    assert edited.split(",") == ["notes"], "the role is still LinkedIn's, not the user's"


def test_save_merges_lists_both_sides_changed(services) -> None:
    mia = add(services, "Mia Chen", emails=["mia@old.example"], tags=["data"])
    loaded = services.contacts.get(mia.id)
    form = services.contacts.get(mia.id)
    form.emails = ["mia@new.example"]  # the user replaced the address
    form.tags = ["data", "mentors"]
    meanwhile = services.contacts.get(mia.id)
    meanwhile.emails = ["mia@old.example", "mia.chen@linkedin.example"]
    meanwhile.tags = ["data", "hiring"]
    services.contacts.save(meanwhile)
    saved = services.contacts.save(form, loaded=loaded)
    assert saved.emails == ["mia.chen@linkedin.example", "mia@new.example"]
    assert saved.tags == ["data", "hiring", "mentors"]


def test_save_validates_the_merged_record(services) -> None:
    mia = add(services, "Mia Chen")
    loaded = services.contacts.get(mia.id)
    form = services.contacts.get(mia.id)
    form.linkedin_url = "https://www.linkedin.com/in/mia"
    add(services, "Other Mia", linkedin_url="https://www.linkedin.com/in/mia")
    with pytest.raises(ValidationError) as caught:
        services.contacts.save(form, loaded=loaded)
    assert "Other Mia already has this LinkedIn profile" in caught.value.errors["linkedin_url"]


def test_a_save_blocked_past_the_busy_timeout_is_a_storage_error(services) -> None:
    """Views never see sqlite3 or peewee: a locked database is the service's own error,
    and nothing was written."""
    import sqlite3

    from netdesk.services.contacts import StorageError

    mia = add(services, "Mia Chen")
    services.db.execute_sql("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(services.paths.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        mia.role = "Data Lead"
        with pytest.raises(StorageError, match="database is locked"):
            services.contacts.save(mia)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert services.contacts.get(mia.id).role == ""
