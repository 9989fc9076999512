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


# Secrets (contract §5c): server texts can quote request data, the bearer token included.
REDACTED = "[redacted]"
_secrets: set[str] = set()
"""Tokens this process sends (the client's own): redacted wherever they appear."""
_MIN_SECRET = 8
_TOKEN_SHAPES = re.compile(
    r"(?i:\b(?:bearer|basic)\s+)[^\s\"',;]+"  # an Authorization header's value
    r"|\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*"  # a JWT
    r"|\b(?:nmv|sk|pk|ghp|xox[abp])[_-][\w-]{12,}"  # a prefixed API key
    # a long base64 run; "/" ends a run, so the parts of a URL path are never taken
    r"|(?:(?<=[=:\s\"'(\[,])|^)(?=[A-Za-z0-9_\-+]*[0-9])(?=[A-Za-z0-9_\-+]*[a-z])"
    r"(?=[A-Za-z0-9_\-+]*[A-Z])[A-Za-z0-9_\-+]{32,}={0,2}"
)
_SECRET_FIELD = re.compile(
    r"(?i)(\b(?:access_?token|api_?key|token|authorization|secret|password)\b[\"']?\s*[:=]\s*[\"']?)"
    r"(?!(?i:bearer|basic)\s)(?!\[redacted\])([^\s\"',;&}]{8,})"
)


def remember_secret(value: str | None) -> None:
    """Redact ``value`` (a token this process uses) from every server text from now on."""
    if value and len(value) >= _MIN_SECRET:
        _secrets.add(value)


def redact_known(text: str) -> str:
    """``text`` with the secrets this process uses replaced (safe on URLs and ids)."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def redact(text: str) -> str:
    """``text`` with known secrets and anything token-shaped replaced by ``[redacted]``.

    Known secrets go wherever they appear; the shapes are an Authorization value
    (``Bearer …``), a JWT, a prefixed API key, the value of a ``token=``/``"token":``
    field, and a run of 32+ base64 characters mixing digits, lower and upper case that
    is not part of a URL path.
    """
    text = redact_known(text)
    text = _TOKEN_SHAPES.sub(_keep_prefix, text)
    return _SECRET_FIELD.sub(lambda m: m[1] + REDACTED, text)


def _keep_prefix(match: re.Match[str]) -> str:
    """``Bearer [redacted]`` keeps the scheme so the text still reads; others go whole."""
    head = re.match(r"(?i)(bearer|basic)\s+", match[0])
    return (head[0] if head else "") + REDACTED


def server_text(text: str) -> str:
    """A server's text made safe to show, log and store: no controls, no secrets."""
    return redact(strip_control(text))


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
