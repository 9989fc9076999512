"""Screens: the main screen and its dialogs."""
