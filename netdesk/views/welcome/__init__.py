"""The parts of the first-run welcome screen (`netdesk.views.welcome_page.WelcomePage`):
its cards, the drop zone and the list of people added on it."""
