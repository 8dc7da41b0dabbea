"""The Search page's funnel line stays on one line: at its full size where it fits, set
smaller where it does not, elided only when even that is too wide; its text and
tooltip keep the whole line."""

from __future__ import annotations

from netdesk.views.jobsearch.funnel_chart import HeadlineLine

LINE = "1,234 conversations → 250 referrals → 1,000 applications → 300 interviews → 150 offers"


def shown(qtbot, width: int) -> HeadlineLine:
    label = HeadlineLine("searchFunnelText")
    qtbot.addWidget(label)
    label.setText(LINE)
    label.resize(width, label.sizeHint().height())
    label.show()
    qtbot.waitExposed(label)
    return label


def test_a_wide_line_keeps_its_full_size(qtbot) -> None:
    label = shown(qtbot, 2000)
    font, line = label.fitted()
    assert line == LINE
    assert font.pointSizeF() == label.font().pointSizeF()


def test_a_narrower_line_is_set_smaller_on_one_line(qtbot) -> None:
    wide = shown(qtbot, 2000)
    full = wide.fontMetrics().horizontalAdvance(LINE)
    label = shown(qtbot, int(full * 0.9) + 4)
    font, line = label.fitted()
    assert line == LINE
    assert label.font().pointSizeF() * HeadlineLine.SMALLEST <= font.pointSizeF()
    assert font.pointSizeF() < label.font().pointSizeF()


def test_a_line_too_wide_even_when_smaller_is_elided_but_its_text_is_whole(qtbot) -> None:
    label = shown(qtbot, 200)
    font, line = label.fitted()
    assert line.endswith("…") and LINE.startswith(line[:-1])
    assert font.pointSizeF() == label.font().pointSizeF() * HeadlineLine.SMALLEST
    assert label.text() == label.toolTip() == LINE
    assert not label.wordWrap()
