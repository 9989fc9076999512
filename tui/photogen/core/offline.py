"""What the embedded server will draw with, in words, for the app's F1 screen."""

from __future__ import annotations

from photogen.core.settings import Settings


def offline_engines(settings: Settings) -> list[str]:
    """``"Photos: lcm-dreamshaper (installed)"`` and the like, one line per job.

    Reads the models folder's manifests (small files); loads nothing.
    """
    from photogen.models.store import ModelStore
    from photogen.models.summary import in_use

    return in_use(ModelStore(), settings.model_dir)
