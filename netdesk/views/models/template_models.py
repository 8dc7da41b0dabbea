"""Item model for email templates: a short list, held as rows."""

from __future__ import annotations

from netdesk.services.templates import PURPOSES, EmailTemplate
from netdesk.views.models.roles import ID_ROLE
from netdesk.views.models.rows import Column, RowListModel


def _tooltip(template: EmailTemplate) -> str:
    origin = "our default, edited or not" if template.builtin_key else "your own"
    return f"{PURPOSES.get(template.purpose, template.purpose)} · {origin}"


class TemplateListModel(RowListModel[EmailTemplate]):
    def columns(self):
        return (Column(text=lambda t: t.name, accessible=True, tooltip=_tooltip),)

    def row_roles(self):
        return {ID_ROLE: lambda template: template.id}

    def set_templates(self, templates: list[EmailTemplate]) -> None:
        self.set_rows(templates)

    def template(self, row: int) -> EmailTemplate | None:
        return self.row_at(row)

    def row_of(self, template_id: int | None) -> int | None:
        return self.row_where(lambda template: template.id == template_id)
