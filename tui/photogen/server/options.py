"""The server's command-line switches, shared by ``python -m photogen.server`` and
``photogen-tui serve``.

Standard library only, so building the ``photogen-tui`` parser loads neither pydantic
nor the server. Every switch leaves its value out when not given
(``argparse.SUPPRESS``): the defaults live in one place,
:class:`photogen.server.config.ServerConfig`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

SHAPES_HELP = "other answer shapes the real service is known to use, for testing clients"


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0-65535 (0 picks a free one)."""
    port = _integer(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port (0-65535)")
    return port


def count(text: str) -> int:
    """An argparse type: a whole number, 0 or more."""
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def positive_count(text: str) -> int:
    """An argparse type: a whole number, 1 or more."""
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return value


def seconds(text: str) -> float:
    """An argparse type: a finite number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} is not a number") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not 0 or more")
    return value


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} is not a whole number") from None


def candidate_count(text: str) -> int:
    """A grid size, 1 to 9."""
    value = positive_count(text)
    if value > 9:
        raise argparse.ArgumentTypeError("at most 9 candidates")
    return value


def add_server_options(parser: argparse.ArgumentParser, *, testing: bool) -> None:
    """Add the server's switches to ``parser``.

    Args:
        parser: The parser (or subparser) to extend.
        testing: Also add the switches that make the server misbehave on purpose or
            wait less, for tests of clients (``python -m photogen.server`` has them;
            ``photogen-tui serve`` does not).
    """
    _switch(parser, "--host", help="address to listen on (default: 127.0.0.1)")
    _switch(
        parser,
        "--port",
        type=port_number,
        metavar="N",
        help="port to listen on (default: 8765); 0: any free",
    )
    _switch(
        parser,
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where tokens, sessions and media are kept (default: the user data folder)",
    )
    _switch(
        parser,
        "--model-dir",
        metavar="DIR",
        help="a local diffusers model folder for text to photo (PHOTOGEN_MODEL wins)",
    )
    _switch(parser, "--models-dir", metavar="DIR", help="where `models pull` installed models")
    _switch(
        parser,
        "--device",
        choices=("auto", "cuda", "mps", "cpu"),
        help="where AI models run (default: auto: CUDA, MPS, else CPU)",
    )
    _switch(
        parser,
        "--candidates",
        type=candidate_count,
        metavar="N",
        help="candidates a photo prompt makes when it names no number, 1-9 (default: 1)",
    )
    credits = parser.add_argument_group("credits (the defaults are the cloud's)")
    _switch(
        credits,
        "--credits-per-image",
        type=count,
        metavar="N",
        help="cost of a photo (default: 10)",
    )
    _switch(
        credits,
        "--credits-per-edit",
        type=count,
        metavar="N",
        help="cost of a timeline edit (default: 2)",
    )
    _switch(
        credits,
        "--anonymous-credits",
        type=count,
        metavar="N",
        help="a new token's credits (default: 100)",
    )
    _switch(
        credits,
        "--tokens-per-ip",
        type=positive_count,
        metavar="N",
        help="new anonymous tokens one address may get per week (default: 10)",
    )
    shapes = parser.add_argument_group("protocol", SHAPES_HELP)
    _switch(shapes, "--http-errors", action="store_true", help="envelope errors as HTTP 4xx")
    _switch(
        shapes, "--render-shape", choices=("A", "B", "C"), help="render poll answers (default: B)"
    )
    _switch(shapes, "--sse-shape", choices=("adk", "simple"), help="stream events")
    _switch(
        shapes,
        "--heartbeat-s",
        type=seconds,
        metavar="S",
        help="heartbeat while a tool runs (default: 15)",
    )
    if testing:
        _add_testing_options(parser.add_argument_group("testing"))


def _add_testing_options(group: argparse._ArgumentGroup) -> None:
    _switch(group, "--time-scale", type=seconds, metavar="S", help="factor on every wait")
    _switch(
        group, "--tool-latency-s", type=seconds, metavar="S", help="extra time of every tool call"
    )
    _switch(group, "--render-latency-s", type=seconds, metavar="S", help="queue time of a render")
    _switch(group, "--parent-pid", type=int, metavar="PID", help="exit when this process is gone")
    _switch(
        group,
        "--drop-stream-after",
        type=positive_count,
        metavar="N",
        help="close streams after N events",
    )
    _switch(
        group,
        "--rate-limit-every",
        type=positive_count,
        metavar="N",
        help="HTTP 429 on every Nth call",
    )
    _switch(
        group,
        "--expire-tokens-after",
        type=positive_count,
        metavar="N",
        help="tokens die after N calls",
    )
    _switch(group, "--fail-render-once", action="store_true", help="the first render fails")
    _switch(group, "--debug-commands", action="store_true", help="accept '#fault ...' messages")


def _switch(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup, flag: str, **kwargs: object
) -> None:
    """One switch whose value is left out when it is not given."""
    parser.add_argument(flag, default=argparse.SUPPRESS, **kwargs)  # type: ignore[arg-type]
