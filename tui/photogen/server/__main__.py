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

from photogen.server.config import ServerConfig
from photogen.server.options import add_server_options


def parse_args(argv: Sequence[str] | None = None) -> ServerConfig:
    """Command-line switches -> :class:`ServerConfig` (every switch, the testing ones too)."""
    parser = argparse.ArgumentParser(prog="python -m photogen.server", description=__doc__)
    add_server_options(parser, testing=True)
    return config_from_args(parser.parse_args(argv))


def config_from_args(args: argparse.Namespace) -> ServerConfig:
    """The server's settings from parsed switches (:func:`add_server_options`).

    Names that are not server settings (e.g. the ``photogen-tui`` command) are ignored;
    a switch that was not given keeps :class:`ServerConfig`'s default.
    """
    given = {k: v for k, v in vars(args).items() if k in ServerConfig.model_fields}
    return ServerConfig(**given)


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


def serve(config: ServerConfig) -> int:
    """Serve until interrupted; returns the exit status (1 with one line if it cannot listen)."""
    try:
        run_server(config)
    except OSError as exc:
        print(f"photogen server: cannot listen: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    return serve(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
