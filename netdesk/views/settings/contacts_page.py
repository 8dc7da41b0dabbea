"""Settings → Contacts sync: the CardDAV account's page (dav_page) with which people sync
and what syncing does to them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from netdesk.services.carddav.account import SCOPES, ContactsAccount
from netdesk.views.settings.common import muted
from netdesk.views.settings.dav_kind import DavKind
from netdesk.views.settings.dav_page import DavPage

CONTACTS = DavKind(
    account_type=ContactsAccount,
    prefix="contacts",
    page_name="contactsSyncPage",
    choice_name="addressBookChoice",
    one="address book",
    many="address books",
    chosen_for="your people",
    url_field="addressbook_url",
    name_field="addressbook_name",
    intro=(
        "NetDesk can keep your people in step with an address book of your own, through "
        "CardDAV (what Nextcloud, Radicale, Fastmail, iCloud and your phone speak), so your "
        "other laptop and your phone see them too. Nothing is synced until an account is "
        "saved here."
    ),
    server_help=(
        "The address is enough: the address books are found from it. Fastmail: "
        "carddav.fastmail.com; iCloud: contacts.icloud.com (both need an <i>app password</i>, "
        "made in their account settings)."
    ),
    sync_title="What syncing does",
    sync_explanation=(
        "<ul style='margin-left: -20px'>"
        "<li>Both ways: people edited here update their cards, cards edited on your phone "
        "update the people. When both changed the same field, your edit here is kept and "
        "the difference is shown to you.</li>"
        "<li>Cards are written as vCard 3.0, which every phone reads. What only NetDesk "
        "knows (how you know them, closeness, keep in touch, next step) travels as "
        "X-NETDESK properties that other apps keep.</li>"
        "<li>Photos and fields NetDesk does not show are kept on the card.</li>"
        "<li>A card deleted on the server does not delete the person: NetDesk asks you "
        "first.</li>"
        "<li>It runs on this computer and talks only to your server.</li>"
        "</ul>"
    ),
    sync_now="File → Sync Contacts Now syncs at once.",
    none_found="No address book was found at this address.",
    kept="people",
    items="cards",
)


class ContactsPage(DavPage):
    kind = CONTACTS

    @property
    def books(self) -> QComboBox:
        return self.choice

    def _sections(self) -> list[QWidget]:
        self.scope = QComboBox()
        self.scope.setObjectName("contactsScope")
        self.scope.setAccessibleName("Which people sync")
        for key, label in SCOPES.items():
            self.scope.addItem(label, key)
        self.scope.currentIndexChanged.connect(self._show_tag)
        self.tag = self._field("contactsScopeTag", "A tag, e.g. mentor", "Tag of the people")
        tag_column, self.tag_error = self._checked(self.tag, "contactsScopeTagError")
        self.tag_row = QWidget()
        tag_row = QHBoxLayout(self.tag_row)
        tag_row.setContentsMargins(0, 0, 0, 0)
        tag_row.addWidget(QLabel("Tag"))
        tag_row.addLayout(tag_column, 1)
        choice = QHBoxLayout()
        choice.addWidget(self.scope)
        choice.addSpacing(12)
        choice.addWidget(
            muted("LinkedIn-only connections stay here unless you choose everyone."), 1
        )
        box = QGroupBox("Which people sync")
        layout = QVBoxLayout(box)
        layout.addLayout(choice)
        layout.addWidget(self.tag_row)
        return [box]

    def _show_tag(self) -> None:
        self.tag_row.setVisible(self.scope.currentData() == "tag")

    def _load_more(self, account: ContactsAccount) -> None:  # type: ignore[override]
        self.scope.setCurrentIndex(max(0, self.scope.findData(account.scope)))
        self.tag.setText(account.scope_tag)
        self._show_tag()

    def _form_more(self, account: ContactsAccount) -> ContactsAccount:  # type: ignore[override]
        scope = self.scope.currentData()
        return replace(
            account, scope=scope, scope_tag=self.tag.text().strip() if scope == "tag" else ""
        )

    def _more_fields(self) -> dict[str, tuple[QLabel, QWidget]]:
        return {"scope_tag": (self.tag_error, self.tag)}
