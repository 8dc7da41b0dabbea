"""Email templates: Jinja2 in a sandbox, stored in the database, editable in the app."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import peewee
from jinja2.sandbox import SandboxedEnvironment

from netdesk.db.models import EmailTemplate as EmailTemplateRow
from netdesk.errors import TemplateError, ValidationError
from netdesk.services.base import Service
from netdesk.services.changes import Change, announces
from netdesk.services.template_sandbox import TemplateSandbox, render_within_limits

PURPOSES = {
    "thank_you": "Thank-you",
    "outreach": "Outreach request",
    "introduction": "Asking for an introduction",
    "share_value": "Sharing something of value",
    "keep_in_touch": "Keeping in touch",
    "nice_to_meet_you": "Nice to meet you (after an event)",
    "congratulate": "Congratulations on a new role",
    "referral_request": "Asking for a referral",
    "other": "Other",
}

# Every variable a template may use; all are always defined (empty when unknown), so
# `{% if topics %}` works and a misspelt name is an error rather than a silent blank.
VARIABLES: dict[str, str] = {
    "first_name": "their first name",
    "full_name": "their full name",
    "organisation": "where they work",
    "role": "their role",
    "meeting_title": "the meeting's title",
    "meeting_date": "the meeting's date, e.g. 20 October",
    "topics": "list: topics from your notes (headings and bullet points)",
    "takeaways": "list: your takeaways, one per line",
    "suggested": "list: people they suggested you talk to",
    "promised": "what you promised them",
    "offered": "what they offered (an introduction, a look at your CV…), as you noted it",
    "answers": "list: their recorded answers, each with .question and .answer",
    "referrer": "who suggested you contact them, only if you may mention it",
    "target_name": "asking for an introduction: the person you would like to meet",
    "target_first_name": "their first name",
    "target_role": "their role",
    "target_organisation": "where they work",
    "last_contact": "e.g. our conversation in October 2025",
    "event_name": "the networking event where you met them (their newest “nice to meet you”)",
    "event_date": "the event's date, e.g. 27 October",
    "event_note": "your one-line note about them from the event",
    "previous_organisation": "where they worked before their newest job change",
    "job_title": "asking for a referral: the role you are applying for",
    "job_organisation": "the organisation of that role",
    "job_link": "the job posting's address",
    "my_name": "your name (Settings → Mail account, else the welcome screen's “me”)",
    "my_role": "your role (the welcome screen's “me”)",
    "my_organisation": "where you work (the welcome screen's “me”)",
    "my_first_name": "your first name",
    "signature": "your signature, or your name",
}


@dataclass(frozen=True)
class EmailTemplate:
    id: int | None
    builtin_key: str | None
    purpose: str
    name: str
    subject: str
    body: str
    position: int = 0


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def join_and(items: Any, conjunction: str = "and") -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    words = [str(item) for item in items if str(item).strip()]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def lower_first(text: Any) -> str:
    """'Clear writing matters' -> 'clear writing matters'; 'SQL first' and 'I' stay."""
    text = str(text)
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def _environment() -> SandboxedEnvironment:
    env = TemplateSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain-text email, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["join_and"] = join_and
    env.filters["lower_first"] = lower_first
    return env


_ENV = _environment()


def _template_line(error: Exception) -> int | None:
    """Syntax errors carry their line; runtime errors have it in Jinja's rewritten traceback."""
    line = getattr(error, "lineno", None)
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _explain(error: Exception, where: str) -> TemplateError:
    line = _template_line(error)
    place = f"{where}, line {line}" if line else where
    if isinstance(error, jinja2.UndefinedError):
        match = re.search(r"'([^']+)' is undefined", str(error))
        if match and match.group(1) not in VARIABLES:
            return TemplateError(
                f"{place}: there is no variable “{match.group(1)}”. "
                f"Available: {', '.join(VARIABLES)}."
            )
        return TemplateError(f"{place}: {error}.")
    if isinstance(error, jinja2.TemplateSyntaxError):
        return TemplateError(f"{place}: {error.message}.")
    if isinstance(error, jinja2.exceptions.SecurityError):
        return TemplateError(f"{place}: not allowed in a template ({error}).")
    if isinstance(error, RecursionError):
        return TemplateError(f"{place}: a macro calls itself without end.")
    if isinstance(error, MemoryError):
        return TemplateError(f"{place}: the text would not fit in memory.")
    return TemplateError(f"{place}: {type(error).__name__}: {error}")


def render_text(source: str, context: dict[str, Any], where: str = "Body") -> str:
    # Any failure, however exotic (OverflowError, RecursionError, MemoryError…), is the
    # template's: the settings page shows it as a validation error.
    try:
        return render_within_limits(_ENV.from_string(source), context)
    except Exception as error:
        raise _explain(error, where) from None


def render(subject: str, body: str, context: dict[str, Any]) -> Rendered:
    """Both parts; the subject becomes one line, the body loses runs of blank lines."""
    full = {name: "" for name in VARIABLES} | context
    rendered_subject = " ".join(render_text(subject, full, "Subject").split())
    rendered_body = render_text(body, full)
    rendered_body = re.sub(r"[ \t]+\n", "\n", rendered_body)
    rendered_body = re.sub(r"\n{3,}", "\n\n", rendered_body).strip() + "\n"
    return Rendered(rendered_subject, rendered_body)


def check(subject: str, body: str) -> None:
    """Raise TemplateError for a syntax error or unknown variable, using sample data."""
    render(subject, body, sample_context())


