"""Open photogen's full-screen viewer on image files, with the terminal's own detection.

A check of how pictures look in a real terminal (used by ``terminal_screenshots.py``
for a real photograph)::

    .venv/bin/python screenshots/show_photos.py photo.jpg [more.png ...]
"""

from __future__ import annotations

import os
import sys

from textual.app import App

from photogen.ui.images.detect import Detection, detect_terminal
from photogen.ui.screens.viewer import PhotoInfo, PhotoViewer


class ShowPhotos(App[None]):
    """The viewer alone; Esc quits."""

    def __init__(self, detection: Detection, paths: list[str]) -> None:
        super().__init__()
        self.detection = detection
        self.paths = paths

    def on_mount(self) -> None:
        """Open the viewer; closing it quits."""
        photos = [PhotoInfo(path) for path in self.paths]
        self.push_screen(PhotoViewer(self.detection, photos), lambda _: self.exit())


def main(argv: list[str]) -> int:
    """Show the files named on the command line."""
    if not argv:
        print(__doc__)
        return 2
    detection = detect_terminal()
    if detection.truecolor:
        os.environ.setdefault("COLORTERM", "truecolor")
    ShowPhotos(detection, argv).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
