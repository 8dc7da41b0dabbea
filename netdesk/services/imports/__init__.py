"""The import feature: LinkedIn connections and activity, vCard and Google Contacts
imports, CSV/vCard/JSON exports, undo of a batch. Import from the defining module."""
