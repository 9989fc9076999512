"""The one registry of key bindings.

Every binding has a stable kebab-case id. The registry feeds the footer (via
Textual ``Binding`` objects), the help screen, the command palette and the
user's keymap (``settings.keymap``: ``{"export-draft": "ctrl+x"}``).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType

Scope = Literal["app", "screen", "prompt", "job", "picture", "viewer", "grid", "history"]


@dataclass(frozen=True)
class KeySpec:
    """One bindable command."""

    id: str
    """Stable kebab-case id, used by the user's keymap."""
    key: str
    """Default key (Textual key syntax)."""
    action: str
    """Textual action name run in the scope's namespace."""
    description: str
    """Short label for the footer and the palette."""
    help: str
    """One sentence for the help screen and the palette."""
    scope: Scope = "screen"
    """Where the binding lives: the app, the main screen, the prompt input, the job list,
    a grid of candidates in the chat or the history (lineage) tree."""
    show: bool = True
    """Whether the footer shows it."""
    priority: bool = False
    """Checked before the focused widget sees the key."""


NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
"""Binding ids are words: ``grid-use-two`` is key 2."""

GRID_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "grid-use",
        "enter",
        "grid_use(0)",
        "Use",
        "Put the selected candidate on the timeline (or press its number, 1-9).",
        "grid",
    ),
    *(
        KeySpec(
            f"grid-use-{word}",
            str(n),
            f"grid_use({n})",
            f"Use {n}",
            f"Put candidate {n} on the timeline.",
            "grid",
            show=False,
        )
        for n, word in enumerate(NUMBER_WORDS, start=1)
    ),
    KeySpec(
        "grid-vary",
        "v",
        "grid_vary('subtle')",
        "Vary",
        "Subtle variations of the selected.",
        "grid",
    ),
    KeySpec(
        "grid-vary-strong",
        "V,shift+v",
        "grid_vary('strong')",
        "Vary strong",
        "Strong variations of the selected candidate.",
        "grid",
    ),
    KeySpec("grid-reroll", "r", "grid_reroll", "Reroll", "The same prompt, new seeds.", "grid"),
    KeySpec(
        "grid-compare",
        "c",
        "grid_compare",
        "Compare",
        "Show the selected candidate next to the one selected before, side by side.",
        "grid",
    ),
    KeySpec(
        "grid-left",
        "left",
        "grid_move(-1)",
        "Previous",
        "Select the previous one.",
        "grid",
        show=False,
    ),
    KeySpec(
        "grid-right", "right", "grid_move(1)", "Next", "Select the next one.", "grid", show=False
    ),
)
"""The keys of a grid of candidates (when it has the focus)."""