def sample_context() -> dict[str, Any]:
    """Invented values for the live preview."""
    return {
        "first_name": "Mia",
        "full_name": "Mia Chen",
        "organisation": "Northwind Analytics",
        "role": "Head of Data",
        "meeting_title": "Coffee with Mia",
        "meeting_date": "20 October",
        "topics": ["how the data team is organised", "hiring juniors"],
        "takeaways": [
            "Learn dbt before applying",
            "Analytics teams value clear writing as much as SQL",
        ],
        "suggested": ["Omar Haddad"],
        "promised": "send you the article on data contracts",
        "offered": "to introduce me to the platform team",
        "answers": [
            {"question": "What keeps you up at night?", "answer": "Data quality at scale."}
        ],
        "referrer": "Lena Fischer",
        "target_name": "Priya Shah",
        "target_first_name": "Priya",
        "target_role": "Head of Platform",
        "target_organisation": "Kestrel Aerospace",
        "last_contact": "our conversation in October",
        "event_name": "Data Guild evening",
        "event_date": "27 October",
        "event_note": "wants intros to fintech",
        "previous_organisation": "Tidewater Bank",
        "job_title": "Senior Data Engineer",
        "job_organisation": "Northwind Analytics",
        "job_link": "https://www.linkedin.com/jobs/view/123456",
        "my_name": "Ada Example",
        "my_first_name": "Ada",
        "my_role": "data analyst",
        "my_organisation": "Contoso",
        "signature": "Ada Example",
    }


DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "resources" / "email_templates.json"


def default_email_templates() -> list[dict[str, str]]:
    """Our current default templates, for "Reset to default". The migrations that seeded
    them keep their own frozen copies, so editing this file never changes an old schema."""
    return json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))


# The columns of a template, named as EmailTemplate's fields: EmailTemplate(**row).
_COLUMNS = (
    EmailTemplateRow.id,
    EmailTemplateRow.builtin_key,
    EmailTemplateRow.purpose,
    EmailTemplateRow.name,
    EmailTemplateRow.subject,
    EmailTemplateRow.body,
    EmailTemplateRow.position,
)


class TemplateService(Service):
    def _select(self) -> peewee.ModelSelect:
        return EmailTemplateRow.select(*_COLUMNS).bind(self._db).dicts()

    def list(self, purpose: str | None = None) -> list[EmailTemplate]:
        query = self._select().order_by(EmailTemplateRow.position, EmailTemplateRow.id)
        if purpose:
            query = query.where(EmailTemplateRow.purpose == purpose)
        return [EmailTemplate(**row) for row in query]

    def get(self, template_id: int) -> EmailTemplate:
        row = self._select().where(EmailTemplateRow.id == template_id).first()
        if row is None:
            raise KeyError(template_id)
        return EmailTemplate(**row)

    def first_for(self, purpose: str) -> EmailTemplate | None:
        found = self.list(purpose)
        return found[0] if found else None

    def validate(self, template: EmailTemplate) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not template.name.strip():
            errors["name"] = "A template needs a name."
        elif self._name_taken(template):
            errors["name"] = f"There is already a template called “{template.name.strip()}”."
        if template.purpose not in PURPOSES:
            errors["purpose"] = f"Unknown purpose: {template.purpose!r}."
        try:
            check(template.subject, template.body)
        except TemplateError as error:
            errors["text"] = str(error)
        return errors

    def _name_taken(self, template: EmailTemplate) -> bool:
        """Another template has this name (names differ by more than case)."""
        query = EmailTemplateRow.select().where(
            EmailTemplateRow.name.collate("NOCASE") == template.name.strip()
        )
        if template.id is not None:
            query = query.where(EmailTemplateRow.id != template.id)
        return query.bind(self._db).exists()

    @announces(Change.MAIL)
    def save(self, template: EmailTemplate) -> EmailTemplate:
        """Create or update; raises ValidationError (naming the line) if it cannot render."""
        errors = self.validate(template)
        if errors:
            raise ValidationError(errors)
        values = {
            EmailTemplateRow.purpose: template.purpose,
            EmailTemplateRow.name: template.name.strip(),
            EmailTemplateRow.subject: template.subject,
            EmailTemplateRow.body: template.body,
            EmailTemplateRow.updated_at: self._clock.timestamp(),
        }
        with self._db.atomic("IMMEDIATE"):
            if template.id is None:
                last = peewee.fn.COALESCE(peewee.fn.MAX(EmailTemplateRow.position), -1)
                position = EmailTemplateRow.select(last + 1).bind(self._db).scalar()
                template_id = (
                    EmailTemplateRow.insert({**values, EmailTemplateRow.position: position})
                    .bind(self._db)
                    .execute()
                )
            else:
                template_id = template.id
                EmailTemplateRow.update(values).where(EmailTemplateRow.id == template_id).bind(
                    self._db
                ).execute()
        return self.get(template_id)

    @announces(Change.MAIL)
    def delete(self, template_id: int) -> None:
        with self._db.atomic("IMMEDIATE"):
            EmailTemplateRow.delete().where(EmailTemplateRow.id == template_id).bind(
                self._db
            ).execute()

    def default_of(self, template: EmailTemplate) -> EmailTemplate | None:
        """The shipped text of a built-in template (for "Reset to default")."""
        for position, default in enumerate(default_email_templates()):
            if default["key"] == template.builtin_key:
                return EmailTemplate(
                    template.id,
                    template.builtin_key,
                    default["purpose"],
                    default["name"],
                    default["subject"],
                    default["body"],
                    position,
                )
        return None
