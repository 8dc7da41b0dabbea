"""Drafts: a person (and a meeting) + a template -> an email to edit and send.

`service` (DraftService, SentOutcome), `variables` (every template variable for a person,
a meeting, a target or a job), `context` (turning notes into the words they are filled with),
`warnings` (notes to self and earlier emails to ask about before a draft leaves),
`events` (the event, day and note a "nice to meet you" after an event names).
"""
