"""Pictures in the terminal: protocol detection and kitty / sixel / half-block encoders."""

from __future__ import annotations

from photogen.ui.images.detect import ImageProtocol, detect_protocol
from photogen.ui.images.halfblock import HalfBlock, PixelGrid

__all__ = ["HalfBlock", "ImageProtocol", "PixelGrid", "detect_protocol"]
