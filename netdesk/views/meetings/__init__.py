"""The Meetings feature: the page, the meeting editor and its dialogs."""
