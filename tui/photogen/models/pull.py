"""``models pull``: fetch a catalogue model from the Hugging Face hub, verify it, install it.

The hub is reached through ``huggingface_hub`` (it honours ``HF_ENDPOINT`` for mirrors and
``HF_TOKEN`` for gated models); this module is the only place that downloads, and only
when the user asks. The steps:

1. Ask the hub for the repository's listing at the wanted revision, with every file's size
   and hash, and pick the files the catalogue's patterns name (safetensors over pickles).
2. Fetch each file into the model's folder at that exact commit. A connection cut in the
   middle of a file resumes from where it stopped (HTTP Range, a few tries); a pull that
   was stopped keeps every finished file and fetches only the rest next time.
3. Verify each file: its size, and its SHA-256 (large LFS files) or git blob hash (small
   files) against the listing. A file that fails is fetched once more; failing again, the
   pull stops with the reason and the model is not installed.
4. Write the manifest last (:mod:`photogen.models.store`): only then is it installed.
"""

from __future__ import annotations

import fnmatch
import hashlib
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from photogen.models.catalogue import ModelSpec
from photogen.models.store import FileRecord, InstalledModel, ModelStore
from photogen.wire.safety import strip_control

_HASH_CHUNK = 4 * 1024 * 1024


class PullError(Exception):
    """A pull that could not finish; the message says why in plain words."""


@dataclass(frozen=True)
class RemoteFile:
    """One file of the repository listing: path, size and the hash to check it against."""

    path: str
    size: int
    sha256: str | None = None
    git_sha1: str | None = None


class PullProgress(Protocol):
    """What a pull reports while it runs (a terminal bar, plain lines, a test recorder)."""

    def started(self, spec: ModelSpec, files: int, total_bytes: int) -> None: ...
    def advanced(self, nbytes: int) -> None: ...
    def noted(self, text: str) -> None: ...
    def finished(self, model: InstalledModel) -> None: ...


def remote_files(
    spec: ModelSpec, endpoint: str | None = None, token: str | None = None
) -> tuple[str, list[RemoteFile]]:
    """The commit and the files ``spec`` needs, from the hub's listing.

    Raises:
        PullError: the hub cannot be reached, refuses, or lists none of the files.
    """
    from huggingface_hub import HfApi

    with _hub_errors(spec):
        info = HfApi(endpoint=endpoint, token=token).model_info(
            spec.repo_id, revision=spec.revision, files_metadata=True
        )
    listing = [_remote(sibling) for sibling in info.siblings or []]
    chosen = select_files(listing, spec.allow, spec.ignore)
    if not chosen:
        raise PullError(f"{spec.repo_id} lists none of the files {spec.name} needs")
    if spec.runtime == "diffusers" and not any(f.path == "model_index.json" for f in chosen):
        raise PullError(f"{spec.repo_id} is not a diffusers pipeline (no model_index.json)")
    return str(info.sha), chosen


def select_files(
    listing: list[RemoteFile], allow: tuple[str, ...], ignore: tuple[str, ...] = ()
) -> list[RemoteFile]:
    """The files matching ``allow`` and not ``ignore``; safetensors win over pickles.

    Raises:
        PullError: a listed path that could escape the model folder.
    """
    chosen = [
        f
        for f in listing
        if any(fnmatch.fnmatch(f.path, p) for p in allow)
        and not any(fnmatch.fnmatch(f.path, p) for p in ignore)
    ]
    for f in chosen:
        check_repo_path(f.path)
    with_safetensors = {_folder(f.path) for f in chosen if f.path.endswith(".safetensors")}
    return [
        f for f in chosen if not (f.path.endswith(".bin") and _folder(f.path) in with_safetensors)
    ]


def check_repo_path(path: str) -> None:
    """Refuses a repository path that is absolute, climbs out, or holds odd characters."""
    pure = PurePosixPath(path)
    bad = (
        not path
        or pure.is_absolute()
        or "\\" in path
        or ".." in pure.parts
        or strip_control(path) != path
        or any(part.startswith(".") for part in pure.parts)
    )
    if bad:
        raise PullError(f"the hub listed an unsafe file name: {strip_control(path)!r}")


def pull(
    spec: ModelSpec,
    store: ModelStore,
    progress: PullProgress,
    endpoint: str | None = None,
    token: str | None = None,
) -> InstalledModel:
    """Fetches, verifies and installs ``spec``; returns the installed model.

    Raises:
        PullError: why it could not finish (nothing is marked installed then).
    """
    commit, files = remote_files(spec, endpoint, token)
    folder = store.folder(spec.name)
    folder.mkdir(parents=True, exist_ok=True)
    _check_free_space(folder, files)
    progress.started(spec, len(files), sum(f.size for f in files))
    fetch = _Fetcher(spec, folder, commit, progress, endpoint, token)
    records = {f.path: fetch.verified(f) for f in files}
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    model = store.write_manifest(spec.name, spec.repo_id, commit, records)
    progress.finished(model)
    return model


