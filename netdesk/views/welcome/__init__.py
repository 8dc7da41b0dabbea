"""The first-run welcome screen: the page (`page.WelcomePage`), its cards, the drop zone
and the list of people added on it."""
