"""The editable question bank and saved question templates."""

from __future__ import annotations

import pytest

from netdesk.errors import TemplateExists, ValidationError
from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion
from netdesk.services.meetings.service import MeetingService


@pytest.fixture
def meetings(services) -> MeetingService:
    return services.meetings


def test_archive_hides_a_question_and_restoring_brings_it_back(meetings) -> None:
    question = meetings.bank("person")[0]
    meetings.archive_bank_question(question.id)
    assert question.id not in [q.id for q in meetings.bank()]
    assert meetings.bank_question(question.id) == question  # still there for old answers
    meetings.archive_bank_question(question.id, archived=False)
    assert meetings.bank("person")[0] == question
    with pytest.raises(KeyError):
        meetings.bank_question(10_000)


def test_added_questions_go_last_in_their_layer_and_can_be_edited(meetings) -> None:
    added = meetings.add_to_bank("industry", "  Who is hiring juniors this year?  ")
    assert meetings.bank("industry")[-1] == added
    assert added.text == "Who is hiring juniors this year?"
    meetings.edit_bank_question(added.id, "Who hires juniors this year?")
    assert [q.text for q in meetings.bank(text="juniors")] == ["Who hires juniors this year?"]
    with pytest.raises(ValidationError):
        meetings.edit_bank_question(added.id, "   ")
    with pytest.raises(ValidationError):
        meetings.add_to_bank("gossip", "Who is leaving?")


def test_answer_counts_count_meetings_with_an_answer(meetings) -> None:
    first, second = meetings.bank("person")[:2]
    for answer in ("A mentor", "", "Night school"):
        saved = meetings.save(
            MeetingRecord(
                title="Coffee",
                questions=[meetings.prepared_from(first), meetings.prepared_from(second)],
            )
        )
        meetings.save_answer(saved.questions[0].id, answer)
    assert meetings.answer_counts() == {first.id: 2}


def test_save_and_apply_a_template(meetings) -> None:
    bank = meetings.bank("organisation")[:2]
    questions = [meetings.prepared_from(q) for q in bank]
    questions.append(PreparedQuestion("person", "What would you do in my place?", "ignored"))
    template = meetings.save_template("  First   coffee ", questions)
    assert (template.name, template.size) == ("First coffee", 3)
    applied = meetings.template_questions(template.id)
    assert [(q.layer, q.text, q.question_id, q.answer) for q in applied] == [
        ("organisation", bank[0].text, bank[0].id, ""),
        ("organisation", bank[1].text, bank[1].id, ""),
        ("person", "What would you do in my place?", None, ""),
    ]
    # A question reworded in the bank reads the new way when the template is applied.
    meetings.edit_bank_question(bank[0].id, "What does your organisation do, in a sentence?")
    assert meetings.template_questions(template.id)[0].text.endswith("in a sentence?")


def test_same_name_is_refused_unless_replacing(meetings) -> None:
    one = [PreparedQuestion("industry", "Where is the field going?")]
    two = [PreparedQuestion("person", "What helped you most?")] * 2
    original = meetings.save_template("Recruiters", one)
    with pytest.raises(TemplateExists) as caught:
        meetings.save_template("RECRUITERS", two)
    assert caught.value.name == "RECRUITERS"
    assert meetings.template_questions(original.id)[0].text == "Where is the field going?"
    replaced = meetings.save_template("RECRUITERS", two, replace=True)
    assert replaced.id == original.id and replaced.size == 2
    assert [t.name for t in meetings.templates()] == ["RECRUITERS"]
    meetings.delete_template(replaced.id)
    assert meetings.templates() == []


def test_bad_templates_are_refused(meetings) -> None:
    with pytest.raises(ValidationError) as unnamed:
        meetings.save_template("  ", [PreparedQuestion("industry", "Q")])
    assert set(unnamed.value.errors) == {"name"}
    with pytest.raises(ValidationError) as empty:
        meetings.save_template("Empty", [])
    assert set(empty.value.errors) == {"questions"}
    assert meetings.templates() == []


def test_a_template_survives_archiving_its_bank_question(meetings) -> None:
    question = meetings.bank("industry")[0]
    template = meetings.save_template("Basics", [meetings.prepared_from(question)])
    meetings.archive_bank_question(question.id)
    assert [q.question_id for q in meetings.template_questions(template.id)] == [question.id]