class _Fetcher:
    """Fetches one file at a time at a fixed commit, reporting bytes as they arrive."""

    def __init__(
        self,
        spec: ModelSpec,
        folder: Path,
        commit: str,
        progress: PullProgress,
        endpoint: str | None,
        token: str | None,
    ) -> None:
        self.spec, self.folder, self.commit = spec, folder, commit
        self.progress, self.endpoint, self.token = progress, endpoint, token
        self._reported = 0

    def verified(self, remote: RemoteFile) -> FileRecord:
        """Fetches ``remote`` and checks it, once more if the check fails."""
        problem = ""
        for attempt in range(2):
            local = self._download(remote, force=attempt > 0)
            problem = verify_file(local, remote)
            if not problem:
                return FileRecord(remote.size, remote.sha256, remote.git_sha1)
            self.progress.noted(f"{remote.path}: {problem}; fetching it again")
            local.unlink(missing_ok=True)
        raise PullError(
            f"{remote.path} of {self.spec.name} failed verification twice ({problem}); "
            "nothing was installed. Run the pull again, or check HF_ENDPOINT if you use a mirror."
        )

    def _download(self, remote: RemoteFile, force: bool) -> Path:
        from huggingface_hub import hf_hub_download

        self._reported = 0
        with _hub_errors(self.spec):
            path = hf_hub_download(
                self.spec.repo_id,
                remote.path,
                revision=self.commit,
                local_dir=self.folder,
                endpoint=self.endpoint,
                token=self.token,
                force_download=force,
                tqdm_class=_bar_class(self._advance),
            )
        # A file already on disk from an earlier pull reports no bytes: count it now.
        self._advance(remote.size - self._reported)
        return Path(path)

    def _advance(self, nbytes: int) -> None:
        self._reported += nbytes
        if nbytes:
            self.progress.advanced(nbytes)


def verify_file(path: Path, remote: RemoteFile) -> str:
    """Why ``path`` is not the file the hub listed, or "" when it is."""
    size = path.stat().st_size if path.is_file() else -1
    if size != remote.size:
        return f"size {size} instead of {remote.size}"
    if remote.sha256 and _digest(path, hashlib.sha256()) != remote.sha256:
        return "SHA-256 differs from the hub's"
    if remote.git_sha1 and not remote.sha256:
        blob = hashlib.sha1(f"blob {size}\0".encode(), usedforsecurity=False)
        if _digest(path, blob) != remote.git_sha1:
            return "git hash differs from the hub's"
    return ""


def _digest(path: Path, digest: Any) -> str:
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return str(digest.hexdigest())


def _remote(sibling: Any) -> RemoteFile:
    lfs = getattr(sibling, "lfs", None)
    size = int(lfs.size if lfs is not None else (sibling.size or 0))
    return RemoteFile(
        sibling.rfilename, size, lfs.sha256 if lfs is not None else None, sibling.blob_id
    )


def _folder(path: str) -> str:
    return str(PurePosixPath(path).parent)


def _check_free_space(folder: Path, files: list[RemoteFile]) -> None:
    missing = sum(f.size for f in files if not _same_size(folder / f.path, f.size))
    free = shutil.disk_usage(folder).free
    if missing > free:
        raise PullError(
            f"the pull needs {missing / 1e9:.1f} GB more and {folder} has {free / 1e9:.1f} GB free"
        )


def _same_size(path: Path, size: int) -> bool:
    return path.is_file() and path.stat().st_size == size


def _bar_class(report: Callable[[int], None]) -> type:
    """A silent tqdm class that hands every byte count to ``report``."""
    from tqdm import tqdm

    class _Bar(tqdm):  # type: ignore[misc, type-arg]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)

        def update(self, n: float | None = 1) -> bool | None:
            report(int(n or 0))
            return None

    return _Bar


@contextmanager
def _hub_errors(spec: ModelSpec) -> Iterator[None]:
    """Turns the hub client's exceptions into a :class:`PullError` worded for people."""
    try:
        yield
    except (PullError, KeyboardInterrupt):
        raise
    except Exception as exc:
        message = describe_hub_error(spec, exc)
        if message is None:
            raise
        raise PullError(message) from exc


def describe_hub_error(spec: ModelSpec, exc: BaseException) -> str | None:
    """A sentence for a hub failure, or None for errors that are not the hub's."""
    from huggingface_hub import errors

    where = spec.repo_id
    if isinstance(exc, errors.GatedRepoError):
        return (
            f"{where} is gated: accept its terms at {spec.hub_url} while logged in, "
            "then set HF_TOKEN to a token of that account"
        )
    if isinstance(exc, errors.RepositoryNotFoundError):
        return f"the hub has no repository {where} (or it is private)"
    if isinstance(exc, errors.RevisionNotFoundError | errors.EntryNotFoundError):
        return f"{where} no longer has what the catalogue names: {_short(exc)}"
    if isinstance(exc, errors.OfflineModeIsEnabled):
        return "HF_HUB_OFFLINE is set, so nothing can be downloaded"
    if isinstance(exc, errors.HfHubHTTPError):
        return f"the hub refused ({_short(exc)})"
    if isinstance(exc, OSError) or type(exc).__module__.startswith(("httpx", "httpcore")):
        return f"could not download {where}: {_short(exc)}"
    return None


def _short(exc: BaseException) -> str:
    text = strip_control(str(exc)).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
