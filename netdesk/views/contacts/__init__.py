"""The Contacts feature: the people list with its filters, the person editor, and the
relationship rows (keeping in touch, gives and asks, timeline) the window adds to it."""
