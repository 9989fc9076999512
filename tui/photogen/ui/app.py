"""The photogen Textual app: settings, keymap, theme, the main screen, and ``run_app``.

Kept thin: handlers live in :mod:`photogen.ui.screens.main`. Nothing heavy is
imported here; the workspace (HTTP client, server process) is imported inside
the startup worker.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from photogen.core.settings import Settings, load_settings
from photogen.ui.bindings import bindings_for, check_keymap
from photogen.ui.clipboard import in_tmux, osc52
from photogen.ui.commands import PhotogenCommands
from photogen.ui.css import stylesheet_paths
from photogen.ui.images.detect import Detection, detect_protocol, detect_terminal
from photogen.ui.screens.help import HelpScreen
from photogen.ui.screens.main import MainScreen

#: How long after the first refresh the first frames count as out (the footer draws its
#: keys a refresh after the screen). Until then the client stack's import (~0.25 s holding
#: the GIL) waits, and a cyclic garbage collection paused by :func:`run_app` stays paused.
FIRST_FRAMES_S = 0.1

if TYPE_CHECKING:
    from photogen.core.protocols import WorkspaceLike

#: ``async (settings, cloud=, session_id=, on_status=) -> workspace``.
WorkspaceFactory = Callable[..., Awaitable["WorkspaceLike"]]


def config_notice(warnings: Sequence[str], path: Path | None) -> tuple[str, str]:
    """One notification for every config problem: the file once, then one line each.

    Args:
        warnings: The problems, as the settings loader and the keymap check word them
            (the loader starts each with the file's path).
        path: The config file, when there is one.

    Returns:
        The title and the body of the notification.
    """
    prefix = str(path) if path is not None else None
    lines = []
    for warning in warnings:
        if prefix and warning.startswith(prefix):
            warning = warning[len(prefix) :].lstrip(" :")
        lines.append(f"• {warning}")
    noun = "problem" if len(lines) == 1 else "problems"
    title = f"Config: {len(lines)} {noun}"
    return title, "\n".join([f"In {path}:" if path else "In the settings:", *lines])


class PhotogenApp(App[None]):
    """Make photos from words in the terminal."""

    TITLE = "photogen"
    CSS_PATH = stylesheet_paths()
    BINDINGS = bindings_for("app")
    COMMANDS = App.COMMANDS | {PhotogenCommands}

    def __init__(
        self,
        settings: Settings,
        warnings: Sequence[str] = (),
        *,
        cloud: bool = False,
        session_id: str | None = None,
        workspace_factory: WorkspaceFactory | None = None,
        detection: Detection | None = None,
        animate_spinners: bool = True,
        resume_gc: bool = False,
    ) -> None:
        """Create the app; nothing connects until the screen is painted.

        Args:
            settings: The user's settings.
            warnings: Problems found in the config file, shown once as a notification.
            cloud: ``--cloud``: use NemoVideo instead of the embedded server.
            session_id: Reopen this session instead of the last one.
            workspace_factory: ``async (settings, cloud=, session_id=, on_status=)``;
                defaults to ``photogen.core.workspace.Workspace.open`` (tests pass a fake).
            detection: Image protocol choice (detected from the environment by default).
            animate_spinners: Spinners on (snapshots turn them off).
            resume_gc: Turn the garbage collector back on once the first frames are out
                (:func:`run_app` pauses it for the start-up).
        """
        super().__init__()
        self.settings = settings
        self.cloud = cloud
        self.session_id = session_id
        self.workspace: WorkspaceLike | None = None
        self.keymap_overrides, keymap_warnings = check_keymap(settings.keymap)
        self.startup_warnings = [*warnings, *keymap_warnings]
        self.detection = detection or detect_protocol(settings.image_protocol)
        self.backend_label = "cloud" if cloud else ""
        self.local = False
        """The user chose the local backend after the remote one could not be reached."""
        self._factory = workspace_factory
        self._resume_gc = resume_gc
        self.first_frames_out = asyncio.Event()
        """Set :data:`FIRST_FRAMES_S` after the first refresh; heavy work waits for it."""
        self.low_bandwidth = settings.low_bandwidth or self.detection.slow_link
        """Small text thumbnails, no animation: the setting, or a slow terminal link."""
        self.animate_spinners = animate_spinners and not self.low_bandwidth

    def on_mount(self) -> None:
        """Theme, keymap, warnings, then the main screen."""
        try:
            self.theme = self.settings.theme
        except Exception:  # noqa: BLE001 - Textual raises its own error for unknown themes
            self.startup_warnings.append(f"theme {self.settings.theme!r} is unknown; using default")
        self.set_keymap(self.keymap_overrides)
        if self.startup_warnings:
            title, body = config_notice(self.startup_warnings, self.settings.config_path)
            self.notify(body, title=title, severity="warning", markup=False, timeout=12)
        self.push_screen(MainScreen(self.detection, animate_spinners=self.animate_spinners))
        self.call_after_refresh(self.set_timer, FIRST_FRAMES_S, self._on_first_frames_out)

    def _on_first_frames_out(self) -> None:
        if self._resume_gc:
            gc.enable()
        self.first_frames_out.set()

    async def open_workspace(self, on_status: Callable[[str], None] | None = None) -> WorkspaceLike:
        """Start the backend and open the session (runs in the startup worker)."""
        factory = self._factory
        if factory is None:
            # The client stack (httpx, pydantic models) takes ~0.25 s to import: do it off
            # the event loop so the screen stays live while it loads.
            await self.first_frames_out.wait()
            module = await asyncio.to_thread(importlib.import_module, "photogen.core.workspace")
            factory = module.Workspace.open
        extra = {"local": True} if self.local else {}
        workspace = await factory(
            self.settings,
            cloud=self.cloud,
            session_id=self.session_id,
            on_status=on_status,
            **extra,
        )
        self.workspace = workspace
        return workspace

    def use_local_backend(self) -> None:
        """From now on open the embedded server (the remote one could not be reached)."""
        self.cloud, self.session_id, self.local = False, None, True
        self.backend_label = "local"

    async def on_unmount(self) -> None:
        """Stop the embedded server; running renders are stored and resumed next time."""
        if self.workspace is not None:
            await self.workspace.close()

    def write_terminal(self, sequence: str) -> None:
        """Send an escape sequence straight to the terminal (images, clipboard)."""
        if self._driver is not None:
            self._driver.write(sequence)

    def copy_text(self, text: str) -> None:
        """Copy to the clipboard with OSC 52; inside tmux also through its passthrough."""
        self.copy_to_clipboard(text)
        if in_tmux():
            self.write_terminal(osc52(text, tmux=True))

    def action_help(self) -> None:
        """F1: the keys and how pictures are drawn."""
        detection = self.detection.with_current_cells()
        notes = [f"Pictures: {detection.summary()} — {detection.reason}."]
        if self.low_bandwidth:
            why = (
                "the setting"
                if self.settings.low_bandwidth
                else (f"the terminal took {detection.round_trip_s * 1000:.0f} ms to answer")
            )
            notes.append(f"Low-bandwidth mode ({why}): small text thumbnails, no animation.")
        if not self.cloud and self.settings.backend == "local":  # the embedded server
            from photogen.core.offline import offline_engines

            notes.append("Offline engines: " + " · ".join(offline_engines(self.settings)) + ".")
        if self.settings.config_path is not None:
            notes.append(f"Config file: {self.settings.config_path}")
        self.push_screen(HelpScreen(self.keymap_overrides, notes))


def run_app(cloud: bool = False, session_id: str | None = None) -> None:
    """Entry point of ``photogen-tui``: load the settings and run the app.

    Args:
        cloud: Use NemoVideo's cloud instead of the embedded local server.
        session_id: Reopen this session.
    """
    # Start-up builds many objects and frees few: a cyclic collection in the middle of it
    # costs the first frame ~25 ms. The app turns the collector back on once it is out.
    gc.disable()  # the command line may have paused it already, before the imports
    settings, warnings = load_settings()
    # Ask the terminal before Textual owns it (its replies would reach Textual as keys),
    # and before the app's console picks a colour system (truecolor when the terminal has it).
    detection = detect_terminal(settings.image_protocol)
    if detection.truecolor and not os.environ.get("COLORTERM"):
        os.environ["COLORTERM"] = "truecolor"
    app = PhotogenApp(
        settings,
        warnings,
        cloud=cloud,
        session_id=session_id,
        detection=detection,
        resume_gc=True,
    )
    app.run()
