"""The user's settings: one TOML file in the user's config dir.

A typo, an unknown key or a bad value never stops the app: :func:`load_settings`
returns a warning for it and keeps the default for that key. Example file::

    backend = "local"            # "local", "cloud" or a URL such as "http://127.0.0.1:8765"
    download_dir = "~/Pictures/photogen"
    default_export = "mp4"       # mp4, png, jpg or webp
    jpg_quality = 92
    image_protocol = "auto"      # auto, kitty, sixel, iterm, quadrant, halfblock
    low_bandwidth = false        # small text thumbnails, no animation (automatic on a slow link)
    theme = "textual-dark"
    streaming = false
    model_dir = "~/models/sd15"  # optional: a local diffusers model for the embedded server

    [keymap]
    export-draft = "ctrl+e"

    [intervals]
    render_poll_s = 30
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from photogen.wire.formats import EXPORT_FORMATS
from photogen.wire.intervals import Intervals

APP_NAME = "photogen-tui"
IMAGE_PROTOCOLS = ("auto", "kitty", "sixel", "iterm", "quadrant", "halfblock")


def default_config_path() -> Path:
    """``<user config dir>/photogen-tui/config.toml``."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    """``<user data dir>/photogen-tui``: the SQLite store, the cache, the embedded server."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def default_download_dir() -> Path:
    """``<user Pictures dir>/photogen``: where exports land."""
    from platformdirs import user_pictures_dir

    return Path(user_pictures_dir()) / "photogen"


#: Waits for the embedded server on this machine: it renders locally and answers in
#: milliseconds, so polling it every 30 s (the cloud's cadence) would only add waiting.
LOCAL_INTERVALS: dict[str, float] = {
    "render_poll_s": 0.5,
    "render_max_polls": 1200,
    "recovery_first_wait_s": 2.0,
    "recovery_wait_s": 3.0,
}


@dataclass
class Settings:
    """Everything the config file can set."""

    backend: str = "local"
    """``local`` (embedded server), ``cloud`` (NemoVideo) or a server URL."""
    download_dir: Path = field(default_factory=default_download_dir)
    """Where exports are saved (never overwriting)."""
    default_export: str = "mp4"
    """Format of a plain "export": mp4, png, jpg or webp."""
    jpg_quality: int = 92
    """JPEG/WEBP quality of still exports, 1-100."""
    image_protocol: str = "auto"
    """Terminal image protocol: auto, kitty, sixel, iterm, quadrant or halfblock."""
    low_bandwidth: bool = False
    """Small text-cell thumbnails (sent once), no animation; also on when the terminal
    answers slowly (a slow SSH link)."""
    theme: str = "textual-dark"
    """Textual theme name."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> key, e.g. ``{"export-draft": "ctrl+e"}``."""
    streaming: bool = False
    """Ask the backend for partial text (``"streaming": true`` on /run_sse)."""
    model_dir: Path | None = None
    """A local diffusers model folder the embedded server draws with (``PHOTOGEN_MODEL`` wins)."""
    candidates: int = 4
    """Candidates a photo prompt makes when it names no number, 1-9 (a grid above 1)."""
    bell: bool = True
    """Ring the terminal bell when a grid, an edit or an export finishes."""
    credits_per_photo: int = 10
    """What the cost line counts per photo on a cloud or URL backend (the local one is free)."""
    grid_by_turns: bool = False
    """Make grids by one turn per candidate (for servers that make one photo per turn;
    the cloud always does)."""
    intervals: Intervals = field(default_factory=Intervals)
    """Client waits and bounds."""
    data_dir: Path = field(default_factory=default_data_dir)
    """Store, caches and the embedded server's data (not read from the file)."""
    config_path: Path | None = None
    """The file these settings came from, if any."""
    client_config_dir: Path | None = None
    """Client-id file and token cache; None: the client's default (not read from the file)."""
    intervals_set: frozenset[str] = frozenset()
    """Interval keys the config file set; the local backend's tuning leaves them alone."""

    def use_local_intervals(self) -> None:
        """Tune the waits for the embedded server, except those the user set."""
        for key, value in LOCAL_INTERVALS.items():
            if key not in self.intervals_set:
                setattr(self.intervals, key, type(getattr(self.intervals, key))(value))

    @property
    def cache_dir(self) -> Path:
        """Thumbnails and other throw-away downloads."""
        return self.data_dir / "cache"

    @property
    def db_path(self) -> Path:
        """The SQLite store of sessions, history and jobs."""
        return self.data_dir / "photogen.sqlite3"

    @property
    def server_data_dir(self) -> Path:
        """Data dir of the embedded server."""
        return self.data_dir / "server"


