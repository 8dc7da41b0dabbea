"""`netdesk today`: what the Today page shows, as text or JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from netdesk.cli.common import Context

if TYPE_CHECKING:
    from netdesk.services.followups.outreach_rates import Rate
    from netdesk.services.followups.today import TodayData
    from netdesk.services.jobsearch.today import JobSearchItem


def today_command(context: Context) -> int:
    from netdesk.services.jobsearch.today import job_search_today

    data = context.services.followups.today.build()
    jobs, _total = job_search_today(context.services.applications, data.today)
    if context.args.json:
        return context.json({**today_dict(data), "job_search": [asdict(i) for i in jobs]})
    context.print(*today_lines(data), *job_search_lines(jobs))
    return 0


def job_search_lines(items: list[JobSearchItem]) -> list[str]:
    if not items:
        return []
    return [f"\nJob search ({len(items)})", *(f"  - {item.text}" for item in items)]


def _rate(rate: Rate) -> dict:
    return {**asdict(rate), "decided": rate.decided, "rate": rate.rate}


def today_dict(data: TodayData) -> dict:
    """followups (to-dos due, overdue first), reconnect (people whose keep-in-touch
    interval has passed), awaiting (requests without an answer), week (this week's
    meetings) and numbers (totals and the charts' figures)."""
    today = data.today
    stats = data.stats
    return {
        "today": today,
        "followups": [
            {**asdict(t), "overdue": t.due_on is not None and t.due_on < today} for t in data.todos
        ],
        "reconnect": [asdict(p) for p in data.lapsed],
        "awaiting": [
            {
                **asdict(entry),
                "days_waiting": entry.days_waiting(today),
                "unanswered_too_long": entry.unanswered_too_long(today, data.no_answer_days),
            }
            for entry in data.awaiting
        ],
        "week": [asdict(m) for m in data.meetings],
        "prompts": [
            {
                "kind": "reply",
                "text": entry.reply_prompt(),
                "outreach_id": entry.id,
                "contact_id": entry.contact_id,
                "replied_on": entry.replied_on,
            }
            for entry in data.awaiting
            if entry.replied_on is not None
        ]
        + [
            {
                "kind": "did_you_meet",
                "text": prompt.question(),
                "prompt_id": prompt.id,
                "contact_ids": list(prompt.people),
                "starts_at": prompt.starts_at,
                "summary": prompt.summary,
            }
            for prompt in data.meet_prompts
        ]
        + [
            {"kind": "card_deleted", "text": card.question(), "contact_id": card.contact_id}
            for card in data.deleted_cards
        ]
        + [
            {
                "kind": "card_conflict",
                "text": conflict.question(),
                "conflict_id": conflict.id,
                "contact_id": conflict.contact_id,
                "field": conflict.field,
            }
            for conflict in data.card_conflicts
        ],
        "numbers": {
            "followups_due": len(data.todos),
            "followups_overdue": len(data.overdue_todos),
            "followups_next_week": data.upcoming_todos,
            "reconnect_total": data.lapsed_total,
            "awaiting_total": data.awaiting_total,
            "no_answer_days": data.no_answer_days,
            "meetings_per_month": [asdict(m) for m in stats.meetings_per_month],
            "referrals_per_month": [asdict(m) for m in stats.referrals_per_month],
            "referrals_total": stats.referrals_total,
            "network_by_relation": dict(stats.network_by_relation),
            "linkedin_only": stats.linkedin_only,
            "acceptance": {
                "warm": _rate(stats.acceptance.warm),
                "cold": _rate(stats.acceptance.cold),
                "overall": _rate(stats.acceptance.overall),
            },
            "reciprocity": asdict(stats.reciprocity),
            "owing": [asdict(p) for p in stats.owing],
        },
    }


def today_lines(data: TodayData) -> list[str]:
    today = data.today
    lines = [f"Today, {today:%a} {today.day} {today:%b %Y}"]
    lines.append(f"\nFollow-ups ({len(data.todos)} due, {len(data.overdue_todos)} overdue)")
    for todo in data.todos:
        due = "" if todo.due_on is None else f" (due {todo.due_on.isoformat()})"
        lines.append(f"  - {todo.title}{due}")
    lines.append(f"\nGet back in touch ({data.lapsed_total})")
    for lapsed in data.lapsed:
        lines.append(f"  - {lapsed.name}: last in touch {lapsed.last_touch.isoformat()}")
    if data.meet_prompts:
        lines.append(f"\nDid you meet? ({len(data.meet_prompts)})")
        lines += [f"  - {prompt.question()}" for prompt in data.meet_prompts]
    asked = [*data.deleted_cards, *data.card_conflicts]
    if asked:
        lines.append(f"\nFrom your address book ({len(asked)})")
        lines += [f"  - {item.question()}" for item in asked]
    lines.append(f"\nAwaiting an answer ({data.awaiting_total})")
    for entry in data.awaiting:
        if entry.replied_on is not None:
            lines.append(f"  - {entry.reply_prompt()} (replied {entry.replied_on.isoformat()})")
        else:
            lines.append(f"  - {entry.name}: asked {entry.days_waiting(today)} days ago")
    lines.append(f"\nThis week ({len(data.meetings)} meetings)")
    for meeting in data.meetings:
        people = f" with {meeting.people}" if meeting.people else ""
        lines.append(f"  - {meeting.starts_at:%a %H:%M} {meeting.title}{people}")
    balance = data.stats.reciprocity
    lines.append(f"\nGave {balance.gives}, asked {balance.asks}")
    return lines
