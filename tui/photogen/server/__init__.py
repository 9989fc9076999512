"""The embedded NemoVideo-compatible server (FastAPI + uvicorn on loopback).

Start it with ``python -m photogen.server --port 8765`` or
:func:`photogen.server.__main__.run_server`; build the app with
:func:`photogen.server.app.create_app`. Settings and test switches:
:class:`photogen.server.config.ServerConfig`.

Layout: :mod:`.routes` (one thin module per area of the contract) call the
services (:mod:`.accounts`, :mod:`.uploads`, :mod:`.turns` with :mod:`.turn`,
:mod:`.renders`, :mod:`.media`, :mod:`.store`), opened together by
:mod:`.services`; services raise the domain errors of :mod:`.errors`, which one
handler maps to the envelope. The agent (:mod:`.agent`, behind the
:class:`~photogen.server.agent.Agent` protocol) plans; the tools it may call are
declared once in :mod:`.tools`; tool calls and renders run as jobs through the
job runner (:mod:`.runner`, in-process by default, handlers in :mod:`.work` and
:mod:`.renderwork`), so a queue backend can replace it.

Server decisions the contract leaves open ([OURS]):

- Users are keyed by ``X-Client-Id``; a new token for the same client id keeps the
  user's sessions and credits. New tokens are limited per IP (``tokens_per_ip`` per
  ``token_days``), answered with HTTP 429 and ``Retry-After``.
- Credits: ``credits_per_image`` (10) per generated or edited image,
  ``credits_per_edit`` (2) per timeline edit, export free. The plan's cost is held
  (``frozen``) when a turn starts (2001 before the stream if short), then charged
  for the tools that succeeded and released for the rest.
- Media URLs are ``/media/<128-bit random key>/<name>``: the key is the capability,
  no token needed (like a CDN link). State stores them relative and serves them
  absolute, so they follow the server to a new port.
- Errors outside the contract's codes: 422 (bad request the server cannot act on:
  wrong body kind, non-loopback URL, nothing to export), 404 (render not found),
  409 (render id already used, or download before completion). Uploads from URLs are
  fetched only from loopback; the server never downloads from the network.
- Render jobs run one at a time (the in-process runner's one render thread); a job
  interrupted by a shutdown is restarted from the beginning on the next start.
- Tool progress goes out as partial ``functionResponse`` events
  (:mod:`photogen.server.sse`).
"""
