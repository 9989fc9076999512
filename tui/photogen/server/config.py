"""Settings of the embedded server, including the test switches of api-contract §5.

Every server-side wait (heartbeats, simulated latencies) is multiplied by
``time_scale`` so tests run in seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


def default_data_dir() -> Path:
    """``<user data dir>/photogen-tui/server``."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("photogen-tui")) / "server"


class ServerConfig(BaseModel):
    """Everything the offline server can be told at start-up."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    host: str = "127.0.0.1"
    """Interface to bind; loopback unless the user asks for more."""
    port: int = 8765
    """TCP port; 0 picks a free one."""
    data_dir: Path = Field(default_factory=default_data_dir)
    """SQLite database and media files live here."""
    http_errors: bool = False
    """Send envelope errors with HTTP 401/404/402/415/413 instead of 200."""
    render_shape: Literal["A", "B", "C"] = "B"
    """Render poll shape (contract §3.6); B is what the service most likely sends (§5c)."""
    sse_shape: Literal["adk", "simple"] = "adk"
    """Event shape on ``/run_sse`` (contract §4.5)."""
    time_scale: float = Field(default=1.0, ge=0.0)
    """Factor applied to every server-side wait."""
    heartbeat_s: float = Field(default=15.0, gt=0.0)
    """Seconds between heartbeats while a tool runs (before scaling)."""
    tool_latency_s: float = Field(default=0.0, ge=0.0)
    """Simulated extra time every tool call takes (before scaling), e.g. to see heartbeats."""
    parent_pid: int | None = None
    """Exit when this process is gone (the app that started the embedded server)."""
    model_dir: str | None = None
    """A local diffusers model folder for text to image (``PHOTOGEN_MODEL`` wins)."""
    models_dir: str | None = None
    """Where ``models pull`` installed models; None: ``PHOTOGEN_MODELS_DIR`` or the data dir."""
    device: str = "auto"
    """Where neural models run: auto (CUDA, MPS, else CPU), cuda, mps or cpu."""
    render_latency_s: float = Field(default=0.0, ge=0.0)
    """Simulated queue time before a render starts (before scaling), like a busy cloud GPU."""
    debug_commands: bool = False
    """Accept ``#fault ...`` messages on ``/run_sse`` that produce the rare stream shapes."""
    drop_stream_after: int | None = Field(default=None, ge=1)
    """Close the SSE connection after N events of a turn; the turn still completes."""
    rate_limit_every: int | None = Field(default=None, ge=1)
    """Answer HTTP 429 (with Retry-After) on every Nth call."""
    expire_tokens_after: int | None = Field(default=None, ge=1)
    """A token becomes invalid (1001) after N authenticated calls."""
    fail_render_once: bool = False
    """The first render job fails, so clients exercise retry-with-new-id."""
    credits_per_image: int = Field(default=10, ge=0)
    """Credits charged per generated or edited image (10 images on a new token)."""
    candidates: int = Field(default=1, ge=1, le=9)
    """Candidates a photo prompt makes when it names no number (a grid when above 1)."""
    credits_per_edit: int = Field(default=2, ge=0)
    """Credits charged per timeline edit (``edit_multitrack``)."""
    anonymous_credits: int = Field(default=100, ge=0)
    """Credits granted to a new anonymous token."""
    token_days: float = Field(default=7.0, gt=0.0)
    """Lifetime of an anonymous token, in days."""
    tokens_per_ip: int = Field(default=10, ge=1)
    """New anonymous tokens one IP may get per ``token_days``."""
    upload_limit_bytes: int = Field(default=200 * 1024 * 1024, ge=1)
    """Largest upload; bigger ones are cut off while streaming with 4002."""
    retry_after_s: int = Field(default=30, ge=0)
    """Value of the Retry-After header on 429 answers."""

    def scaled(self, seconds: float) -> float:
        """A wait of ``seconds`` under :attr:`time_scale`."""
        return seconds * self.time_scale

    @property
    def media_dir(self) -> Path:
        """Where uploaded, generated and rendered files are stored."""
        return self.data_dir / "media"

    @property
    def db_path(self) -> Path:
        """The SQLite database."""
        return self.data_dir / "server.sqlite3"
