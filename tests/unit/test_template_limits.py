"""Templates that would build gigabytes or render for ever are refused as validation errors."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import pytest

from netdesk.errors import TemplateError, ValidationError
from netdesk.services.templates import EmailTemplate, render, sample_context

# Each builds a gigabyte of text, runs for minutes, or fails inside Python, if let through.
RUNAWAYS = [
    "{{ 'a'|center(10**9) }}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '{:>1000000000}'.format('x') }}",
    "{{ '{:>{}}'.format('x', 10**9) }}",
    "{{ 'a'.ljust(2**31) }}",
    "{{ 'a'.zfill(10**9) }}",
    "{{ ('\t' * 1000).expandtabs(10**6) }}",
    "{{ ('x' * 100000)|replace('x', 'x' * 100000) }}",
    "{{ ('x' * 100000).replace('x', 'x' * 100000) }}",
    "{{ (['x' * 100000] * 100000)|join }}",
    "{{ ''.join(['x' * 100000] * 100000) }}",
    "{{ ('x\n' * 50000)|indent(100000) }}",
    "{{ [1]|batch(10**9, 'x')|list }}",
    "{{ [1]|tojson(indent=10**9) }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "{% for a in 'x' * 100000 %}{% for b in 'x' * 100000 %}{% endfor %}{% endfor %}",
    "{% for i in range(10000) %}{{ 'x' * 100000 }}{% endfor %}",
    "{{ range(10**9) }}",
    "{% macro again(n) %}{{ again(n) }}{% endmacro %}{{ again(1) }}",
]


@pytest.mark.timeout(60)
def test_every_runaway_is_a_template_error_within_two_seconds_and_small_memory() -> None:
    """In a child process capped at 1 GB of address space, so that a template that does
    build a gigabyte shows up as a failure (MemoryError) rather than swapping this machine."""
    child = textwrap.dedent(
        """
        import json, resource, sys, time
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from netdesk.errors import TemplateError
        from netdesk.services.templates import render, sample_context
        results = []
        for payload in json.loads(sys.stdin.read()):
            started = time.monotonic()
            try:
                render("s", payload, sample_context())
                outcome = "rendered"
            except TemplateError as error:
                outcome = "TemplateError: " + str(error)
            except BaseException as error:
                outcome = type(error).__name__ + ": " + str(error)[:200]
            results.append([payload, outcome, time.monotonic() - started])
        print(json.dumps(results))
        print(int(next(line.split()[1] for line in open('/proc/self/status')
                       if line.startswith('VmHWM:'))), file=sys.stderr)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", child],
        input=json.dumps(RUNAWAYS),
        capture_output=True,
        text=True,
        timeout=55,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # This child's own high-water mark (VmHWM), not ru_maxrss, which on Linux also counts
    # the parent's memory copied in at fork.
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    for payload, outcome, seconds in json.loads(done.stdout):
        assert outcome.startswith("TemplateError: "), (payload, outcome)
        assert "Memory" not in outcome, (payload, outcome)
        assert "\n" not in outcome, (payload, outcome)
        assert seconds < 2, (payload, seconds)
    assert peak_kib < 400 * 1024


def test_a_runaway_template_is_not_saved(services) -> None:
    templates = services.mail.templates
    before = list(services.db.connection().iterdump())
    for payload in ("{{ 'a'|center(10**9) }}", "{{ range(10**9) }}"):
        with pytest.raises(ValidationError) as refused:
            templates.save(EmailTemplate(None, None, "other", "Runaway", "s", payload))
        assert "Body" in refused.value.errors["text"]
    assert list(services.db.connection().iterdump()) == before


def test_a_too_slow_template_names_the_time_limit() -> None:
    slow = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateError, match="too long"):
        render("s", slow, sample_context())


def test_ordinary_templates_render_as_before_and_fast(services) -> None:
    for template in services.mail.templates.list():
        render(template.subject, template.body, sample_context())  # warm the cache
    started = time.monotonic()
    for template in services.mail.templates.list():
        render(template.subject, template.body, sample_context())
    per_template = (time.monotonic() - started) / len(services.mail.templates.list())
    assert per_template < 0.02
    ok = "[{{ 'a'|center(5) }}]|{{ '%03d'|format(7) }}|{{ '{:>4}'.format('x') }}|"
    ok += "{{ range(3)|join }}"
    assert render("s", ok, sample_context()).body == "[  a  ]|007|   x|012\n"
