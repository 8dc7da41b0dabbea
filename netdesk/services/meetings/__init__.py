"""Meetings: plan, hold and record informational interviews; the question bank; referrals.

- ``records``: the meeting's records, its constants and pure helpers (parse_when, layer_counts,
  preparation_nudge).
- ``service``: MeetingService, saving, reading and deleting meetings.
- ``listing``: the Meetings page's list, its search and its lines (a mixin of MeetingService).
- ``prepared``: a meeting's prepared questions and their answers (a mixin of MeetingService).
- ``search_index``: keeping the meeting_fts search index in step (FTS5, in SQL).
- ``bank``: the question bank and question templates (a mixin of MeetingService).
- ``referrals``: "who else should I talk to?" (a mixin of MeetingService).
"""
