"""The sandbox email templates render in.

Jinja's sandbox keeps templates away from Python's internals; this one also keeps a slip
such as {{ 'a'|center(10**9) }} or two nested loops from building gigabytes or freezing the
live preview: operations that would build more than MAX_TEXT characters are refused before
they run, the output is counted as it is produced, and rendering stops at a deadline.
"""

from __future__ import annotations

import functools
import re
import sys
import time
from collections.abc import Callable, Iterable
from string import Formatter
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from markupsafe import Markup

MAX_TEXT = 100_000  # characters one operation, or a whole template, may build
MAX_RANGE = 10_000  # items range() may give
MAX_POWER_BITS = 10_000  # the size of the number one `**` may build
DEADLINE_SECONDS = 1.0  # far beyond any real template (they take about a millisecond)


# Refusals are jinja2's own SecurityError ("not allowed in a template (…)"), which
# templates.py turns into a TemplateError with the line it happened on.
Refused = jinja2.exceptions.SecurityError


def _refuse_size(size: int) -> None:
    if size > MAX_TEXT:
        raise Refused(f"text longer than {MAX_TEXT:,} characters")


_PRINTF_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\d+|\*)?(?:\.(\d+|\*))?")


def _refuse_printf(pattern: Any, values: Any) -> None:
    """'%0999999999d' % 1 and its |format twin."""
    if not isinstance(pattern, str):
        return
    starred = False
    for width, precision in _PRINTF_FIELD.findall(pattern):
        for number in (width, precision):
            starred |= number == "*"
            if number.isdigit():
                _refuse_size(int(number))
    if starred:
        for value in values if isinstance(values, tuple) else (values,):
            if isinstance(value, int):
                _refuse_size(value)


def _refuse_format_spec(spec: str) -> None:
    for number in re.findall(r"\d+", spec):
        _refuse_size(int(number))


class _SizedFormatter(SandboxedFormatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        _refuse_format_spec(format_spec)
        return super().format_field(value, format_spec)


class _SizedEscapeFormatter(SandboxedEscapeFormatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        _refuse_format_spec(format_spec)
        return super().format_field(value, format_spec)


def _joined_size(items: Iterable[Any], separator: Any) -> tuple[list[Any], int]:
    listed = list(items)
    size = sum(len(str(item)) for item in listed) + len(str(separator)) * max(len(listed) - 1, 0)
    return listed, size


def _replaced_size(text: Any, old: Any, new: Any, count: int = -1) -> int:
    if not isinstance(text, str | bytes) or not isinstance(old, str | bytes):
        return 0
    times = text.count(old) if old else len(text) + 1
    if count >= 0:
        times = min(times, count)
    return len(text) + times * (len(new) - len(old))


def _method_result_size(text: str | bytes, name: str, args: tuple, kwargs: dict) -> int:
    """How long text.name(*args) would be, for the methods that can grow text a lot."""
    if name in ("ljust", "rjust", "center", "zfill") and args and isinstance(args[0], int):
        return args[0]
    if name == "expandtabs":
        tabsize = args[0] if args else kwargs.get("tabsize", 8)
        return len(text) + text.count("\t" if isinstance(text, str) else b"\t") * tabsize
    if name == "replace" and len(args) >= 2:
        return _replaced_size(text, *args[:3])
    if name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        return len(text) * longest
    return 0


def _checked(result: Any) -> Any:
    if isinstance(result, str | bytes | list | tuple):
        _refuse_size(len(result))
    return result


def _guard_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)  # keeps Jinja's pass_context/pass_eval_context marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if name == "join":  # (eval_context, value, separator="", attribute=None)
            separator = args[2] if len(args) > 2 else kwargs.get("d", "")
            if len(args) > 1 and "attribute" not in kwargs and len(args) < 4:
                listed, size = _joined_size(args[1], separator)
                _refuse_size(size)
                args = (args[0], listed, *args[2:])
        elif name == "center":
            _refuse_size(args[1] if len(args) > 1 else kwargs.get("width", 80))
        elif name == "indent":
            width = args[1] if len(args) > 1 else kwargs.get("width", 4)
            width = len(width) if isinstance(width, str) else width
            _refuse_size(len(str(args[0])) + (str(args[0]).count("\n") + 1) * width)
        elif name == "format":
            _refuse_printf(args[0], args[1:] or tuple(kwargs.values()))
        elif name == "replace" and len(args) >= 4:  # (eval_context, value, old, new, count)
            count = args[4] if len(args) > 4 else kwargs.get("count")
            _refuse_size(_replaced_size(str(args[1]), *map(str, args[2:4]), count or -1))
        elif name in ("batch", "slice"):
            _refuse_size(args[1] if len(args) > 1 else 0)
        elif name == "tojson":
            indent = args[2] if len(args) > 2 else kwargs.get("indent")  # after eval_context
            if isinstance(indent, int):
                _refuse_size(indent)
        return _checked(original(*args, **kwargs))

    return guarded


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise Refused(f"a range of more than {MAX_RANGE:,} numbers")
    return numbers


class TemplateSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _bounded_range
        self.filters.update({name: _guard_filter(name, f) for name, f in self.filters.items()})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for items, times in ((left, right), (right, left)):
                if isinstance(items, str | bytes | list | tuple) and isinstance(times, int):
                    _refuse_size(len(items) * times)
        elif operator == "%":
            _refuse_printf(left, right)
        elif (
            isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and right * abs(left).bit_length() > MAX_POWER_BITS
        ):
            raise jinja2.exceptions.SecurityError("a number that large")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str | bytes):
            name = getattr(__obj, "__name__", "")
            if name == "join" and args:
                args = (_refused_if_long(args[0], owner), *args[1:])
            else:
                _refuse_size(_method_result_size(owner, name, args, kwargs))
        return _checked(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's own wrapper, with a formatter that refuses huge widths ('{:>999999999}')."""
        if getattr(value, "__name__", None) not in ("format", "format_map"):
            return None
        text = getattr(value, "__self__", None)
        if not isinstance(text, str):
            return None
        formatter: Formatter = (
            _SizedEscapeFormatter(self, escape=text.escape)
            if isinstance(text, Markup)
            else _SizedFormatter(self)
        )
        is_format_map = value.__name__ == "format_map"

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            return type(text)(formatter.vformat(text, args, kwargs))

        return functools.update_wrapper(wrapper, value)


def _refused_if_long(items: Iterable[Any], separator: str | bytes) -> list[Any]:
    listed = list(items)
    lengths = sum(len(item) for item in listed if isinstance(item, str | bytes))
    _refuse_size(lengths + len(separator) * max(len(listed) - 1, 0))
    return listed


def render_within_limits(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render, counting the output and stopping at the deadline.

    The deadline is checked by a trace function on every line the render runs: a thread
    cannot be stopped from outside, and a subprocess per keystroke of the live preview
    would be too slow. Operations that run long inside C are refused by size beforehand.
    """
    deadline = time.monotonic() + DEADLINE_SECONDS

    def stop_at_deadline(_frame: Any, _event: str, _arg: Any) -> Any:
        if time.monotonic() > deadline:
            raise Refused(f"it takes too long to render, over {DEADLINE_SECONDS:g} second")
        return stop_at_deadline

    parts: list[str] = []
    size = 0
    previous_trace = sys.gettrace()
    sys.settrace(stop_at_deadline)
    try:
        for part in template.generate(context):
            size += len(part)
            _refuse_size(size)
            parts.append(part)
    finally:
        sys.settrace(previous_trace)
    return "".join(parts)


__all__ = ["MAX_TEXT", "TemplateSandbox", "render_within_limits"]
