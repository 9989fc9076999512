"""Shared fixtures: the real embedded server on a free loopback port.

``live_server`` is a factory: ``live_server(**overrides)`` starts uvicorn in a
background thread with a temporary data dir (or ``data_dir=...`` to reuse one,
e.g. to test a restart) and any :class:`~photogen.server.config.ServerConfig`
field as a keyword. It returns a :class:`LiveServer` with ``.url``, ``.config``
and ``.data_dir``; every server it started is stopped at teardown.
``live_server_url`` is one server with defaults and a fast time scale.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

#: Overrides every test server gets unless the test says otherwise.
FAST_DEFAULTS: dict[str, Any] = {"time_scale": 0.01, "heartbeat_s": 15.0, "debug_commands": True}


@dataclass
class LiveServer:
    """A running server: its base URL, its config and its data dir."""

    url: str
    config: Any
    data_dir: Path
    _server: Any = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _sock: socket.socket = field(repr=False)

    @property
    def port(self) -> int:
        """The TCP port it listens on."""
        return int(self.url.rsplit(":", 1)[1])

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for the thread (idempotent)."""
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self._sock.close()


def _bind(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


def _wait_healthy(url: str, thread: threading.Thread, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("test server thread died during start-up")
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"test server at {url} never became healthy")


def start_live_server(
    data_dir: Path,
    port: int = 0,
    engines: Any = None,
    agent: Any = None,
    runner: Any = None,
    **overrides: Any,
) -> LiveServer:
    """Start the real app with uvicorn in a daemon thread and wait for ``/health``.

    ``engines``, ``agent`` and ``runner`` (a job-runner factory) replace the real
    ones (see ``create_app``); any other keyword is a
    :class:`~photogen.server.config.ServerConfig` field.
    """
    import uvicorn

    from photogen.server.app import create_app
    from photogen.server.config import ServerConfig

    sock = _bind(port)
    bound = sock.getsockname()[1]
    config = ServerConfig(**{**FAST_DEFAULTS, **overrides, "data_dir": data_dir, "port": bound})
    uv_config = uvicorn.Config(
        create_app(config, engines=engines, agent=agent, **({"runner": runner} if runner else {})),
        log_level="warning",
        access_log=False,
        ws="none",
        lifespan="on",
        timeout_graceful_shutdown=3,
    )
    server = uvicorn.Server(uv_config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"live-server-{bound}", daemon=True
    )
    thread.start()
    url = f"http://127.0.0.1:{bound}"
    live = LiveServer(url, config, data_dir, _server=server, _thread=thread, _sock=sock)
    try:
        _wait_healthy(url, thread)
    except Exception:
        live.stop()
        raise
    return live


@pytest.fixture
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., LiveServer]]:
    """Factory fixture: ``live_server(**config_overrides) -> LiveServer``.

    Pass ``data_dir=`` to reuse a directory (restart tests), ``port=`` to ask for
    a port (e.g. the one a stopped server had), ``engines=``/``agent=``/``runner=``
    to replace the real ones. Servers are stopped at teardown.
    """
    started: list[LiveServer] = []

    def factory(data_dir: Path | None = None, port: int = 0, **overrides: Any) -> LiveServer:
        directory = data_dir or tmp_path_factory.mktemp("server-data")
        server = start_live_server(directory, port, **overrides)
        started.append(server)
        return server

    yield factory
    for server in reversed(started):
        server.stop()


@pytest.fixture
def live_server_url(live_server: Callable[..., LiveServer]) -> str:
    """Base URL of a fresh server with default switches and a fast time scale."""
    return live_server().url


@pytest.fixture(autouse=True, scope="session")
def _no_installed_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Servers in tests see an empty models folder, never the developer's pulled models."""
    import os

    previous = os.environ.get("PHOTOGEN_MODELS_DIR")
    os.environ["PHOTOGEN_MODELS_DIR"] = str(tmp_path_factory.mktemp("no-models"))
    yield
    if previous is None:
        os.environ.pop("PHOTOGEN_MODELS_DIR", None)
    else:
        os.environ["PHOTOGEN_MODELS_DIR"] = previous
