"""The upload service behind ``POST /api/upload-video/...`` (api-contract §3.2).

Multipart bodies are parsed as they stream in (python-multipart's push parser
fed from ``request.stream()``), each file written to disk chunk by chunk, its
type checked from the first bytes and its size on every chunk. A refused body is
drained (up to one more upload limit) so the client can read the 4001/4002
answer instead of a reset connection. Any failure (a refusal, a body that does
not parse, a client that goes away) deletes every file the request wrote.

JSON ``{"urls": [...]}`` bodies are fetched only from loopback: the offline
server never downloads from the network. On this server's own port only
``/media/...`` links are fetched (no other route, no ``..`` segments), so a URL
upload can never call back into the API (a request that recurses into itself or
acts with side effects). Redirects are not followed. A fetched file goes through
the same :class:`~photogen.server.incoming.FileSink` checks as a multipart one:
type from the first bytes (4001) and size on every chunk (4002).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import ValidationError

from photogen.server.config import ServerConfig
from photogen.server.errors import BadRequest, ServerError
from photogen.server.incoming import FileSink, SavedFile, probe
from photogen.server.multipart import MultipartUpload, boundary_of
from photogen.server.store import Store
from photogen.wire.safety import is_loopback
from photogen.wire.upload import UrlUpload

_BATCH_BYTES = 1024 * 1024  # hand the parser ~1 MB per worker-thread hop
_MAX_JSON_BYTES = 64 * 1024


async def _batches(stream: AsyncIterator[bytes]) -> AsyncIterator[list[bytes]]:
    batch: list[bytes] = []
    size = 0
    async for chunk in stream:
        batch.append(chunk)
        size += len(chunk)
        if size >= _BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


async def receive_multipart(
    content_type: str, stream: AsyncIterator[bytes], config: ServerConfig
) -> list[SavedFile]:
    """Parse a multipart body as it streams in; every file written and checked.

    Raises:
        ServerError: 4001/4002 for a refused file, 400 for a body that does not parse;
            the rest of a refused body is drained, and nothing it wrote is left behind.
    """
    upload = MultipartUpload(boundary_of(content_type), config.media_dir, config.upload_limit_bytes)
    try:
        async for batch in _batches(stream):
            await asyncio.to_thread(upload.write_many, batch)
        return await asyncio.to_thread(upload.finish)
    except BaseException as exc:  # refusal, parse error, disconnect, cancel: no leftovers
        await asyncio.shield(asyncio.to_thread(upload.discard))
        if isinstance(exc, ServerError):
            await _drain(stream, config.upload_limit_bytes)
        raise


async def _drain(stream: AsyncIterator[bytes], bound: int) -> None:
    """Read and drop the rest of a refused body, up to ``bound`` bytes."""
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > bound:
            return


async def receive_urls(
    stream: AsyncIterator[bytes], config: ServerConfig, own_ports: frozenset[int]
) -> list[SavedFile]:
    """Fetch the loopback URLs of a JSON ``{"urls": [...]}`` body, each checked like a file.

    Args:
        stream: The request body.
        config: Upload limit and media dir.
        own_ports: The ports this server answers on (only ``/media/`` is fetched there).
    """
    raw = b""
    async for chunk in stream:
        raw += chunk
        if len(raw) > _MAX_JSON_BYTES:
            raise BadRequest("JSON upload body too large")
    try:
        body = UrlUpload.model_validate_json(raw)
    except ValidationError as exc:
        raise BadRequest('Expected JSON {"urls": [...]}') from exc
    if not body.urls:
        raise BadRequest("No URLs given")
    saved: list[SavedFile] = []
    try:
        for url in body.urls:
            saved.append(await _fetch(url, config, own_ports))
    except BaseException:
        for item in saved:
            await asyncio.shield(asyncio.to_thread(item.slot.path.unlink, True))
        raise
    return saved


def _is_own_api(url: str, own_ports: frozenset[int]) -> bool:
    """True for a URL on this server's port that is not a plain ``/media/...`` file."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return True  # a port that does not parse: refuse rather than guess
    if port not in own_ports:
        return False
    path = unquote(parts.path)
    segments = path.replace("\\", "/").split("/")
    return not path.startswith("/media/") or ".." in segments or "." in segments


async def _fetch(url: str, config: ServerConfig, own_ports: frozenset[int]) -> SavedFile:
    """Stream one loopback URL into a :class:`FileSink`."""
    import httpx

    if not is_loopback(url):
        raise BadRequest(
            "The offline server does not download from the network; upload the file instead",
        )
    if _is_own_api(url, own_ports):
        raise BadRequest(
            "Only this server's own /media/ files can be uploaded by URL, not its other routes",
        )
    name = urlsplit(url).path.rsplit("/", 1)[-1] or "download"
    sink = FileSink(config.media_dir, name, config.upload_limit_bytes)
    try:
        async with httpx.AsyncClient(timeout=30.0) as client, client.stream("GET", url) as resp:
            if resp.status_code != 200:
                raise BadRequest(f"Could not fetch {name}: HTTP {resp.status_code}")
            async for chunk in resp.aiter_bytes(_BATCH_BYTES):
                await asyncio.to_thread(sink.feed, chunk)
        return await asyncio.to_thread(sink.finish)
    except httpx.HTTPError as exc:
        await asyncio.to_thread(sink.discard)
        raise BadRequest(f"Could not fetch {name}") from exc
    except BaseException:
        await asyncio.shield(asyncio.to_thread(sink.discard))
        raise


def register(
    store: Store, user_id: str, session_id: str, saved: list[SavedFile]
) -> list[dict[str, Any]]:
    """Probe, record and append to ``video_infos``; returns the ``files`` items."""
    items = []
    for item in saved:
        store.add_media(
            item.slot.key, user_id, session_id, item.slot.relpath, item.filename, item.file_type
        )
        info = {
            "filename": item.filename,
            "file_type": item.file_type,
            "cdn_url": item.slot.url,
            "format": item.extension,
            "size": item.size,
            "hash": item.sha256[:16],
            **probe(item),
        }
        items.append(info)
    store.update_state(session_id, lambda state: state.setdefault("video_infos", []).extend(items))
    return items
