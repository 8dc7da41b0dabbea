"""Today's first steps, shown while the network is empty: add a person, import the
LinkedIn export, or try the sample network."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from netdesk.views.today.sections import _button, _row_layout


def first_steps_panel(
    add_person: Callable[[], None],
    import_linkedin: Callable[[], None],
    try_sample: Callable[[], None],
) -> tuple[QWidget, QFrame]:
    """The panel (hidden until the page shows it) and the framed card inside it."""
    card = QFrame()
    card.setObjectName("welcome")
    card.setStyleSheet(
        "#welcome { border: 1px solid palette(mid); border-radius: 6px; "
        "background: palette(base); }"
    )
    title = QLabel("Your network starts with people you already know")
    title.setStyleSheet("font-size: 12.5pt; font-weight: 600;")
    text = QLabel(
        "Family, friends, teachers, classmates, neighbours, former colleagues: each of "
        "them knows others. Add a few, or bring your LinkedIn connections (they stay out "
        "of the way until you say how you know someone)."
    )
    text.setWordWrap(True)
    add = _button("Add a person…", "welcomeAdd", "Ctrl+N", add_person, "add-person")
    add.setDefault(True)
    linkedin = _button(
        "Import LinkedIn export…",
        "welcomeImport",
        "Connections.csv or the whole export .zip (Ctrl+I); you can also drop it here",
        import_linkedin,
        "import",
    )
    sample = _button(
        "Try the sample network",
        "welcomeSample",
        "Invented people to look around with; undo it with Edit → Undo Last Import",
        try_sample,
        "map",
    )
    layout = QVBoxLayout(card)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.addWidget(title)
    layout.addWidget(text)
    layout.addLayout(_row_layout(add, linkedin, sample))
    wrapper = QWidget()
    outer = QVBoxLayout(wrapper)
    outer.setContentsMargins(0, 0, 0, 18)
    outer.addWidget(card)
    wrapper.hide()
    return wrapper, card
