"""The studio engine: deterministic, procedural photos from a prompt, on any CPU.

It is not a neural model. It draws a fixed vocabulary (products on studio sets,
landscapes under skies by time of day, colour grades and lens effects) and says
so when a prompt asks for something else (see ``SceneSpec.fallback``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from photogen.engine.prompt import SceneSpec, describe_scene, parse_prompt
from photogen.engine.sizes import size_for_aspect
from photogen.engine.studio.compose import render

ENGINE_NAME = "photogen-studio/1"

__all__ = ["ENGINE_NAME", "Generated", "generate"]


@dataclass
class Generated:
    """A generated photo and how it was made."""

    image: Image.Image
    """The picture, RGB."""
    spec: SceneSpec
    """What the engine understood from the prompt."""
    seed: int
    engine: str
    """Engine name and version, for the image's metadata."""
    prompt: str = ""
    notes: list[str] = field(default_factory=list)
    """Human sentences for the reply (e.g. the fallback when a subject was unknown)."""


def generate(
    prompt: str,
    seed: int = 0,
    aspect: str | None = "1:1",
    scale: int = 1,
    spec: SceneSpec | None = None,
    *,
    _size: tuple[int, int] | None = None,
) -> Generated:
    """Make a photo from a prompt.

    Args:
        prompt: What to draw, in English and/or Chinese.
        seed: Variation number; the same prompt, seed and size give the same pixels.
        aspect: Canonical aspect (see :mod:`photogen.engine.sizes`); when None, the aspect
            named in the prompt, else square.
        scale: 1 or 2 (double resolution).
        spec: A spec to draw instead of parsing ``prompt`` (the prompt still seeds it).
        _size: Explicit (width, height), for fast tests.

    Returns:
        The picture with its spec, seed, engine name and notes.

    Raises:
        ValueError: Unknown aspect or scale.
    """
    spec = spec or parse_prompt(prompt)
    width, height = _size or size_for_aspect(aspect or spec.aspect or "1:1", scale)
    pixels = render(spec, prompt, int(seed), width, height)
    notes = [spec.fallback] if spec.fallback else []
    notes.append(f"Made {describe_scene(spec)} (seed {seed}) with {ENGINE_NAME}.")
    return Generated(Image.fromarray(pixels, "RGB"), spec, int(seed), ENGINE_NAME, prompt, notes)
