"""The question bank editor: the dialog (`dialog.QuestionBankDialog`), the bank table,
its undoable changes, and everyone's answers to one question."""
