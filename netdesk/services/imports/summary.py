"""What an import reports: its summary, per-line problems, and the error for a file that
cannot be imported at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    line: int | None
    reason: str
    kind: str = (
        "skipped"  # "skipped": the row was not imported; "warning": imported, a value dropped
    )

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "reason": self.reason, "kind": self.kind}


@dataclass
class ImportSummary:
    batch_id: int | None
    file_name: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    job_changes: int = 0  # people an export shows moved or in a new role

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file_name,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "job_changes": self.job_changes,
            "problems": [p.as_dict() for p in self.problems],
        }

    def describe(self) -> str:
        parts = [
            f"{self.added:,} added",
            f"{self.updated:,} updated",
            f"{self.unchanged:,} unchanged",
            f"{self.skipped:,} skipped",
        ]
        if self.job_changes:
            parts.append(f"{self.job_changes:,} changed jobs")
        return f"{self.file_name}: " + ", ".join(parts)
