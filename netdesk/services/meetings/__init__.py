"""Meetings: plan, hold and record informational interviews; the question bank; referrals.

- ``records``: the meeting's records, its constants and pure helpers (parse_when, layer_counts,
  preparation_nudge).
- ``service``: MeetingService, saving, reading, listing and deleting meetings.
- ``bank``: the question bank and question templates (a mixin of MeetingService).
- ``referrals``: "who else should I talk to?" (a mixin of MeetingService).
"""
