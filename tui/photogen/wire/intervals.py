"""The waits and bounds of contract §4.6 and §5: their one set of defaults.

Standard library only: the app's settings read them before the first paint, and the
client's settings take their defaults from them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Intervals:
    """Client waits and bounds, in seconds; defaults are the contract's (§4.6, §5).

    ``ClientSettings`` takes its defaults from here. A plain dataclass because the app
    reads its config (``[intervals]``) before the first paint, before pydantic loads.
    """

    render_poll_s: float = 30.0
    """Between two render polls."""
    render_max_polls: int = 10
    """Render polls before an export times out."""
    recovery_first_wait_s: float = 30.0
    """After a dropped stream, before the first state poll."""
    recovery_wait_s: float = 60.0
    """Between later recovery polls."""
    recovery_max_unchanged: int = 5
    """Unchanged recovery polls before the turn is reported as failed."""
    still_working_s: float = 120.0
    """Heartbeat-only time between two "still working" notes."""
    heartbeat_timeout_s: float = 600.0
    """Heartbeat-only time after which a turn counts as timed out."""
