"""A loopback stand-in for the Hugging Face hub: the part ``huggingface_hub`` downloads with.

It speaks what ``HfApi.model_info(files_metadata=True)`` and ``hf_hub_download`` use:

- ``GET /api/models/{repo}/revision/{rev}``: the listing with every file's size, git blob
  id and, for large files, LFS size and SHA-256;
- ``HEAD`` and ``GET /{repo}/resolve/{rev}/{path}``: ``X-Repo-Commit``, ``ETag`` (the git
  blob id, or the SHA-256 for LFS files, also as ``X-Linked-Etag``/``X-Linked-Size``),
  ``Content-Length``, and ``Range: bytes=N-`` answered with 206;
- errors as the hub words them: 404 with ``X-Error-Code: RepoNotFound`` /
  ``EntryNotFound``, 401 with ``GatedRepo`` for a gated repo without the right token.

Faults a test can ask for, each once per file unless it says otherwise: drop the
connection after N bytes (``drop_after``), serve one byte changed (``corrupt_once``), or
always serve it changed (``corrupt_always``). Test code only; never shipped.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

LFS_SUFFIXES = (".safetensors", ".onnx", ".bin", ".ckpt")


@dataclass
class FakeRepo:
    """One repository: its files (path -> bytes) at one commit."""

    files: dict[str, bytes]
    commit: str
    gated_token: str | None = None

    @classmethod
    def from_folder(
        cls,
        folder: Path,
        commit: str,
        extra: dict[str, bytes] | None = None,
        gated_token: str | None = None,
    ) -> FakeRepo:
        """Every file under ``folder`` (as POSIX paths), plus ``extra``."""
        files = {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }
        return cls({**files, **(extra or {})}, commit, gated_token)


def is_lfs(path: str) -> bool:
    """Whether the hub would keep ``path`` in LFS (weights) rather than in git."""
    return path.endswith(LFS_SUFFIXES)


def git_blob_id(data: bytes) -> str:
    """The git object id of a blob holding ``data``."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass
class FakeHub:
    """The server's state: repositories, faults to inject, and a log of requests."""

    repos: dict[str, FakeRepo] = field(default_factory=dict)
    drop_after: dict[str, int] = field(default_factory=dict)
    corrupt_once: set[str] = field(default_factory=set)
    corrupt_always: set[str] = field(default_factory=set)
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def gets(self, path_suffix: str) -> list[str | None]:
        """The Range header of every GET of a file ending in ``path_suffix``."""
        with self._lock:
            return [
                r
                for method, p, r in self.requests
                if method == "GET" and "/resolve/" in p and p.endswith(path_suffix)
            ]


def start_fake_hub(hub: FakeHub) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Serves ``hub`` on 127.0.0.1 at a free port; ``hub.url`` is set to its address."""
    handler = type("Handler", (_Handler,), {"hub": hub})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fake-hub", daemon=True)
    thread.start()
    return server, thread


class _Handler(BaseHTTPRequestHandler):
    hub: FakeHub
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: object) -> None:  # quiet test output
        return

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        with self.hub._lock:
            self.hub.requests.append((self.command, path, self.headers.get("Range")))
        if path.startswith("/api/models/"):
            self._listing(path.removeprefix("/api/models/"), body)
        elif "/resolve/" in path:
            repo_id, _, rest = path.lstrip("/").partition("/resolve/")
            revision, _, filename = rest.partition("/")
            self._file(repo_id, revision, filename, body)
        else:
            self._error(404, "RepoNotFound", "no such route")

    def _repo(self, repo_id: str) -> FakeRepo | None:
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound", f"Repository Not Found for url: {repo_id}")
            return None
        if repo.gated_token and self.headers.get("Authorization") != f"Bearer {repo.gated_token}":
            self._error(401, "GatedRepo", f"Access to model {repo_id} is restricted.")
            return None
        return repo

    def _listing(self, rest: str, body: bool) -> None:
        repo_id, _, _revision = rest.partition("/revision/")
        repo = self._repo(repo_id)
        if repo is None:
            return
        siblings = []
        for name, data in sorted(repo.files.items()):
            entry: dict[str, object] = {
                "rfilename": name,
                "size": len(data),
                "blobId": git_blob_id(data),
            }
            if is_lfs(name):
                entry["lfs"] = {
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "pointerSize": 134,
                }
            siblings.append(entry)
        payload = json.dumps(
            {
                "id": repo_id,
                "modelId": repo_id,
                "sha": repo.commit,
                "private": False,
                "siblings": siblings,
            }
        ).encode()
        self._send(
            200, {"Content-Type": "application/json"}, payload if body else b"", len(payload)
        )

    def _file(self, repo_id: str, revision: str, filename: str, body: bool) -> None:
        repo = self._repo(repo_id)
        if repo is None:
            return
        data = repo.files.get(filename)
        if data is None or revision not in (repo.commit, "main"):
            self._error(404, "EntryNotFound", f"{filename} not found")
            return
        etag = hashlib.sha256(data).hexdigest() if is_lfs(filename) else git_blob_id(data)
        headers = {
            "X-Repo-Commit": repo.commit,
            "ETag": f'"{etag}"',
            "Accept-Ranges": "bytes",
            "Content-Type": "application/octet-stream",
        }
        if is_lfs(filename):
            headers |= {"X-Linked-Etag": f'"{etag}"', "X-Linked-Size": str(len(data))}
        if not body:
            self._send(200, headers, b"", len(data))
            return
        self._send_file(filename, self._served_bytes(filename, data), headers)

    def _served_bytes(self, filename: str, data: bytes) -> bytes:
        with self.hub._lock:
            bad = filename in self.hub.corrupt_always or filename in self.hub.corrupt_once
            self.hub.corrupt_once.discard(filename)
        if not bad or not data:
            return data
        return data[:-1] + bytes([data[-1] ^ 0xFF])

    def _send_file(self, filename: str, data: bytes, headers: dict[str, str]) -> None:
        start = _range_start(self.headers.get("Range"))
        status = 206 if start else 200
        if start:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        chunk = data[start:]
        with self.hub._lock:
            cut = self.hub.drop_after.pop(filename, None)
        if cut is None or cut >= len(chunk):
            self._send(status, headers, chunk, len(chunk))
            return
        # Promise the whole file, send part of it, then cut the connection.
        self._send_headers(status, headers, len(chunk))
        self.wfile.write(chunk[:cut])
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def _error(self, status: int, code: str, message: str) -> None:
        payload = json.dumps({"error": message}).encode()
        self._send(
            status,
            {"X-Error-Code": code, "X-Error-Message": message, "Content-Type": "application/json"},
            payload,
            len(payload),
        )

    def _send(self, status: int, headers: dict[str, str], payload: bytes, length: int) -> None:
        self._send_headers(status, headers, length)
        if payload and self.command != "HEAD":
            self.wfile.write(payload)

    def _send_headers(self, status: int, headers: dict[str, str], length: int) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(length))
        self.end_headers()


def _range_start(header: str | None) -> int:
    if not header or not header.startswith("bytes="):
        return 0
    first = header.removeprefix("bytes=").split("-", 1)[0]
    return int(first) if first.isdigit() else 0
