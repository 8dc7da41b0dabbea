"""The parts of the question bank editor (`netdesk.views.question_bank`): the bank table,
its undoable changes, and everyone's answers to one question."""
