"""The HTTP routes, one module per area of the contract; each is thin and calls the services.

- :mod:`.sessions`: ``/health``, ``/list-apps``, create a session, read its state.
- :mod:`.auth`: anonymous tokens, claim tokens, the credits balance.
- :mod:`.upload`: multipart and loopback-URL uploads.
- :mod:`.run_sse`: one chat turn as an SSE stream.
- :mod:`.render`: submit, poll, cancel and download exports.
- :mod:`.media`: the ``/media/<key>/<name>`` files.
"""

from __future__ import annotations

from fastapi import APIRouter

from photogen.server.routes import auth, media, render, run_sse, sessions, upload

ROUTERS: tuple[APIRouter, ...] = (
    sessions.router,
    auth.router,
    upload.router,
    run_sse.router,
    render.router,
    media.router,
)
"""Every router, in the order the app includes them."""
