"""Follow-ups: what the user owes their network and when.

- todos: follow-up tasks and their kinds
- interactions: meetings, calls, mails and notes logged with a person
- keep_in_touch: who is due a check-in
- outreach: requests sent and awaiting an answer
- outreach_rates: acceptance-rate statistics over outreach
- reciprocity: the balance of giving and asking
- timeline: one person's history in order
- today: the Today page's data
- bundle: FollowUpServices, all of the above built once (build_followups)

Import from the modules themselves; this package re-exports nothing.
"""
