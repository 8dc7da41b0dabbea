"""People: records, listing and search, saving with merges, deleting and restoring.

- ``records``: ContactRecord, ContactRow, ContactFilter, Scope, SortKey, Counts, the errors
  and the "me" SQL snippets
- ``service``: ContactService (save, get, records, rows, query_ids, counts, me)
- ``deletion``: delete and restore (DeletedContacts), mixed into ContactService
- ``search``: fts_query and the list filter's SQL
- ``merge``: merging an edit with changes made meanwhile; normalising a record
"""
