"""Textual stylesheets (.tcss) of photogen-tui, packaged as photogen.styles."""
