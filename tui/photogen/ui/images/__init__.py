"""Pictures in the terminal: detection, encoders (sixel, kitty, iTerm2, quadrant, half-block)
and the widget that draws them inside Textual's rendering."""

from __future__ import annotations

from photogen.ui.images.detect import Detection, ImageProtocol, detect_protocol
from photogen.ui.images.halfblock import PixelGrid

__all__ = ["Detection", "ImageProtocol", "PixelGrid", "detect_protocol"]
