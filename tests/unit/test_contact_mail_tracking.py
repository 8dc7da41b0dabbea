"""A person's "don't track mail" switch: saved with them, honoured by the mail scan's
address book, kept by undo of a deletion, and leaving their earlier emails alone (issue 16)."""

from __future__ import annotations

from dataclasses import replace

from netdesk.db.models import Contact
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.mailscan.addresses import address_key
from netdesk.services.mailscan.recording import AddressBook

ACCOUNT = "me@example.org"


def add(services, name: str, email: str, **fields) -> ContactRecord:
    return services.contacts.save(ContactRecord(display_name=name, emails=[email], **fields))


def tracked(services) -> dict[str, set[int]]:
    return AddressBook.read(services.db, ACCOUNT).people


def test_tracking_is_on_by_default_and_the_switch_is_saved(services) -> None:
    mia = add(services, "Mia Chen", "mia@example.org")
    dana = add(services, "Dana Cruz", "dana@example.org", track_mail=False)

    assert services.contacts.get(mia.id).track_mail is True
    assert services.contacts.get(dana.id).track_mail is False
    stored = dict(Contact.select(Contact.id, Contact.track_mail).bind(services.db).tuples())
    assert stored == {mia.id: True, dana.id: False}


def test_the_mail_scan_leaves_out_a_person_switched_off(services) -> None:
    mia = add(services, "Mia Chen", "Mia@Example.org")
    book = tracked(services)
    mia_key = address_key("mia@example.org")
    assert book.get(mia_key) == {mia.id}

    # Switched off from the editor: saved against the record as it was loaded.
    loaded = services.contacts.get(mia.id)
    services.contacts.save(replace(loaded, track_mail=False), loaded=loaded)

    assert mia_key not in tracked(services)
    assert services.contacts.get(mia.id).emails == ["mia@example.org"], "the emails stay"
    # And on again.
    loaded = services.contacts.get(mia.id)
    services.contacts.save(replace(loaded, track_mail=True), loaded=loaded)
    assert tracked(services).get(mia_key) == {mia.id}


def test_an_edit_elsewhere_meanwhile_keeps_the_switch_and_the_other_change(services) -> None:
    mia = add(services, "Mia Chen", "mia@example.org")
    loaded = services.contacts.get(mia.id)
    # Another window (or an import) changes her role while the editor is open.
    services.contacts.save(replace(loaded, role="Data Lead"))

    services.contacts.save(replace(loaded, track_mail=False), loaded=loaded)

    saved = services.contacts.get(mia.id)
    assert (saved.track_mail, saved.role) == (False, "Data Lead")
    edited = Contact.get_by_id(mia.id).user_edited.split(",")
    assert "track_mail" in edited, "the user's choice counts as their edit"


def test_emails_already_on_the_timeline_stay_when_switched_off(services) -> None:
    mia = add(services, "Mia Chen", "mia@example.org")
    services.interactions.log(mia.id, "email", "Email received")
    loaded = services.contacts.get(mia.id)

    services.contacts.save(replace(loaded, track_mail=False), loaded=loaded)

    assert [i.summary for i in services.interactions.for_contact(mia.id)] == ["Email received"]


def test_undoing_a_deletion_brings_the_switch_back(services) -> None:
    dana = add(services, "Dana Cruz", "dana@example.org", track_mail=False)
    snapshot = services.contacts.delete([dana.id])

    services.contacts.restore(snapshot)

    assert services.contacts.get(dana.id).track_mail is False
    assert address_key("dana@example.org") not in tracked(services)