_FILE_KEYS = (
    "backend",
    "download_dir",
    "default_export",
    "jpg_quality",
    "image_protocol",
    "low_bandwidth",
    "theme",
    "keymap",
    "streaming",
    "model_dir",
    "candidates",
    "bell",
    "credits_per_photo",
    "grid_by_turns",
    "intervals",
)


def _check_backend(value: Any) -> str:
    if isinstance(value, str) and (
        value in ("local", "cloud") or value.startswith(("http://", "https://"))
    ):
        return value
    raise ValueError('expected "local", "cloud" or an http(s) URL')


def _check_choice(choices: tuple[str, ...]) -> Any:
    def check(value: Any) -> str:
        if isinstance(value, str) and value.lower() in choices:
            return value.lower()
        raise ValueError("expected one of " + ", ".join(choices))

    return check


def _check_quality(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100:
        return value
    raise ValueError("expected a whole number from 1 to 100")


def _check_range(value: Any, low: int, high: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    raise ValueError(f"expected a whole number from {low} to {high}")


def _check_str(value: Any) -> str:
    if isinstance(value, str) and value:
        return value
    raise ValueError("expected text")


def _check_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("expected true or false")


def _check_path(value: Any) -> Path:
    if isinstance(value, str) and value:
        return Path(value).expanduser()
    raise ValueError("expected a folder path")


def _check_keymap(value: Any) -> dict[str, str]:
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return dict(value)
    raise ValueError('expected a table of binding-id = "key"')


_CHECKS = {
    "backend": _check_backend,
    "download_dir": _check_path,
    "default_export": _check_choice(EXPORT_FORMATS),
    "jpg_quality": _check_quality,
    "image_protocol": _check_choice(IMAGE_PROTOCOLS),
    "low_bandwidth": _check_bool,
    "theme": _check_str,
    "keymap": _check_keymap,
    "streaming": _check_bool,
    "model_dir": _check_path,
    "candidates": lambda value: _check_range(value, 1, 9),
    "bell": _check_bool,
    "credits_per_photo": lambda value: _check_range(value, 0, 100_000),
    "grid_by_turns": _check_bool,
}


def _unknown_key(where: str, key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return f'{where}: unknown setting "{key}"{hint}; ignored'


def _read_intervals(raw: Any, where: str, warnings: list[str]) -> Intervals:
    result = Intervals()
    if not isinstance(raw, dict):
        warnings.append(f"{where}: [intervals] must be a table; using defaults")
        return result
    known = tuple(f.name for f in fields(Intervals))
    for key, value in raw.items():
        if key not in known:
            warnings.append(_unknown_key(f"{where} [intervals]", key, known))
            continue
        wants_int = isinstance(getattr(result, key), int)
        ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        if ok and wants_int and not isinstance(value, int):
            ok = False
        if not ok:
            warnings.append(
                f"{where}: bad value for intervals.{key}: expected a number >= 0; using the default"
            )
            continue
        setattr(result, key, value)
    return result


def settings_from_dict(raw: dict[str, Any], where: str = "config") -> tuple[Settings, list[str]]:
    """Build settings from parsed TOML; every problem becomes a warning.

    Args:
        raw: The parsed file.
        where: How to name the source in warnings (usually the file path).

    Returns:
        The settings and the warnings, in file order.
    """
    settings, warnings = Settings(), []
    for key, value in raw.items():
        if key not in _FILE_KEYS:
            warnings.append(_unknown_key(where, key, _FILE_KEYS))
        elif key == "intervals":
            settings.intervals = _read_intervals(value, where, warnings)
            if isinstance(value, dict):
                settings.intervals_set = frozenset(value)
        else:
            try:
                setattr(settings, key, _CHECKS[key](value))
            except ValueError as exc:
                warnings.append(f"{where}: bad value for {key} ({exc}); using the default")
    return settings, warnings


def load_settings(path: Path | str | None = None) -> tuple[Settings, list[str]]:
    """Read the config file; a missing file gives the defaults, a broken one warnings.

    Args:
        path: The file; defaults to :func:`default_config_path`.

    Returns:
        ``(settings, warnings)``; warnings are short human sentences, never raised.
    """
    file = Path(path) if path is not None else default_config_path()
    if not file.exists():
        settings, warnings = Settings(), []
    else:
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            settings = Settings()
            warnings = [f"{file}: could not read the config file ({exc}); using the defaults"]
        else:
            settings, warnings = settings_from_dict(raw, str(file))
    settings.config_path = file
    return settings, warnings
