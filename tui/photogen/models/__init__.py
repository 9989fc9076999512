"""Models on demand: a catalogue, a store under the data dir, and ``pull`` from the hub.

Layer: beside the server, below the CLI. It never imports textual, the UI, core, client
or server; the engine loaders live in :mod:`photogen.engine` and take plain paths, so
this package only maps model names to folders. Nothing here touches the network except
:func:`photogen.models.pull.pull`, which runs only when the user asks for a download.
"""

from __future__ import annotations

from photogen.models.catalogue import CATALOGUE, ModelSpec, find_spec
from photogen.models.store import InstalledModel, ModelStore, default_models_dir

__all__ = [
    "CATALOGUE",
    "InstalledModel",
    "ModelSpec",
    "ModelStore",
    "default_models_dir",
    "find_spec",
]
