"""Generated photos: find them in tool results and keep cached copies for thumbnails."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from photogen.client.errors import NemoError
from photogen.core.private import private_dir, private_file
from photogen.wire.safety import safe_filename

if TYPE_CHECKING:
    from photogen.core.protocols import DownloadClient

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".gif")
_URL_KEYS = ("image_url", "url", "output_url", "cdn_url")
_LIST_KEYS = ("image_urls", "urls", "images", "media", "generated_media", "results")


def _is_image_url(url: str, key: str) -> bool:
    path = urlparse(url).path.lower()
    return path.endswith(IMAGE_EXTENSIONS) or (key == "image_url" and url.startswith("http"))


def _seed(obj: dict[str, Any]) -> int | None:
    seed = obj.get("seed")
    return seed if isinstance(seed, int) and not isinstance(seed, bool) else None


def _walk(obj: Any, depth: int = 0) -> Iterator[tuple[str, int | None]]:
    if depth > 3:
        return
    if isinstance(obj, dict):
        for key in _URL_KEYS:
            value = obj.get(key)
            if isinstance(value, str) and _is_image_url(value, key):
                yield value, _seed(obj)
        for key in _LIST_KEYS:
            for entry in obj.get(key) or () if isinstance(obj.get(key), list) else ():
                if isinstance(entry, str) and _is_image_url(entry, "url"):
                    yield entry, _seed(obj)
                else:
                    yield from _walk(entry, depth + 1)
        for key in ("result", "data", "output"):
            if isinstance(obj.get(key), dict):
                yield from _walk(obj[key], depth + 1)


def photos_in_response(response: dict[str, Any]) -> list[tuple[str, int | None]]:
    """Image URLs (with their seed, when given) in a tool result, in order, no repeats."""
    seen: dict[str, int | None] = {}
    for url, seed in _walk(response):
        seen.setdefault(url, seed)
    return list(seen.items())


class PhotoCache:
    """Downloads generated photos once into a cache dir (for thumbnails and stills).

    Args:
        client: A ``NemoClient`` (its ``download`` is used, so auth and sanitising apply).
        cache_dir: Where copies are kept.
    """

    def __init__(self, client: DownloadClient, cache_dir: Path) -> None:
        self.client = client
        self.cache_dir = Path(cache_dir)
        self._locks: dict[str, asyncio.Lock] = {}

    def path_for(self, url: str) -> Path:
        """The cache file of a URL: a hash prefix keeps names unique and stable."""
        digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
        name = safe_filename(urlparse(url).path.rsplit("/", 1)[-1], default="photo.png")
        return self.cache_dir / f"{digest}-{name}"

    async def fetch(self, url: str) -> Path | None:
        """A local copy of ``url`` (downloaded on first use); None when it cannot be fetched."""
        target = self.path_for(url)
        lock = self._locks.setdefault(url, asyncio.Lock())
        async with lock:
            if target.exists():
                return target
            try:
                private_dir(self.cache_dir)
                got = await self.client.download(url, self.cache_dir, target.name)
            except (NemoError, OSError):
                return None
            got = Path(got)
            if got != target and got.exists():
                got.replace(target)
            if not target.exists():
                return None
            return private_file(target)
