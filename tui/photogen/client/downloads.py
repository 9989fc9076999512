"""Downloads: streamed to a temp file beside the target, then linked into place.

- Relative URLs are resolved against the base URL.
- The bearer token goes only to the API's own origin, never to a CDN or other host.
- The file name is sanitised (:func:`safe_filename`) and never overwrites an existing
  file: ``name.ext``, ``name-2.ext``, ``name-3.ext`` … The final step is a hard link
  (fails if the name exists, so no race can overwrite) or, where links are not
  supported, an ``os.replace`` after an existence check.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import httpx

from photogen.client.envelope import is_web_page
from photogen.client.errors import LocalFileError, WebPageAnswer
from photogen.client.transport import Transport, guard
from photogen.wire.safety import safe_filename

Progress = Callable[[int, int], None]


def resolve(base_url: str, url: str) -> httpx.URL:
    """``url`` made absolute against ``base_url``."""
    return httpx.URL(base_url + "/").join(url)


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    """Scheme, host and port are equal (default ports filled in)."""
    return (a.scheme, a.host, a.port or _port(a)) == (b.scheme, b.host, b.port or _port(b))


def _port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def free_path(dest_dir: Path, filename: str) -> Path:
    """The first name of ``name.ext``, ``name-2.ext`` … not taken in ``dest_dir``."""
    name = safe_filename(filename, default="download")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    candidate, n = dest_dir / name, 1
    while candidate.exists():
        n += 1
        candidate = dest_dir / f"{stem}-{n}{suffix}"
    return candidate


def place(tmp: Path, dest_dir: Path, filename: str) -> Path:
    """Move ``tmp`` to a free name in ``dest_dir`` without ever overwriting a file."""
    for _ in range(1000):
        target = free_path(dest_dir, filename)
        try:
            os.link(tmp, target)
        except FileExistsError:
            continue  # taken between the check and the link: try the next name
        except OSError:  # no hard links here (some file systems)
            if target.exists():
                continue
            os.replace(tmp, target)
            return target
        tmp.unlink(missing_ok=True)
        return target
    raise LocalFileError(f"No free file name for {filename} in {dest_dir}.")


async def fetch(
    transport: Transport,
    url: str,
    dest_dir: Path,
    filename: str,
    progress: Progress | None = None,
) -> Path:
    """Download ``url`` into ``dest_dir`` under a free, sanitised ``filename``."""
    target = resolve(transport.settings.base_url, url)
    own = same_origin(target, httpx.URL(transport.settings.base_url))
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LocalFileError(f"Cannot create {dest_dir}: {exc.strerror or exc}") from None
    tmp = await transport.retrying(
        lambda: _to_temp(transport, target, own, dest_dir, progress), authed=own
    )
    try:
        return place(tmp, dest_dir, filename)
    finally:
        tmp.unlink(missing_ok=True)


async def _to_temp(
    transport: Transport,
    url: httpx.URL,
    authed: bool,
    dest_dir: Path,
    progress: Progress | None,
) -> Path:
    endpoint = url.path if authed else f"{url.host}{url.path}"
    request = transport.http.build_request("GET", url, headers=transport.headers(authed))
    with guard(endpoint):
        response = await transport.http.send(request, stream=True)
    try:
        if not response.is_success:
            with guard(endpoint):
                content = await response.aread()
            transport.check(response, endpoint, content)  # raises the ApiError
        if is_web_page(response.headers.get("content-type", "")):
            raise WebPageAnswer(status=response.status_code, endpoint=endpoint)
        return await _write(response, dest_dir, endpoint, progress)
    finally:
        await response.aclose()


async def _write(
    response: httpx.Response, dest_dir: Path, endpoint: str, progress: Progress | None
) -> Path:
    total = int(response.headers.get("content-length", "0") or 0)
    fd, name = tempfile.mkstemp(dir=dest_dir, prefix=".download-", suffix=".part")
    tmp, done = Path(name), 0
    try:
        with os.fdopen(fd, "wb") as fh, guard(endpoint):
            async for chunk in response.aiter_bytes():
                fh.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _use_default_mode(tmp)
    return tmp


def _use_default_mode(path: Path) -> None:
    """mkstemp makes 0600 files; a saved photo or video gets the user's usual mode."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)
