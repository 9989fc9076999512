"""Widgets of the main screen; each redraws from its own state and posts messages."""
