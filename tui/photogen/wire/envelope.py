"""The REST response envelope ``{"code", "message", "data"}`` (api-contract §1.4)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    """What the offline server sends on every REST endpoint."""

    model_config = ConfigDict(extra="allow")

    code: int = 0
    """0 on success, else a :class:`~photogen.wire.codes.WireCode`."""
    message: str = "success"
    """Human text; ``success`` on success."""
    data: T | None = None
    """The payload, or null on error."""


def ok(data: Any = None) -> dict[str, Any]:
    """A success envelope as a plain dict, ready for JSON."""
    return {"code": 0, "message": "success", "data": data}


def error(code: int, message: str, **extra: Any) -> dict[str, Any]:
    """An error envelope as a plain dict, ready for JSON."""
    return {"code": int(code), "message": message, "data": None, **extra}
