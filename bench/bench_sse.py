"""Throughput of the client's SSE framing (httpx-sse) and classifier on a 100k-event stream.

Run: ``.venv/bin/python bench/bench_sse.py [events] [chunk_bytes]``. Prints events/second
for the framing alone (:func:`photogen.client.turn.sse_payloads` reading an httpx
response body that arrives in ``chunk_bytes`` pieces) and for framing + classifier
(best of 3 runs).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator

import httpx

from photogen.client.stream import classify
from photogen.client.turn import sse_payloads

ACTIONS = {"stateDelta": {}, "artifactDelta": {}, "requestedAuthConfigs": {}}


def _event(i: int) -> str:
    """One payload of a realistic mix: partial and full text, tool calls, results, heartbeats."""
    kind = i % 8
    base = {
        "invocationId": "e-6b1f0c2e-6a7d-4d47-9d0e-2f1c8a3b9e11",
        "author": "nemo_agent",
        "actions": ACTIONS,
        "id": f"Xq3L{i:04d}",
        "timestamp": 1773423600.5 + i,
    }
    if kind in (0, 1, 2):
        return json.dumps(
            {
                **base,
                "partial": True,
                "content": {
                    "role": "model",
                    "parts": [{"text": f"chunk {i} of a streamed reply, "}],
                },
            }
        )
    if kind == 3:
        return json.dumps(
            {
                **base,
                "content": {
                    "role": "model",
                    "parts": [{"text": "Got it — generating a photo of a red mug on white. " * 3}],
                },
            }
        )
    if kind == 4:
        return json.dumps(
            {
                **base,
                "content": {
                    "role": "model",
                    "parts": [
                        {
                            "functionCall": {
                                "id": f"adk-{i}",
                                "name": "generate_image",
                                "args": {
                                    "prompt": "red mug, white background",
                                    "aspect_ratio": "1:1",
                                },
                            }
                        }
                    ],
                },
            }
        )
    if kind == 5:
        return json.dumps(
            {
                **base,
                "actions": {**ACTIONS, "stateDelta": {"draft_version": i}},
                "content": {
                    "role": "user",
                    "parts": [
                        {
                            "functionResponse": {
                                "id": f"adk-{i - 1}",
                                "name": "generate_image",
                                "response": {"status": "success", "url": f"/media/{i}.png"},
                            }
                        }
                    ],
                },
            }
        )
    return '{"type":"heartbeat"}'


def build(events: int) -> str:
    return "".join(f"data: {_event(i)}\n\n" for i in range(events))


class _Body(httpx.AsyncByteStream):
    def __init__(self, data: bytes, chunk: int) -> None:
        self.data, self.chunk = data, chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for offset in range(0, len(self.data), self.chunk):
            yield self.data[offset : offset + self.chunk]


async def _read(data: bytes, chunk: int, with_classify: bool) -> int:
    headers = {"content-type": "text/event-stream; charset=utf-8"}
    response = httpx.Response(200, headers=headers, stream=_Body(data, chunk))
    payloads = items = 0
    async for payload in sse_payloads(response):
        payloads += 1
        if with_classify:
            items += len(classify(payload))
    return payloads


def run(text: str, chunk: int, with_classify: bool) -> tuple[float, int]:
    data = text.encode()
    start = time.perf_counter()
    payloads = asyncio.run(_read(data, chunk, with_classify))
    return time.perf_counter() - start, payloads


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    chunk = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
    text = build(events)
    print(f"stream: {events} events, {len(text) / 2**20:.1f} MiB, {chunk}-char chunks")
    for label, flag in (("framing", False), ("framing+classify", True)):
        best = min(run(text, chunk, flag)[0] for _ in range(3))
        print(f"{label:>16}: {events / best:>12,.0f} events/s  ({best:.3f} s)")


if __name__ == "__main__":
    main()
