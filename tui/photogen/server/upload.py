"""``POST /api/upload-video/nemo_agent/me/{session_id}`` (api-contract §3.2).

Multipart bodies are parsed as they stream in (python-multipart's push parser
fed from ``request.stream()``), each file written to disk chunk by chunk, its
type checked from the first bytes and its size on every chunk. A refused body is
drained (up to one more upload limit) so the client can read the 4001/4002
answer instead of a reset connection. JSON ``{"urls": [...]}`` bodies are
fetched only from loopback: the offline server never downloads from the network.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from pydantic import ValidationError

from photogen.server.config import ServerConfig
from photogen.server.deps import Config, StoreDep, UserId, absolutize, base_url, owned_session
from photogen.server.errors import ServerError, bad_request
from photogen.server.incoming import FileSink, SavedFile, probe
from photogen.server.multipart import MultipartUpload, boundary_of
from photogen.server.store import Store
from photogen.wire.envelope import ok
from photogen.wire.upload import UrlUpload

router = APIRouter()
_BATCH_BYTES = 1024 * 1024  # hand the parser ~1 MB per worker-thread hop
_MAX_JSON_BYTES = 64 * 1024


@router.post("/api/upload-video/nemo_agent/me/{session_id}")
async def upload(
    session_id: str, request: Request, user_id: UserId, store: StoreDep, config: Config
) -> dict[str, Any]:
    """Store the files (multipart ``files``) or loopback URLs, add them to ``video_infos``."""
    await owned_session(store, user_id, session_id)
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        saved = await _receive_multipart(request, config)
    elif ctype.startswith("application/json"):
        saved = await _receive_urls(request, config)
    else:
        raise bad_request(
            "Send multipart/form-data with a 'files' field, or JSON {\"urls\": [...]}",
        )
    items = await asyncio.to_thread(_register, store, user_id, session_id, saved)
    return ok({"files": absolutize(items, base_url(request)), "session_state_applied": True})


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


async def _receive_multipart(request: Request, config: ServerConfig) -> list[SavedFile]:
    upload = MultipartUpload(
        boundary_of(request.headers["content-type"]), config.media_dir, config.upload_limit_bytes
    )
    stream = request.stream()
    try:
        async for batch in _batches(stream):
            await asyncio.to_thread(upload.write_many, batch)
        return await asyncio.to_thread(upload.finish)
    except ServerError:
        await asyncio.to_thread(upload.discard)
        await _drain(stream, config.upload_limit_bytes)
        raise


async def _drain(stream: AsyncIterator[bytes], bound: int) -> None:
    """Read and drop the rest of a refused body, up to ``bound`` bytes."""
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > bound:
            return


async def _receive_urls(request: Request, config: ServerConfig) -> list[SavedFile]:
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > _MAX_JSON_BYTES:
            raise bad_request("JSON upload body too large")
    try:
        body = UrlUpload.model_validate_json(raw)
    except ValidationError as exc:
        raise bad_request('Expected JSON {"urls": [...]}') from exc
    if not body.urls:
        raise bad_request("No URLs given")
    saved: list[SavedFile] = []
    try:
        for url in body.urls:
            saved.append(await _fetch(url, config))
    except ServerError:
        for item in saved:
            await asyncio.to_thread(item.slot.path.unlink, True)
        raise
    return saved


def _is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _fetch(url: str, config: ServerConfig) -> SavedFile:
    """Stream one loopback URL into a :class:`FileSink`."""
    import httpx

    if not _is_loopback(url):
        raise bad_request(
            "The offline server does not download from the network; upload the file instead",
        )
    name = urlsplit(url).path.rsplit("/", 1)[-1] or "download"
    sink = FileSink(config.media_dir, name, config.upload_limit_bytes)
    try:
        async with httpx.AsyncClient(timeout=30.0) as client, client.stream("GET", url) as resp:
            if resp.status_code != 200:
                raise bad_request(f"Could not fetch {name}: HTTP {resp.status_code}")
            async for chunk in resp.aiter_bytes(_BATCH_BYTES):
                await asyncio.to_thread(sink.feed, chunk)
        return await asyncio.to_thread(sink.finish)
    except httpx.HTTPError as exc:
        await asyncio.to_thread(sink.discard)
        raise bad_request(f"Could not fetch {name}") from exc
    except ServerError:
        await asyncio.to_thread(sink.discard)
        raise


def _register(
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
