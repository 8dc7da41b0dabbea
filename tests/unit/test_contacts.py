"""Listing, searching, editing, deleting and restoring people."""

from __future__ import annotations

import pytest

from netdesk.errors import ValidationError
from netdesk.services.contacts.records import ContactFilter, ContactRecord, Scope, SortKey
from netdesk.services.contacts.search import fts_query


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
    from netdesk.services.meetings.records import MeetingRecord

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

    from netdesk.errors import StorageError

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


# --- me: listed, never counted as a relationship -----------------------------------


def make_me(services, name: str = "Sam Rivera") -> int:
    """As the welcome screen does: a contact (closeness 5, "other"), marked as me."""
    me = add(services, name, role="Student", relation="other", closeness=5).id
    services.graph.set_me(me)
    return me


def test_me_is_not_counted_as_a_person_or_a_real_relationship(people) -> None:
    make_me(people)
    counts = people.contacts.counts()
    assert (counts.people, counts.real, counts.listed) == (4, 3, 5)


def test_me_is_listed_but_filtered_out_of_every_kind_of_relationship(people) -> None:
    me = make_me(people)
    assert people.contacts.me_id() == me
    assert "Sam Rivera" in query(people)  # the user can still open and edit themselves
    assert query(people, text="rivera") == ["Sam Rivera"]
    assert query(people, scope=Scope.REAL) == ["aiko tanaka", "Émile Zola", "Mia Chen"]
    assert query(people, relation="other") == []
    assert "Sam Rivera" not in query(people, min_closeness=5)
    rows = people.contacts.rows([me])
    assert rows[me].is_me
    assert not any(
        r.is_me
        for r in people.contacts.rows(
            people.contacts.query_ids(ContactFilter(scope=Scope.REAL))
        ).values()
    )


def test_without_me_nothing_is_me(people) -> None:
    assert people.contacts.me_id() is None
    everyone = people.contacts.query_ids(ContactFilter())
    assert not any(r.is_me for r in people.contacts.rows(everyone).values())
    assert people.contacts.counts().listed == people.contacts.counts().people == 4


# --- last interaction: only a real one ----------------------------------------------


def test_sort_by_last_interaction_puts_real_interactions_before_linkedin_dates(services) -> None:
    add(services, "Met Long Ago")
    add(services, "Connected Lately", relation="linkedin")
    add(services, "Met Lately")
    add(services, "Never Anything")
    services.db.execute_sql(
        "UPDATE contact SET last_interaction = CASE display_name "
        "WHEN 'Met Long Ago' THEN '2020-05-01' WHEN 'Met Lately' THEN '2026-11-01' END, "
        "connected_on = CASE display_name WHEN 'Connected Lately' THEN '2026-12-01' "
        "WHEN 'Met Long Ago' THEN '2026-12-02' END"
    )
    newest = services.contacts.query_ids(ContactFilter(), SortKey.LAST_INTERACTION, True)
    assert names(services, newest) == [
        "Met Lately",
        "Met Long Ago",  # connecting on LinkedIn later does not make it recent
        "Connected Lately",
        "Never Anything",
    ]
    oldest = services.contacts.query_ids(ContactFilter(), SortKey.LAST_INTERACTION)
    assert names(services, oldest)[:2] == ["Met Long Ago", "Met Lately"]


def _added_by_hand(services, tmp_path) -> list[int]:
    return [add(services, "Ingrid Larsen", relation="teacher").id]


def _added_by_linkedin(services, tmp_path) -> list[int]:
    from tests.helpers import HEADER_2023, write

    path = write(
        tmp_path / "Connections.csv",
        HEADER_2023 + "\nMia,Chen,https://www.linkedin.com/in/mia,,Northwind,Lead,07 Feb 2026\n",
    )
    services.imports.import_linkedin(path)
    return services.contacts.query_ids(ContactFilter())


def _added_by_vcard(services, tmp_path) -> list[int]:
    from tests.helpers import write

    path = write(
        tmp_path / "people.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
        "EMAIL:ada@example.org\r\nEND:VCARD\r\n",
    )
    services.interchange.import_file(path)
    return services.contacts.query_ids(ContactFilter())


def _added_by_google(services, tmp_path) -> list[int]:
    from tests.helpers import write

    path = write(
        tmp_path / "contacts.csv",
        "Name,Given Name,Additional Name,Family Name,Notes,Group Membership,E-mail 1 - Type,"
        "E-mail 1 - Value\nKatherine Johnson,Katherine,,Johnson,,* My Contacts,* Work,"
        "kj@example.org\n",
    )
    services.interchange.import_file(path)
    return services.contacts.query_ids(ContactFilter())


def _added_by_referral(services, tmp_path) -> list[int]:
    mia = add(services, "Mia Chen", relation="mentor").id
    referral = services.meetings.record_referral(
        mia, new_person=ContactRecord(display_name="Omar Haddad")
    )
    return [referral.to_contact_id]


@pytest.mark.parametrize(
    "how",
    [
        _added_by_hand,
        _added_by_linkedin,
        _added_by_vcard,
        _added_by_google,
        _added_by_referral,
    ],
    ids=lambda f: f.__name__.removeprefix("_added_by_"),
)
def test_a_new_person_has_no_last_interaction(services, tmp_path, how) -> None:
    """Being added (or connecting on LinkedIn) is not being in touch: not "today"."""
    ids = how(services, tmp_path)
    assert ids
    for record in services.contacts.records(ids):
        assert record.last_interaction is None, record.display_name
        cadence = services.followups.keep_in_touch.cadence(record.id)
        assert cadence.last_interaction is None, record.display_name
        # The keep-in-touch interval counts from the day they were added.
        assert cadence.last_touch == services.clock.today()


def test_a_look_alike_linkedin_host_is_not_a_profile_address(services) -> None:
    record = ContactRecord(
        display_name="Eve", linkedin_url="https://linkedin.com.evil.example/in/eve"
    )
    errors = services.contacts.validate(record)
    assert errors["linkedin_url"].startswith("Not a LinkedIn profile address")
