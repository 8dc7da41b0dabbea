"""Email templates: our defaults, the sandbox, clear errors, editing and reset."""

from __future__ import annotations

import pytest

from netdesk.errors import TemplateError, ValidationError
from netdesk.services.templates import VARIABLES, EmailTemplate, join_and, render, sample_context


def test_defaults_are_seeded_and_render_cleanly(services) -> None:
    templates = services.mail.templates.list()
    assert [t.builtin_key for t in templates] == [
        "thank_you_warm",
        "thank_you_brief",
        "thank_you_formal",
        "outreach",
        "share_value",
        "keep_in_touch",
        "introduction",  # migration 8
        "nice_to_meet_you",  # migration 13
        "congratulate",  # migration 18
        "referral_request",  # migration 19
    ]
    for template in templates:
        for context in (sample_context(), {"first_name": "Mia", "my_name": "Ada"}):
            rendered = render(template.subject, template.body, context)
            assert rendered.subject and "\n" not in rendered.subject
            assert "\n\n\n" not in rendered.body and "{" not in rendered.body
            assert rendered.body.startswith(("Dear", "Hi")) and rendered.body.endswith("\n")


def test_the_congratulation_names_the_new_and_the_old_organisation(services) -> None:
    template = services.mail.templates.first_for("congratulate")
    full = render(template.subject, template.body, sample_context())
    assert "started at Northwind Analytics as Head of Data" in full.body
    assert "After your time at Tidewater Bank" in full.body
    bare = render(template.subject, template.body, {"first_name": "Mia", "my_name": "Ada"})
    assert "took on a new role: congratulations!" in bare.body and "After" not in bare.body


def test_outreach_mentions_the_referrer_only_when_given(services) -> None:
    outreach = services.mail.templates.first_for("outreach")
    named = render(outreach.subject, outreach.body, sample_context())
    assert "Lena Fischer suggested I contact you" in named.body
    assert named.subject == "Lena Fischer suggested I contact you"
    assert "20–30 minutes" in named.body and "not asking for a job" in named.body
    anonymous = render(outreach.subject, outreach.body, sample_context() | {"referrer": ""})
    assert "suggested" not in anonymous.body + anonymous.subject


def test_unknown_variable_names_the_line_and_the_choices() -> None:
    with pytest.raises(TemplateError) as caught:
        render("Hi", "Dear {{ first_name }},\n\nSee you, {{ frist_name }}", sample_context())
    message = str(caught.value)
    assert message.startswith("Body, line 3: there is no variable “frist_name”")
    assert all(name in message for name in VARIABLES)


def test_syntax_error_is_explained() -> None:
    with pytest.raises(TemplateError, match=r"Subject, line 1: .*"):
        render("Thanks {% if first_name %}", "body", sample_context())


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ first_name.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
    ],
)
def test_the_sandbox_blocks_python_internals(attack: str) -> None:
    with pytest.raises(TemplateError):
        render("s", attack, sample_context())


def test_join_and() -> None:
    assert join_and([]) == "" and join_and(["a"]) == "a"
    assert join_and(["a", "b"]) == "a and b" and join_and(["a", "b", "c"]) == "a, b and c"


def test_edit_validate_and_reset(services) -> None:
    templates = services.mail.templates
    warm = templates.first_for("thank_you")
    edited = templates.save(
        EmailTemplate(
            warm.id, warm.builtin_key, "thank_you", warm.name, "Thanks!", "Hi {{ first_name }}"
        )
    )
    assert templates.get(warm.id).subject == "Thanks!"
    with pytest.raises(ValidationError) as caught:
        templates.save(EmailTemplate(None, None, "other", "Broken", "s", "{{ nope }}"))
    assert "no variable “nope”" in caught.value.errors["text"]
    with pytest.raises(ValidationError) as caught:
        templates.save(EmailTemplate(None, None, "other", edited.name.upper(), "s", "b"))
    assert "already a template" in caught.value.errors["name"]
    default = templates.default_of(edited)
    assert default is not None and default.subject == "Thank you, {{ first_name }}"
    templates.save(default)
    assert templates.get(warm.id).subject == "Thank you, {{ first_name }}"
    own = templates.save(EmailTemplate(None, None, "other", "Congratulations", "Congrats", "Hi"))
    assert own.builtin_key is None and templates.default_of(own) is None
    templates.delete(own.id)
    assert own.id not in [t.id for t in templates.list()]


@pytest.mark.timeout(10)
@pytest.mark.parametrize("slip", ["{{ '-' * 10**9 }}", "{{ 9**999999999 }}", "{{ [1] * 10**8 }}"])
def test_a_runaway_expression_is_refused_not_computed(slip: str) -> None:
    # The live preview renders on the GUI thread: this must fail fast, not freeze it.
    with pytest.raises(TemplateError, match="not allowed in a template"):
        render("s", f"Hi {{{{ first_name }}}} {slip}", sample_context())
    assert render("s", "{{ '-' * 20 }} {{ 2**10 }}", sample_context()).body == (
        "-------------------- 1024\n"
    )


def test_asking_for_an_introduction_names_whom_and_where(services) -> None:
    ask = services.mail.templates.first_for("introduction")
    rendered = render(ask.subject, ask.body, sample_context())
    assert rendered.subject == "Could you introduce me to Priya?"
    assert "learn from Priya Shah, Head of Platform at Kestrel Aerospace." in rendered.body
    assert "not asking for a job" in rendered.body


def test_nice_to_meet_you_names_the_event_its_day_and_the_note(services) -> None:
    nice = services.mail.templates.first_for("nice_to_meet_you")
    rendered = render(nice.subject, nice.body, sample_context())
    assert rendered.subject == "Nice to meet you at Data Guild evening"
    assert rendered.body.startswith(
        "Hi Mia,\n\nIt was good to meet you at Data Guild evening on 27 October, and I "
        "enjoyed our conversation. [Your note: wants intros to fintech."
    )
    assert rendered.body.endswith(
        "It would be good to stay in touch.\n\nBest wishes,\nAda Example\n"
    )
    # No event known (a template picked by hand): still a sentence, and no empty note.
    bare = render(nice.subject, nice.body, {"first_name": "Mia", "signature": "Ada"})
    assert bare.subject == "Nice to meet you"
    assert "It was good to meet you, and I enjoyed our conversation.\n" in bare.body
    assert "[" not in bare.body
