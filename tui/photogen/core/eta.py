"""How long a job has left, from how far it is and how long it has run."""

from __future__ import annotations

MIN_ELAPSED_S = 3.0
"""No estimate before a job has run this long (early progress says little)."""


def eta_seconds(elapsed_s: float, fraction: float) -> float | None:
    """Seconds left at a steady pace; None when too early or done."""
    if elapsed_s < MIN_ELAPSED_S or not 0.02 <= fraction < 1.0:
        return None
    return elapsed_s * (1.0 - fraction) / fraction


def eta_text(elapsed_s: float, fraction: float) -> str:
    """``about 40 s left`` / ``about 3 min left``; empty when there is no estimate."""
    left = eta_seconds(elapsed_s, fraction)
    if left is None:
        return ""
    if left < 90:
        return f"about {max(1, round(left))} s left"
    return f"about {round(left / 60)} min left"
