"""Reviewing likely duplicate people: the dialog, its undoable steps and the window's flow."""
