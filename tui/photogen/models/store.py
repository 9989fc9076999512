"""Where pulled models live: one folder per model under ``<data dir>/models``.

A folder holds the repository's files as the hub lays them out (a diffusers pipeline
folder, or ``onnx/model.onnx``) and, written last, ``photogen-model.json``: the commit,
every file with its size and hash, and when it was pulled. A model counts as installed
only when that manifest exists, so a pull that was cut off never looks installed.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from photogen.models.catalogue import ModelSpec, find_spec

MANIFEST = "photogen-model.json"
MODELS_DIR_ENV = "PHOTOGEN_MODELS_DIR"
"""Environment variable naming the models folder; otherwise ``<user data dir>/models``."""


def default_models_dir() -> Path:
    """``PHOTOGEN_MODELS_DIR`` or ``<user data dir>/photogen-tui/models``."""
    value = os.environ.get(MODELS_DIR_ENV, "").strip()
    if value:
        return Path(value).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("photogen-tui")) / "models"


@dataclass(frozen=True)
class FileRecord:
    """One fetched file: its size and the hash it was verified against."""

    size: int
    sha256: str | None = None
    git_sha1: str | None = None


@dataclass(frozen=True)
class InstalledModel:
    """A model whose pull finished and verified.

    Attributes:
        name: the catalogue name.
        folder: where its files are.
        repo_id: the hub repository it came from.
        commit: the exact commit fetched.
        files: path inside the folder -> size and hash.
        pulled_at: ISO time of the pull (UTC).
    """

    name: str
    folder: Path
    repo_id: str
    commit: str
    files: dict[str, FileRecord]
    pulled_at: str

    @property
    def total_bytes(self) -> int:
        """Bytes of every fetched file."""
        return sum(record.size for record in self.files.values())

    @property
    def spec(self) -> ModelSpec | None:
        """Its catalogue entry (None if the catalogue no longer has it)."""
        return find_spec(self.name)

    @property
    def load_path(self) -> Path:
        """What a loader opens: the pipeline folder, or the ONNX file."""
        spec = self.spec
        if spec is not None and spec.matting is not None:
            return self.folder / spec.matting.file
        return self.folder


class ModelStore:
    """The models folder: what is installed, where, and removing it."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or default_models_dir()).expanduser()

    def folder(self, name: str) -> Path:
        """The folder of model ``name`` (a catalogue name, never outside text)."""
        if find_spec(name) is None:
            raise KeyError(f"no model called {name!r} in the catalogue")
        return self.root / name

    def get(self, name: str) -> InstalledModel | None:
        """Model ``name`` if it is installed (its manifest reads), else None."""
        try:
            folder = self.folder(name)
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            files = {path: FileRecord(**record) for path, record in data["files"].items()}
            return InstalledModel(
                name,
                folder,
                str(data["repo_id"]),
                str(data["commit"]),
                files,
                str(data["pulled_at"]),
            )
        except (KeyError, OSError, ValueError, TypeError):
            return None

    def installed(self) -> list[InstalledModel]:
        """Every installed catalogue model, in catalogue order."""
        from photogen.models.catalogue import CATALOGUE

        found = (self.get(spec.name) for spec in CATALOGUE)
        return [model for model in found if model is not None]

    def is_partial(self, name: str) -> bool:
        """Whether a pull of ``name`` started but never finished."""
        folder = self.folder(name)
        return folder.is_dir() and not (folder / MANIFEST).is_file()

    def disk_bytes(self, name: str) -> int:
        """Bytes the folder of ``name`` takes on disk now (0 if absent)."""
        folder = self.folder(name)
        if not folder.is_dir():
            return 0
        return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())

    def write_manifest(
        self, name: str, repo_id: str, commit: str, files: dict[str, FileRecord]
    ) -> InstalledModel:
        """Marks ``name`` installed: written last, atomically, after every file verified."""
        folder = self.folder(name)
        data = {
            "name": name,
            "repo_id": repo_id,
            "commit": commit,
            "pulled_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "files": {path: asdict(record) for path, record in sorted(files.items())},
        }
        partial = folder / (MANIFEST + ".tmp")
        partial.write_text(json.dumps(data, indent=2), encoding="utf-8")
        partial.replace(folder / MANIFEST)
        model = self.get(name)
        assert model is not None
        return model

    def remove(self, name: str) -> int:
        """Deletes model ``name`` (installed or partial); returns the bytes freed."""
        freed = self.disk_bytes(name)
        folder = self.folder(name)
        if folder.is_dir():
            shutil.rmtree(folder)
        return freed
