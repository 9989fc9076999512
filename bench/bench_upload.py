"""Peak memory of a 200 MB upload through the real HTTP path.

Starts ``python -m photogen.server`` in a subprocess (free port, temporary data
dir), streams a 200 MB body to it with httpx (a generator body: the client never
holds the file), and prints the server's peak RSS growth (VmHWM) and the
client's, plus the throughput. Then the same size as a file on disk through the
project's own client (``NemoClient.upload_files``: local checks, streamed multipart).
Linux only (reads /proc).

    .venv/bin/python bench/bench_upload.py [--mb 200]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator

import httpx

HEADERS = {"X-Skill-Source": "bench", "X-Skill-Version": "0", "X-Skill-Platform": "terminal"}


def vm_kib(pid: int, field: str) -> int:
    """``VmRSS``/``VmHWM`` of a process, in KiB."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def start_server(data_dir: str) -> tuple[subprocess.Popen[str], str]:
    """The server in a subprocess; returns it and its base URL."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "photogen.server", "--port", "0", "--data-dir", data_dir],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        raise RuntimeError(f"server did not start: {line!r}")
    return proc, line.rsplit(" ", 1)[1].strip()


def multipart(total: int, boundary: str = "benchBOUNDARY") -> Iterator[bytes]:
    """One ``files`` part of ``total`` bytes (a PNG signature, then zeros), 1 MiB at a time."""
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.png"\r\n\r\n'
    ).encode()
    head = b"\x89PNG\r\n\x1a\n"
    yield head
    left, chunk = total - len(head), b"\0" * (1 << 20)
    while left > 0:
        yield chunk[: min(left, len(chunk))]
        left -= min(left, len(chunk))
    yield f"\r\n--{boundary}--\r\n".encode()


def upload(url: str, total: int) -> tuple[dict, float]:
    """Token, session, one streamed upload; the response body and the seconds it took."""
    with httpx.Client(base_url=url, headers=HEADERS, timeout=120) as http:
        token = http.post(
            "/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}
        ).json()["data"]["token"]
        auth = {"Authorization": f"Bearer {token}"}
        sid = http.post("/api/tasks/me/with-session/nemo_agent", headers=auth, json={}).json()[
            "data"
        ]["session_id"]
        ctype = {"Content-Type": "multipart/form-data; boundary=benchBOUNDARY"}
        started = time.perf_counter()
        r = http.post(
            f"/api/upload-video/nemo_agent/me/{sid}",
            content=multipart(total),
            headers={**auth, **ctype},
        )
        return r.json(), time.perf_counter() - started


def measure(total: int) -> dict[str, float]:
    """Upload ``total`` bytes once after a warm-up; memory figures in MiB."""
    with tempfile.TemporaryDirectory() as data_dir:
        proc, url = start_server(data_dir)
        try:
            upload(url, 1 << 20)  # warm-up: imports, first SQLite writes
            base = vm_kib(proc.pid, "VmHWM")
            client_base = vm_kib(os.getpid(), "VmHWM")
            body, seconds = upload(url, total)
            return {
                "code": body["code"],
                "server_peak_growth_mib": (vm_kib(proc.pid, "VmHWM") - base) / 1024,
                "client_peak_growth_mib": (vm_kib(os.getpid(), "VmHWM") - client_base) / 1024,
                "seconds": seconds,
                "mib_per_s": total / (1 << 20) / seconds,
            }
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            if proc.stdout is not None:
                proc.stdout.close()


async def _client_upload(url: str, path: str, config_dir: str) -> int:
    from pathlib import Path

    from photogen.client.api import NemoClient
    from photogen.client.settings import ClientSettings

    settings = ClientSettings(base_url=url, config_dir=Path(config_dir), request_timeout_s=120)
    async with NemoClient(settings) as client:
        await client.ensure_token()
        session = await client.create_session()
        result = await client.upload_files(session.session_id, [Path(path)])
        return len(result.files)


def measure_client(total: int) -> dict[str, float]:
    """A ``total``-byte PNG-signed file uploaded with NemoClient; peak growth of both sides."""
    import asyncio

    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "big.png")
        with open(path, "wb") as fh:
            fh.write(b"\x89PNG\r\n\x1a\n")
            fh.truncate(total)
        proc, url = start_server(os.path.join(work, "server"))
        try:
            asyncio.run(_client_upload(url, path, work))  # warm-up: imports, first writes
            base, client_base = vm_kib(proc.pid, "VmHWM"), vm_kib(os.getpid(), "VmHWM")
            started = time.perf_counter()
            files = asyncio.run(_client_upload(url, path, work))
            seconds = time.perf_counter() - started
            return {
                "files": files,
                "server_peak_growth_mib": (vm_kib(proc.pid, "VmHWM") - base) / 1024,
                "client_peak_growth_mib": (vm_kib(os.getpid(), "VmHWM") - client_base) / 1024,
                "seconds": seconds,
            }
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            if proc.stdout is not None:
                proc.stdout.close()


def main() -> None:
    """Print the figures for an accepted and a refused (over the limit) upload."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--mb", type=int, default=200, help="size of the accepted upload, in MiB")
    args = p.parse_args()
    accepted = (args.mb << 20) - 4096  # just under the 200 MiB limit (multipart adds a little)
    for label, size in (("accepted", accepted), ("refused ", (args.mb << 20) + (10 << 20))):
        m = measure(size)
        print(
            f"{label} {size / (1 << 20):7.1f} MiB -> code {m['code']}: server peak +"
            f"{m['server_peak_growth_mib']:.1f} MiB, client peak +"
            f"{m['client_peak_growth_mib']:.1f} MiB, {m['seconds']:.2f} s "
            f"({m['mib_per_s']:.0f} MiB/s)"
        )
    c = measure_client(accepted)
    print(
        f"NemoClient.upload_files {accepted / (1 << 20):7.1f} MiB file -> {c['files']} file: "
        f"server peak +{c['server_peak_growth_mib']:.1f} MiB, client peak +"
        f"{c['client_peak_growth_mib']:.1f} MiB, {c['seconds']:.2f} s (second upload, after a "
        "warm-up upload of the same file)"
    )


if __name__ == "__main__":
    main()
