"""The full-screen photo viewer: one photo as large as the terminal allows.

Left/right (or ``n``/``p``) step through the session's photos; ``+``/``-``
zoom, and while zoomed in the arrows pan; ctrl+y copies the photo's link;
Esc goes back. The metadata line shows the prompt, seed, size and engine
(from what the app knows and the PNG's own text chunks).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from photogen.ui.bindings import bindings_for
from photogen.ui.images.detect import Detection
from photogen.ui.images.encode import View
from photogen.ui.images.links import file_link, shareable_url
from photogen.ui.images.widget import PictureView

MAX_ZOOM = 16.0
#: Share of the shown part one pan step moves.
PAN_STEP = 0.25


@dataclass(frozen=True)
class PhotoInfo:
    """One photo the viewer can show."""

    path: str
    """Local file."""
    prompt: str = ""
    """The words it was made from, when known."""
    seed: int | None = None
    """Its seed, when known."""
    url: str | None = None
    """Its cloud URL, when it has one."""


def read_metadata(path: str) -> dict[str, str]:
    """Size and the PNG text chunks (prompt, seed, engine) of a photo; {} when unreadable."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            found = {"size": f"{image.width}x{image.height}"}
            chunks = getattr(image, "text", {}) or {}
            for key in ("prompt", "seed", "engine"):
                if isinstance(chunks.get(key), str):
                    found[key] = chunks[key]
            return found
    except OSError:
        return {}


def describe(photo: PhotoInfo, metadata: dict[str, str], index: int, count: int) -> str:
    """``2/5 · 768x512 · seed 42 · engine studio · a lighthouse at dusk``."""
    parts = [f"{index + 1}/{count}"]
    if "size" in metadata:
        parts.append(metadata["size"])
    seed = metadata.get("seed") or (str(photo.seed) if photo.seed is not None else "")
    if seed:
        parts.append(f"seed {seed}")
    if "engine" in metadata:
        parts.append(f"engine {metadata['engine']}")
    prompt = photo.prompt or metadata.get("prompt", "")
    parts.append(prompt or Path(photo.path).name)
    return " · ".join(Text(part).plain for part in parts)


class PhotoViewer(Screen[None]):
    """Shows ``photos[index]`` full screen."""

    BINDINGS = bindings_for("viewer")
    DEFAULT_CSS = """
    PhotoViewer { background: $background; }
    PhotoViewer > PictureView { height: 1fr; }
    PhotoViewer > #viewer-meta { height: 1; color: $text; background: $panel; padding: 0 1; }
    PhotoViewer > #viewer-link { height: 1; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, detection: Detection, photos: Sequence[PhotoInfo], index: int = 0) -> None:
        super().__init__()
        self.detection = detection
        self.photos = list(photos)
        self.index = max(0, min(index, len(self.photos) - 1))
        self.zoom_view = View()

    def compose(self) -> ComposeResult:
        """The picture, its metadata line, its link, the keys."""
        yield PictureView(self.detection, id="viewer-picture")
        yield Static("", id="viewer-meta", markup=False)
        yield Static("", id="viewer-link", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Show the first photo."""
        self._show()

    @property
    def photo(self) -> PhotoInfo:
        """The photo shown."""
        return self.photos[self.index]

    def _show(self) -> None:
        if not self.photos:
            self.query_one("#viewer-meta", Static).update("No photos in this session yet.")
            return
        photo = self.photo
        self.query_one(PictureView).show(photo.path, self.zoom_view)
        shown = shareable_url(photo.url) or photo.path
        self.query_one("#viewer-link", Static).update(file_link(shown, photo.path, photo.url))
        self.run_worker(self._load_metadata(photo, self.index), group="viewer-meta", exclusive=True)

    async def _load_metadata(self, photo: PhotoInfo, index: int) -> None:
        metadata = await asyncio.to_thread(read_metadata, photo.path)
        line = describe(photo, metadata, index, len(self.photos))
        if self.zoom_view.zoom > 1:
            line = f"zoom {self.zoom_view.zoom:g}x · {line}"
        self.query_one("#viewer-meta", Static).update(line)

    # -- keys -------------------------------------------------------------------------------

    def action_next(self) -> None:
        """The next photo (wraps around)."""
        self._go(1)

    def action_previous(self) -> None:
        """The previous photo."""
        self._go(-1)

    def _go(self, step: int) -> None:
        if len(self.photos) > 1:
            self.index = (self.index + step) % len(self.photos)
            self.zoom_view = View()
            self._show()

    def action_step(self, dx: int, dy: int) -> None:
        """Arrows: pan while zoomed in; otherwise left/right change the photo."""
        if self.zoom_view.zoom > 1:
            self._pan(dx, dy)
        elif dx:
            self._go(dx)

    def _pan(self, dx: int, dy: int) -> None:
        view = self.zoom_view
        half = 0.5 / view.zoom
        x = min(max(half, view.center[0] + dx * PAN_STEP / view.zoom), 1 - half)
        y = min(max(half, view.center[1] + dy * PAN_STEP / view.zoom), 1 - half)
        self.zoom_view = replace(view, center=(x, y))
        self._show()

    def action_zoom(self, factor: float) -> None:
        """``+`` doubles the zoom, ``-`` halves it (1x: the whole photo)."""
        zoom = min(MAX_ZOOM, max(1.0, self.zoom_view.zoom * factor))
        center = self.zoom_view.center if zoom > 1 else (0.5, 0.5)
        if zoom != self.zoom_view.zoom:
            self.zoom_view = View(zoom, center)
            self._pan(0, 0)

    def action_copy_link(self) -> None:
        """Copy the photo's URL (cloud) or file path (local)."""
        if not self.photos:
            return
        photo = self.photo
        text = shareable_url(photo.url) or photo.path
        copy = getattr(self.app, "copy_text", self.app.copy_to_clipboard)
        copy(text)
        self.notify(text, title="Copied", markup=False)

    def action_close(self) -> None:
        """Back to the chat."""
        self.dismiss(None)