REGISTRY: tuple[KeySpec, ...] = (
    # The prompt's keys are not priority bindings: PromptInput handles them in its own
    # key handler, so they run in order with the characters typed before them.
    KeySpec("send", "enter", "submit", "Send", "Send the prompt.", "prompt"),
    KeySpec(
        "newline",
        "ctrl+j",
        "newline",
        "Newline",
        "Insert a new line in the prompt.",
        "prompt",
        show=False,
    ),
    KeySpec(
        "history-previous",
        "up",
        "history_previous",
        "Previous prompt",
        "Recall the previous prompt (on the first line).",
        "prompt",
        show=False,
    ),
    KeySpec(
        "history-next",
        "down",
        "history_next",
        "Next prompt",
        "Recall the next prompt (on the last line).",
        "prompt",
        show=False,
    ),
    KeySpec("cancel-turn", "escape", "cancel_turn", "Cancel", "Cancel the running turn."),
    KeySpec(
        "export-draft",
        "ctrl+e",
        "export",
        "Export",
        "Export the timeline: choose MP4, PNG, JPG or WEBP.",
        priority=True,
    ),
    KeySpec(
        "upload-files",
        "ctrl+u",
        "upload",
        "Upload",
        "Upload photos from paths or URLs.",
        priority=True,
    ),
    KeySpec(
        "another-variation",
        "ctrl+r",
        "variation",
        "Variation",
        "Make another variation of the last photo.",
        priority=True,
    ),
    KeySpec(
        "subject-box",
        "ctrl+t",  # not ctrl+b: tmux's prefix
        "subject_box",
        "Subject box",
        "Mark the subject of the last cut-out with a box and cut it out again.",
        show=False,
        priority=True,
    ),
    KeySpec("new-session", "ctrl+n", "new_session", "New", "Start a new session.", priority=True),
    KeySpec(
        "open-session", "ctrl+o", "open_session", "Open", "Open a past session.", priority=True
    ),
    KeySpec(
        "copy-output",
        "ctrl+y",
        "copy_output",
        "Copy",
        "Copy the last output path or URL to the clipboard.",
        priority=True,
    ),
    KeySpec(
        "open-in-browser",
        "ctrl+g",
        "open_in_browser",
        "Open in browser",
        "Copy the web app's link to this session (cloud).",
        show=False,
        priority=True,
    ),
    KeySpec(
        "use-local",
        "ctrl+l",
        "use_local",
        "Use local",
        "Switch to the local backend (offline, free) when the server can't be reached.",
        priority=True,
    ),
    KeySpec(
        "cancel-job",
        "x",
        "cancel_job",
        "Cancel job",
        "Stop the selected export job (in the job list).",
        "job",
    ),
    KeySpec(
        "view-photo",
        "enter,v",
        "view_photo",
        "View",
        "Show the photo full screen (in the preview).",
        "picture",
    ),
    KeySpec("viewer-next", "n", "next", "Next", "Next photo of the session.", "viewer"),
    KeySpec("viewer-previous", "p", "previous", "Previous", "Previous photo.", "viewer"),
    KeySpec(
        "viewer-right",
        "right",
        "step(1, 0)",
        "Next / pan",
        "Next photo; pans right while zoomed in.",
        "viewer",
        show=False,
    ),
    KeySpec(
        "viewer-left",
        "left",
        "step(-1, 0)",
        "Previous / pan",
        "Previous photo; pans left while zoomed in.",
        "viewer",
        show=False,
    ),
    KeySpec(
        "viewer-up", "up", "step(0, -1)", "Pan up", "Pan up while zoomed in.", "viewer", show=False
    ),
    KeySpec(
        "viewer-down",
        "down",
        "step(0, 1)",
        "Pan down",
        "Pan down while zoomed in.",
        "viewer",
        show=False,
    ),
    KeySpec("viewer-zoom-in", "plus,equals_sign", "zoom(2)", "Zoom +", "Zoom in.", "viewer"),
    KeySpec("viewer-zoom-out", "minus", "zoom(0.5)", "Zoom -", "Zoom out.", "viewer"),
    KeySpec(
        "viewer-copy-link",
        "ctrl+y",
        "copy_link",
        "Copy link",
        "Copy the photo's URL or file path.",
        "viewer",
    ),
    KeySpec("viewer-close", "escape,q", "close", "Back", "Back to the chat.", "viewer"),
    KeySpec("show-help", "f1", "help", "Help", "Show every key.", "app"),
    KeySpec(
        "command-palette",
        "ctrl+p",
        "command_palette",
        "Palette",
        "Search every command.",
        "app",
        show=False,
        priority=True,
    ),
    KeySpec(
        "focus-next", "tab", "app.focus_next", "Next pane", "Move to the next pane.", show=False
    ),
    KeySpec(
        "focus-previous",
        "shift+tab",
        "app.focus_previous",
        "Previous pane",
        "Move to the previous pane.",
        show=False,
    ),
    KeySpec(
        "quit",
        "ctrl+q",
        "quit",
        "Quit",
        "Quit photogen (renders keep going).",
        "app",
        priority=True,
    ),
    KeySpec(
        "show-history",
        "f2",
        "show_history",
        "History",
        "Show the lineage of this session's photos; pick one to branch from it.",
        show=False,
        priority=True,
    ),
    KeySpec(
        "credits-ledger",
        "f4",
        "credits_ledger",
        "Credits ledger",
        "List what each turn of this session cost.",
        show=False,
        priority=True,
    ),
    *GRID_KEYS,
    KeySpec(
        "history-vary",
        "v",
        "history_vary('subtle')",
        "Vary",
        "Subtle variations of the chosen photo (the branch starts there).",
        "history",
    ),
    KeySpec(
        "history-vary-strong",
        "V,shift+v",
        "history_vary('strong')",
        "Vary strong",
        "Strong variations of the chosen photo.",
        "history",
    ),
    KeySpec(
        "history-use",
        "u",
        "history_use",
        "Use",
        "Put the chosen photo on the timeline.",
        "history",
    ),
)

BY_ID: dict[str, KeySpec] = {spec.id: spec for spec in REGISTRY}


def bindings_for(scope: Scope, namespace: str = "") -> list[BindingType]:
    """The Textual bindings of one scope (for ``BINDINGS``), each carrying its registry id.

    ``namespace`` (``"screen"``) runs the actions on the screen rather than the widget.
    """
    prefix = f"{namespace}." if namespace else ""
    return [
        Binding(
            spec.key,
            prefix + spec.action,
            spec.description,
            show=spec.show,
            priority=spec.priority,
            tooltip=spec.help,
            id=spec.id,
        )
        for spec in REGISTRY
        if spec.scope == scope
    ]


def check_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Keep the known ids of a user keymap.

    Args:
        keymap: Binding id -> key string, as read from the config file.

    Returns:
        The usable keymap and one warning per entry that was dropped.
    """
    usable: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, key in keymap.items():
        if binding_id not in BY_ID:
            close = difflib.get_close_matches(binding_id, list(BY_ID), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            warnings.append(f"keymap: unknown binding id {binding_id!r}{hint}; ignored")
        elif not isinstance(key, str) or not key.strip():
            warnings.append(f"keymap: {binding_id!r} needs a key such as 'ctrl+x'")
        else:
            usable[binding_id] = key.strip()
    return usable, warnings


def effective_keys(keymap: Mapping[str, str]) -> dict[str, str]:
    """Binding id -> the key that triggers it, after the user's keymap."""
    return {spec.id: keymap.get(spec.id, spec.key) for spec in REGISTRY}


def key_for(keymap: Mapping[str, str], binding_id: str) -> str:
    """The key to name in a hint for one binding (the first, when several are mapped).

    Args:
        keymap: The user's usable keymap (``PhotogenApp.keymap_overrides``).
        binding_id: A registry id such as ``export-draft``.
    """
    return effective_keys(keymap)[binding_id].split(",")[0].strip()


def app_key(node: object, binding_id: str) -> str:
    """:func:`key_for` with the keymap of the app a widget or screen belongs to."""
    app = getattr(node, "app", None)
    return key_for(getattr(app, "keymap_overrides", {}), binding_id)
