"""The binding registry, the user's keymap, the palette provider."""

from __future__ import annotations

import re

from photogen.ui.bindings import REGISTRY, bindings_for, check_keymap, effective_keys
from photogen.ui.commands import palette_specs


def test_ids_are_unique_kebab_case_and_cover_the_brief() -> None:
    ids = [spec.id for spec in REGISTRY]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", i) for i in ids)
    keys = {spec.key for spec in REGISTRY}
    assert {
        "enter",
        "ctrl+j",
        "up",
        "down",
        "escape",
        "ctrl+e",
        "ctrl+u",
        "ctrl+r",
        "ctrl+n",
        "ctrl+o",
        "ctrl+y",
        "tab",
        "shift+tab",
        "ctrl+q",
        "f1",
        "ctrl+p",
    } <= keys


def test_textual_bindings_carry_the_ids() -> None:
    assert {b.id for b in bindings_for("prompt")} == {
        "send",
        "newline",
        "history-previous",
        "history-next",
    }


def test_keymap_keeps_known_ids_and_warns_about_the_rest() -> None:
    usable, warnings = check_keymap({"export-draft": "ctrl+x", "exprot": "ctrl+z", "quit": ""})
    assert usable == {"export-draft": "ctrl+x"}
    assert len(warnings) == 2 and "exprot" in warnings[0]
    assert effective_keys(usable)["export-draft"] == "ctrl+x"
    assert effective_keys(usable)["upload-files"] == "ctrl+u"


def test_palette_offers_commands_not_typing_keys() -> None:
    ids = {spec.id for spec in palette_specs()}
    assert {"export-draft", "upload-files", "show-help", "quit"} <= ids
    assert "send" not in ids and "history-previous" not in ids
