"""The words NetDesk uses for how the user knows someone."""

from __future__ import annotations

RELATIONS: dict[str, str] = {
    "family": "Family",
    "friend": "Friend",
    "classmate": "Classmate",
    "colleague": "Colleague",
    "manager": "Manager",
    "mentor": "Mentor",
    "teacher": "Teacher",
    "client": "Client",
    "vendor": "Vendor",
    "group": "Group member",
    "service": "Service provider",
    "event": "Met at an event",
    "linkedin": "LinkedIn only",
    "other": "Other",
}
LINKEDIN_ONLY = "linkedin"
MET_AT_AN_EVENT = "event"
CLOSENESS_RANGE = range(1, 6)
CLOSENESS_LABELS = {1: "Acquaintance", 2: "Loose tie", 3: "Friendly", 4: "Close", 5: "Very close"}


def relation_label(key: str) -> str:
    return RELATIONS.get(key, key.title())


# The command line's words for an email's purpose, and the templates' purposes.
DRAFT_PURPOSES = {
    "outreach": "outreach",
    "introduction": "introduction",
    "value": "share_value",
    "check-in": "keep_in_touch",
    "thank-you": "thank_you",
    "nice-to-meet-you": "nice_to_meet_you",
    "congratulate": "congratulate",
    "referral": "referral_request",
}
