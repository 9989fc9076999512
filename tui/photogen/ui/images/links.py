"""OSC 8 hyperlinks to photos and exports, so a click in the terminal opens them.

Rich styles carry the link and Textual writes the OSC 8 sequence around the
text. A cloud photo links to its URL; a local file to a ``file://`` URL that
names this host (terminals open it only when the host is theirs: over SSH the
URL is the one to share, and ctrl+y copies whichever it is).
"""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import quote, urlsplit

from rich.style import Style
from rich.text import Text

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def shareable_url(url: str | None) -> str | None:
    """``url`` when another machine could open it (http(s), not loopback), else None."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    host = urlsplit(url).hostname or ""
    return None if host in _LOOPBACK else url


def link_target(path: str | None, url: str | None = None) -> str | None:
    """The URL a photo's link opens: its shareable URL, else its file, else None.

    The embedded server's media URLs are loopback ones, of no use to a terminal
    on another machine: those photos link to their file.
    """
    shared = shareable_url(url)
    if shared is not None:
        return shared
    if not path:
        return None
    absolute = Path(path).expanduser().resolve()
    return f"file://{socket.gethostname()}{quote(str(absolute))}"


def file_link(text: str, path: str | None, url: str | None = None) -> Text:
    """``text`` as one link to the photo (plain text when there is nothing to link)."""
    target = link_target(path, url)
    if target is None:
        return Text(text)
    return Text(text, style=Style(link=target))
