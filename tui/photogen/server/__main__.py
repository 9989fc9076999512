"""``python -m photogen.server``: run the embedded server from the command line.

Prints ``photogen server listening on http://127.0.0.1:PORT`` once it accepts
connections (``--port 0`` picks a free port), and stops cleanly on Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from photogen.server.config import ServerConfig


def parse_args(argv: Sequence[str] | None = None) -> ServerConfig:
    """Command-line switches -> :class:`ServerConfig`."""
    p = argparse.ArgumentParser(prog="python -m photogen.server", description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    p.add_argument("--data-dir", type=Path, help="database and media (default: user data dir)")
    p.add_argument("--http-errors", action="store_true", help="envelope errors as HTTP 4xx")
    p.add_argument("--render-shape", choices=("A", "B"), default="A")
    p.add_argument("--sse-shape", choices=("adk", "simple"), default="adk")
    p.add_argument("--time-scale", type=float, default=1.0, help="factor on every wait")
    p.add_argument("--heartbeat-s", type=float, default=15.0)
    p.add_argument("--tool-latency-s", type=float, default=0.0)
    p.add_argument("--parent-pid", type=int, help="exit when this process is gone")
    p.add_argument("--model-dir", help="a local diffusers model folder for text to image")
    p.add_argument("--models-dir", help="where `models pull` installed models")
    p.add_argument("--device", choices=("auto", "cuda", "mps", "cpu"), default="auto")
    p.add_argument("--render-latency-s", type=float, default=0.0, help="queue time of a render")
    p.add_argument("--drop-stream-after", type=int, help="close streams after N events")
    p.add_argument("--rate-limit-every", type=int, help="HTTP 429 on every Nth call")
    p.add_argument("--expire-tokens-after", type=int, help="tokens die after N calls")
    p.add_argument("--fail-render-once", action="store_true")
    p.add_argument("--debug-commands", action="store_true", help="accept '#fault ...' messages")
    p.add_argument("--credits-per-image", type=int, default=10)
    p.add_argument("--credits-per-edit", type=int, default=2)
    p.add_argument("--anonymous-credits", type=int, default=100)
    args = vars(p.parse_args(argv))
    if args["data_dir"] is None:
        del args["data_dir"]
    return ServerConfig(**args)


def run_server(config: ServerConfig, announce: bool = True) -> None:
    """Serve until interrupted; print the listening line once the socket is bound."""
    import uvicorn

    from photogen.server.app import create_app

    sock = socket.socket(socket.AF_INET6 if ":" in config.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((config.host, config.port))
    config.port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            log_level="warning",
            access_log=False,
            ws="none",
            lifespan="on",
            timeout_graceful_shutdown=5,
        )
    )
    if announce:
        _announce_when_started(server, config)
    if config.parent_pid:
        _exit_with_parent(server, config.parent_pid)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def _announce_when_started(server: object, config: ServerConfig) -> None:
    """Wrap ``startup`` so the ready line is printed right after it finishes."""
    original = server.startup  # type: ignore[attr-defined]

    async def startup(*args: object, **kwargs: object) -> None:
        await original(*args, **kwargs)
        host = f"[{config.host}]" if ":" in config.host else config.host
        print(f"photogen server listening on http://{host}:{config.port}", flush=True)

    server.startup = startup  # type: ignore[attr-defined]


def _exit_with_parent(server: object, parent_pid: int, every_s: float = 1.0) -> None:
    """Stop serving when the app that started us is gone, even if it was killed.

    A killed parent cannot stop its child; the child notices it was re-parented.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(every_s)
        server.should_exit = True  # type: ignore[attr-defined]

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    try:
        run_server(parse_args(argv))
    except OSError as exc:
        print(f"photogen server: cannot listen: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
