"""Text from the network is data: strip terminal control sequences, sanitise file names,
tell a URL on this machine (loopback) from one on the network.

Standard library only, so every layer (client, server, core, ui) can use it.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

# CSI, OSC (BEL or ST terminated), DCS/SOS/PM/APC strings, lone ESC sequences, C0/C1 controls.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*[\x07\x9c]?"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNSAFE_NAME = re.compile(r"[^\w.\- ()]+", re.UNICODE)
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
"""Names Windows reserves for devices."""


MAX_NAME_BYTES = 200
"""Longest file name in UTF-8 bytes: under the usual 255-byte limit with room for a suffix."""


def strip_control(text: str) -> str:
    """Remove terminal escape sequences and control characters; keep newlines and tabs."""
    return _CONTROL.sub("", _ANSI.sub("", text))


def safe_filename(name: str, default: str = "file", max_len: int = 120) -> str:
    """A file name that is safe on any disk: no path parts, no controls, no dot-files.

    Args:
        name: A name that came from outside (a server, a URL, a user's upload).
        default: Used when nothing usable is left.
        max_len: Longest result, extension kept.
    """
    base = re.split(r"[\\/]", strip_control(name or ""))[-1]
    base = unicodedata.normalize("NFC", base).strip()
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    if not stem or stem.lower() in _RESERVED:
        stem = default if not stem else f"{stem}_"
    ext = ext[:10]
    stem = stem[: max(1, max_len - len(ext) - 1)]
    while len(stem.encode("utf-8")) + len(ext.encode("utf-8")) > MAX_NAME_BYTES - 1:
        stem = stem[:-1]  # file systems limit names in bytes (255); CJK takes 3 each
    return f"{stem}.{ext}" if ext else stem


def clean_optional(value: object) -> object:
    """``strip_control`` for a string, anything else unchanged (for model validators)."""
    return strip_control(value) if isinstance(value, str) else value


def is_loopback(url: str) -> bool:
    """An http(s) URL whose host is this machine: ``localhost``, 127.0.0.0/8 or ::1.

    The client sends no proxy settings to such a URL; the server fetches URL uploads
    only from such a URL; the app maps an old run's loopback photo URL to the new port.
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
