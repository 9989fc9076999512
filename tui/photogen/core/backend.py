"""Which backend to talk to, and the embedded server as a child process.

DESIGN §1: no ``NEMO_API_URL`` and no ``--cloud`` -> the embedded server, started
here as ``python -m photogen.server --port N --data-dir D`` on a free loopback port
and stopped with the app; ``--cloud`` or ``NEMO_TOKEN`` -> NemoVideo; ``NEMO_API_URL``
-> that server. The server is never imported: core talks to it over HTTP only.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from photogen.core.errors import ServerStartError
from photogen.core.private import CHILD_UMASK, private_dir, private_file
from photogen.core.settings import Settings
from photogen.installed import LOCAL_MISSING, local_missing_hint, missing_local_modules

CLOUD_URL = "https://mega-api-prod.nemovideo.ai"
_LISTENING = re.compile(r"listening on http://[^\s:]+:(\d+)")


@dataclass(frozen=True)
class BackendChoice:
    """Where the API is."""

    kind: str
    """``local`` (embedded server), ``cloud`` (NemoVideo) or ``url`` (any server)."""
    url: str | None
    """Base URL; None for ``local`` until the embedded server has started."""
    label: str
    """For the status bar: ``local``, ``cloud`` or the host."""


LOCAL_BACKEND = BackendChoice("local", None, "local")
"""The embedded server (its URL is known once it runs)."""


def resolve_backend(
    settings: Settings, cloud: bool = False, env: Mapping[str, str] | None = None
) -> BackendChoice:
    """Pick the backend from the flag, the environment and the config file.

    Order: ``--cloud``; ``NEMO_API_URL``; ``NEMO_TOKEN`` (cloud); the config's ``backend``.

    Args:
        settings: The user's settings.
        cloud: The ``--cloud`` flag.
        env: Environment (defaults to ``os.environ``).
    """
    env = os.environ if env is None else env
    api_url = (env.get("NEMO_API_URL") or "").rstrip("/")
    if cloud:
        return BackendChoice("cloud", api_url or CLOUD_URL, "cloud")
    if api_url:
        if api_url == CLOUD_URL:
            return BackendChoice("cloud", api_url, "cloud")
        return BackendChoice("url", api_url, _host(api_url))
    if env.get("NEMO_TOKEN") or settings.backend == "cloud":
        return BackendChoice("cloud", CLOUD_URL, "cloud")
    if settings.backend.startswith(("http://", "https://")):
        url = settings.backend.rstrip("/")
        return BackendChoice("url", url, _host(url))
    return LOCAL_BACKEND


def _host(url: str) -> str:
    return httpx.URL(url).netloc.decode() or url


def _read_port(path: Path) -> int | None:
    try:
        port = int(path.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return port if 1024 <= port <= 65535 else None


class EmbeddedServer:
    """The offline server as a child process on loopback.

    Its output goes to ``<data_dir>/server.log``; the last lines of it are quoted
    when the server dies during start-up.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        port: int | None = None,
        extra_args: Sequence[str] = (),
        startup_timeout_s: float = 30.0,
        stop_timeout_s: float = 5.0,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.port = port
        self.extra_args = list(extra_args)
        self.startup_timeout_s = startup_timeout_s
        self.stop_timeout_s = stop_timeout_s
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` (valid after :meth:`start`)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        """Where the child's stdout and stderr go."""
        return self.data_dir / "server.log"

    def command(self) -> list[str]:
        """The child's command line (``--port 0``: the server picks and announces a port)."""
        return [
            sys.executable,
            "-m",
            "photogen.server",
            "--port",
            str(self.port or 0),
            "--data-dir",
            str(self.data_dir),
            "--parent-pid",
            str(os.getpid()),
            *self.extra_args,
        ]

    @property
    def port_file(self) -> Path:
        """The port of the last run: reused so media URLs stored by the server stay valid."""
        return self.data_dir / "server.port"

    async def start(self) -> str:
        """Start the child and wait (bounded) until ``/health`` answers.

        Without an explicit port, the last run's port is tried first (the server's media
        URLs include it), then any free port.

        Returns:
            The base URL.

        Raises:
            ServerStartError: The local extra is not installed, or the child exited, or
                did not become healthy in time.
        """
        if missing_local_modules():
            raise ServerStartError(LOCAL_MISSING, local_missing_hint())
        private_dir(self.data_dir)
        previous = None if self.port else _read_port(self.port_file)
        if previous:
            self.port = previous
            try:
                return await self._start_once()
            except ServerStartError:
                self.port = None  # taken by something else: any free port will do
        url = await self._start_once()
        with contextlib.suppress(OSError):
            private_file(self.port_file).write_text(str(self.port), encoding="utf-8")
        return url

    async def _start_once(self) -> str:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with open(private_file(self.log_path), "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                umask=CHILD_UMASK,  # the server's store and media: the user's alone
            )
        atexit.register(self.stop_sync)
        try:
            await self._wait_healthy()
        except BaseException:
            self.stop_sync()
            raise
        return self.url

    async def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout_s
        async with httpx.AsyncClient(timeout=2.0, trust_env=False) as http:
            while True:
                code = self.process.poll() if self.process is not None else None
                if code is not None:
                    raise ServerStartError(
                        f"The local server stopped during start-up (exit {code}).",
                        self._tail_hint(),
                    )
                # Only our child's own "listening on" line proves the port is ours: a
                # health check alone could reach another process on a reused port.
                announced = self._announced_port()
                if announced:
                    self.port = announced
                    with contextlib.suppress(httpx.HTTPError):
                        if (await http.get(f"{self.url}/health")).status_code == 200:
                            return
                if time.monotonic() > deadline:
                    raise ServerStartError(
                        f"The local server did not answer within {self.startup_timeout_s:.0f} s.",
                        self._tail_hint(),
                    )
                await asyncio.sleep(0.1)

    def _announced_port(self) -> int | None:
        """The port of the child's ``listening on http://127.0.0.1:PORT`` line, once printed."""
        match = _LISTENING.search(self.last_output(lines=50))
        return int(match.group(1)) if match else None

    def last_output(self, lines: int = 12) -> str:
        """The last lines the child wrote."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])

    def _tail_hint(self) -> str:
        tail = self.last_output()
        where = f"Full log: {self.log_path}."
        return f"Its last output:\n{tail}\n{where}" if tail else where

    async def restart(self) -> str:
        """Start the child again on the same data (same port when it is free); the URL."""
        await self.stop()
        try:
            return await self.start()
        except ServerStartError:
            self.port = None  # the old port is taken now: any free one will do
            return await self.start()

    @property
    def running(self) -> bool:
        """The child is alive."""
        return self.process is not None and self.process.poll() is None

    def stop_sync(self) -> None:
        """Terminate the child; kill it if it has not exited within the bound."""
        process, self.process = self.process, None
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop_sync)
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=self.stop_timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=self.stop_timeout_s)

    async def stop(self) -> None:
        """:meth:`stop_sync` off the event loop."""
        await asyncio.to_thread(self.stop_sync)
