"""Throughput of the SSE parser and the classifier on a synthetic 100k-event stream.

Run: ``.venv/bin/python bench/bench_sse.py [events] [chunk_bytes]``. Prints events/second
for the parser alone and for parser + classifier (best of 3 runs).
"""

from __future__ import annotations

import json
import sys
import time

from photogen.client.sse import SSEParser
from photogen.client.stream import classify

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


def run(text: str, chunk: int, with_classify: bool) -> tuple[float, int]:
    parser = SSEParser()
    start = time.perf_counter()
    payloads = items = 0
    for offset in range(0, len(text), chunk):
        for payload in parser.feed(text[offset : offset + chunk]):
            payloads += 1
            if with_classify:
                items += len(classify(payload))
    payloads += len(parser.close())
    return time.perf_counter() - start, payloads


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    chunk = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
    text = build(events)
    print(f"stream: {events} events, {len(text) / 2**20:.1f} MiB, {chunk}-char chunks")
    for label, flag in (("parser", False), ("parser+classify", True)):
        best = min(run(text, chunk, flag)[0] for _ in range(3))
        print(f"{label:>16}: {events / best:>12,.0f} events/s  ({best:.3f} s)")


if __name__ == "__main__":
    main()
